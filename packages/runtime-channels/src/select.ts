import { clock } from "@weft/runtime-core";
import { CORE, type Channel } from "./Channel.js";
import { errors } from "./errors.js";
import type { Option } from "./Option.js";
import { macrotask, mustYield } from "./fairness.js";
import { Pending } from "./Pending.js";

/** A `((recv ch) (m) body)` clause: runs `body` with the message (`none` once closed and drained). */
export interface RecvClause<T, R> {
  readonly kind: "recv";
  readonly channel: Channel<T>;
  readonly body: (message: Option<T>) => R | PromiseLike<R>;
}

/** A `((send ch v) () body)` clause: runs `body` once `value` is sent. */
export interface SendClause<T, R> {
  readonly kind: "send";
  readonly channel: Channel<T>;
  readonly value: T;
  readonly body: () => R | PromiseLike<R>;
}

/** An `((after ms) () body)` clause: runs `body` when `ms` milliseconds pass with no other clause ready. */
export interface AfterClause<R> {
  readonly kind: "after";
  readonly ms: number;
  readonly body: () => R | PromiseLike<R>;
}

// `any` for the channel's element type: each clause is typed where it is built, and a select
// mixes channels of different types.
export type SelectClause<R> = RecvClause<any, R> | SendClause<any, R> | AfterClause<R>;

export interface SelectOptions<R> {
  /** `(default body)`: runs at once when no clause is ready. */
  readonly default?: () => R | PromiseLike<R>;
  /** Aborting it rejects a waiting select with `signal.reason`; nothing is sent or taken. */
  readonly signal?: AbortSignal;
  /** Chooses among ready clauses; `Math.random` unless a test needs it fixed. */
  readonly random?: () => number;
}

/** `((recv ch) (m) body)`. */
export function onRecv<T, R>(channel: Channel<T>, body: (message: Option<T>) => R | PromiseLike<R>): RecvClause<T, R> {
  return { kind: "recv", channel, body };
}

/** `((send ch v) () body)`. */
export function onSend<T, R>(channel: Channel<T>, value: T, body: () => R | PromiseLike<R>): SendClause<T, R> {
  return { kind: "send", channel, value, body };
}

/** `((after ms) () body)`. */
export function after<R>(ms: number, body: () => R | PromiseLike<R>): AfterClause<R> {
  return { kind: "after", ms, body };
}

type Fired = { readonly index: number; readonly message?: Option<unknown> };

/** What a clause's body gives, once awaited. */
export type ClauseResult<C> = C extends { readonly body: (...args: never[]) => infer X } ? Awaited<X> : never;

/**
 * `(select clauses...)`: waits until one clause can proceed, performs exactly that one and
 * returns its body's value. When several are ready it picks one uniformly at random, so none
 * starves (as Go does). With `options.default` it never waits: the default runs when nothing
 * is ready. A send clause on a closed channel is ready and rejects with "send on closed
 * channel", as `send` does.
 *
 * @example
 * await select([
 *   onRecv(commands, (m) => handle(m)),
 *   onSend(out, frame, () => "sent"),
 *   after(16, () => "tick"),
 * ], { default: () => "nothing ready" });
 */
export async function select<C extends readonly SelectClause<unknown>[], D = never>(
  clauses: C,
  options: SelectOptions<D> = {},
): Promise<ClauseResult<C[number]> | D> {
  options.signal?.throwIfAborted();
  if (mustYield()) {
    await macrotask();
    options.signal?.throwIfAborted();
  }
  const all = clauses as readonly SelectClause<unknown>[];
  const ready: number[] = [];
  all.forEach((clause, index) => {
    if (clause.kind === "recv" ? clause.channel[CORE].readyToRecv() : clause.kind === "send" && clause.channel[CORE].readyToSend())
      ready.push(index);
  });
  type Out = ClauseResult<C[number]> | D;
  // Across threads a clause seen ready can be taken by another thread before it runs: then
  // another ready clause is tried, and with none left the select waits.
  while (ready.length > 0) {
    const pick = Math.floor((options.random ?? Math.random)() * ready.length);
    const index = ready[pick] as number;
    const ran = runNow(all[index] as SelectClause<unknown>);
    if (ran !== MISSED) return ran as Out;
    ready.splice(pick, 1);
  }
  if (options.default !== undefined) return options.default();
  const fired = await park(all, options.signal);
  const clause = all[fired.index] as SelectClause<unknown>;
  return (clause.kind === "recv" ? clause.body(fired.message as Option<unknown>) : clause.body()) as Out;
}

const MISSED = Symbol("missed");

function runNow<R>(clause: SelectClause<R>): R | PromiseLike<R> | typeof MISSED {
  switch (clause.kind) {
    case "recv": {
      const message = clause.channel[CORE].poll();
      return message === undefined ? MISSED : clause.body(message as Option<unknown>);
    }
    case "send": {
      const offered = clause.channel[CORE].offer(clause.value);
      if (offered === "closed") throw errors.sendOnClosed();
      return offered === "full" ? MISSED : clause.body();
    }
    case "after":
      throw new Error("unreachable: an after clause is never ready at once");
  }
}

/** Parks one waiter per clause on a shared Pending: the first to fire wins, the rest are removed. */
function park<R>(clauses: readonly SelectClause<R>[], signal: AbortSignal | undefined): Promise<Fired> {
  const pending = new Pending<Fired>(signal, "select");
  clauses.forEach((clause, index) => {
    switch (clause.kind) {
      case "recv":
        clause.channel[CORE].parkReceiver(pending, { receive: (message) => pending.resolve({ index, message }) });
        break;
      case "send":
        clause.channel[CORE].parkSender(pending, {
          value: clause.value,
          sent: () => pending.resolve({ index }),
          closed: () => pending.reject(errors.sendOnClosed()),
        });
        break;
      case "after": {
        const time = clock();
        const timer = time.setTimer(clause.ms, () => pending.resolve({ index }));
        pending.onSettle(() => time.clearTimer(timer));
        break;
      }
    }
  });
  return pending.promise;
}
