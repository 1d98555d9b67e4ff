import { trace, traceNow, traceSpan } from "@weft/runtime-core";
import type { Option } from "./Option.js";

/**
 * The running task's cancellation as compiled code passes it (runtime-tasks' `Frame`, matched by
 * shape): a flag read on every channel operation, and a wake-up registered only while an
 * operation is parked. Cheaper than the task's `AbortSignal`, whose `throwIfAborted` and
 * `addEventListener` cost more than the operation itself when a value is ready.
 */
export interface TaskCancellation {
  readonly cancelled: boolean;
  /** What the task was cancelled with (what its signal's `reason` is). */
  readonly reason: unknown;
  /** Registers `waker`, called with the reason if the task is cancelled while it waits. */
  suspend(waker: (reason: unknown) => void): void;
  /** Unregisters it (the wait ended by itself). */
  resume(waker: (reason: unknown) => void): void;
}

/** What a channel needs from a parked operation: to hear when it settles. */
export interface Settles {
  /** Whether it has settled already (a waiter parked on a settled operation is never woken). */
  readonly settled: boolean;
  onSettle(cleanup: () => void): void;
  /**
   * Runs `claim` before settling, however it settles; if it returns `false` the settle is
   * refused (the operation was completed by a partner on another thread, whose result arrives
   * shortly). A shared-memory core claims the operation's token this way.
   */
  guard(claim: () => boolean): void;
}

/**
 * One blocked operation: a plain `send`/`recv`, or a whole `select` whose clauses all park on
 * the same Pending. It settles once: the first partner, timer or abort to reach it wins, and
 * settling runs every cleanup (removing the operation's waiters from every channel queue,
 * clearing timers), so no other partner can ever see it again. That, on one event loop, is
 * what keeps a cancelled waiter from losing or duplicating a value.
 */
export class Pending<R> implements Settles {
  readonly promise: Promise<R>;
  #settled = false;
  // Allocated on first use: most operations park once, on one channel, with no guard.
  #cleanups: (() => void)[] | null = null;
  #guards: (() => boolean)[] | null = null;
  #resolve!: (result: R) => void;
  #reject!: (error: unknown) => void;

  /**
   * `what` names the wait in a trace (`--trace`): "send", "recv" or "select". Cancelling the
   * task `task` (as aborting `signal`) rejects the operation with its reason.
   */
  constructor(signal?: AbortSignal, what?: string, task?: TaskCancellation) {
    if (trace.on && what !== undefined) traceWait(this, what);
    this.promise = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (signal !== undefined) {
      const onAbort = () => this.reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      this.onSettle(() => signal.removeEventListener("abort", onAbort));
    }
    if (task !== undefined) {
      const onCancel = (reason: unknown) => this.reject(reason);
      task.suspend(onCancel);
      this.onSettle(() => task.resume(onCancel));
    }
  }

  get settled(): boolean {
    return this.#settled;
  }

  guard(claim: () => boolean): void {
    (this.#guards ??= []).push(claim);
  }

  /** Runs `cleanup` when this settles, however it settles. */
  onSettle(cleanup: () => void): void {
    (this.#cleanups ??= []).push(cleanup);
  }

  resolve(result: R): boolean {
    if (!this.#settle()) return false;
    this.#resolve(result);
    return true;
  }

  reject(error: unknown): boolean {
    if (!this.#settle()) return false;
    this.#reject(error);
    return true;
  }

  #settle(): boolean {
    if (this.#settled) return false;
    const guards = this.#guards;
    if (guards !== null) for (const claim of guards) if (!claim()) return false;
    this.#settled = true;
    const cleanups = this.#cleanups;
    this.#cleanups = null;
    if (cleanups !== null) for (const cleanup of cleanups) cleanup();
    return true;
  }
}

/** A receiver parked on a channel: `receive` settles its Pending with the message. */
export interface RecvWaiter<T> {
  /** `false` if its operation refused the message (it settled otherwise): offer it to the next one. */
  receive(message: { readonly some: true; readonly value: T } | { readonly some: false }): boolean;
}

/** A sender parked on a channel with its value: `sent` or `closed` settles its Pending. */
export interface SendWaiter<T> {
  readonly value: T;
  /** `false` if its operation refused (it settled otherwise): the value was not taken. */
  sent(): boolean;
  closed(): void;
}

// A blocked operation as a slice of the waiting task's track, from parking to settling.
function traceWait(pending: Settles, what: string): void {
  const start = traceNow();
  const track = trace.track();
  pending.onSettle(() => traceSpan(what, start, undefined, track));
}

/**
 * A parked `send`: the operation and its waiter in one object (no closures per park), since a
 * sender that outruns its receiver parks once per message.
 */
export class SendOp<T> extends Pending<void> implements SendWaiter<T> {
  constructor(
    readonly value: T,
    signal: AbortSignal | undefined,
    readonly closedError: () => unknown,
    task?: TaskCancellation,
  ) {
    super(signal, "send", task);
  }

  sent(): boolean {
    return this.resolve(undefined);
  }

  closed(): void {
    this.reject(this.closedError());
  }
}

/** A parked `recv`: the operation and its waiter in one object. */
export class RecvOp<T> extends Pending<Option<T>> implements RecvWaiter<T> {
  constructor(signal: AbortSignal | undefined) {
    super(signal, "recv");
  }

  receive(message: Option<T>): boolean {
    return this.resolve(message);
  }
}

/**
 * A parked `recvNow`/`recvIn`: settles with the value itself, or `closed` once the channel is
 * closed and drained, so the caller awaits one promise (no Option, no `then` after it).
 */
export class TakeOp<T, C> extends Pending<T | C> implements RecvWaiter<T> {
  constructor(
    signal: AbortSignal | undefined,
    task: TaskCancellation | undefined,
    readonly closedValue: C,
  ) {
    super(signal, "recv", task);
  }

  receive(message: Option<T>): boolean {
    return this.resolve(message.some ? message.value : this.closedValue);
  }
}
