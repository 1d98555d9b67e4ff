import { trace } from "@weft/runtime-core";
import { toCancelled } from "./Cancelled.js";
import { current, Frame, setCurrent, type Waker } from "./Frame.js";
import type { Scope } from "./Scope.js";
import { abortable } from "./suspension.js";
import { traceSpawn, traceTaskEnd } from "./tracing.js";

/** @internal A task's `arg` that stands for its own signal, made when it starts. */
export const GIVE_SIGNAL: unique symbol = Symbol("the task's signal");

/** @internal What {@link Task.valueNow} says of a task without a value yet. */
const NOT_YET: unique symbol = Symbol("not yet");

/** How a task ended. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

const RUNNING = 0;
const OK = 1;
const FAILED = 2;

// One waiter of a join: who waits (to be woken if it is cancelled) and how to answer it.
interface Joiner {
  readonly frame: Frame | undefined;
  readonly waker: Waker | undefined;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Weft's `(Task a)`: the handle `spawn` returns. `await task.join(signal)` (or
 * `await task.result`) gives its value or raises its error. A handle may outlive its scope; by
 * then the task has finished and awaiting it settles at once.
 *
 * A task is its own small record: the function's promise, how it ended, and the frame fields
 * cancellation needs. Its joiners are kept in a list and answered when it ends (no listener, no
 * extra promise per task).
 *
 * Deliberately not a thenable: a handle is a value that async code returns, stores and passes
 * around (`(with-tasks (spawn x))` returns the handle), and JavaScript would silently await a
 * thenable returned from an async function.
 */
export class Task<T> extends Frame {
  // Assigned once in the constructor, as Frame's fields are (see there).
  private declare state: number;
  private declare value: unknown;
  private declare joiners: Joiner | Joiner[] | undefined;
  // A task is made per spawn, so each field does two jobs. Until the task starts: its function,
  // and in `value` what it is called with ({@link GIVE_SIGNAL}: the task's signal). Once
  // started: the promise the function returned, if it did (a join of the finished task returns
  // it as is), and in `value` the outcome.
  private declare fn: ((arg: unknown) => unknown) | Promise<unknown> | undefined;
  /** @internal The scope the task runs in (its list of children). */
  declare readonly scope: Scope;
  /** @internal Neighbours in the scope's list of running children. */
  declare prev: Task<unknown> | undefined;
  /** @internal */
  declare next: Task<unknown> | undefined;
  /** @internal Where the task was spawned (compiled code passes the Weft location). */
  declare readonly at: string | undefined;

  /** @internal Tasks are made by `Scope.spawn`. */
  constructor(scope: Scope, fn: (arg: never) => unknown, arg: unknown, spawnScope: Scope | undefined, at?: string) {
    super(spawnScope);
    this.state = RUNNING;
    this.value = arg;
    this.joiners = undefined;
    this.fn = fn as (arg: unknown) => unknown;
    this.scope = scope;
    this.prev = undefined;
    this.next = undefined;
    this.at = at;
    if (trace.on) traceSpawn(this, scope, at);
    if (scope.cancelled) this.cancel(scope.reason);
  }

  /** Whether the task has finished (with a value or an error). */
  get done(): boolean {
    return this.state !== RUNNING;
  }

  /** @internal How the task ended (only once `done`). */
  get outcome(): Outcome<T> {
    return this.state === OK ? { ok: true, value: this.value as T } : { ok: false, error: this.value };
  }

  /**
   * `(await t)`: the task's value, or its error. A suspension point of the awaiting task:
   * it rejects with `Cancelled` when `signal` (the awaiter's own) aborts first.
   */
  join(signal?: AbortSignal): Promise<T> {
    if (signal === undefined) return this.waitFor(undefined) as Promise<T>;
    return abortable(this.waitFor(undefined) as Promise<T>, signal);
  }

  /** The task's value or error as a promise (`join()` with no signal). */
  get result(): Promise<T> {
    return this.join();
  }

  /** @internal The value of a task that has finished with one, else `NOT_YET`. */
  valueNow(): unknown {
    return this.state === OK ? this.value : NOT_YET;
  }

  /**
   * @internal `(await t)` from compiled code: a suspension point of `frame`, woken through the
   * frame (no listener) if it is cancelled first. A task already finished answers without waiting.
   */
  joinFrom(frame: Frame | undefined): T | Promise<T> {
    if (frame?.cancelled) throw toCancelled(frame.reason);
    if (this.state === OK) return this.value as T;
    if (this.state === FAILED) throw this.value;
    return this.waitFor(frame) as Promise<T>;
  }

  private waitFor(frame: Frame | undefined): Promise<unknown> {
    // The function's own promise, when there is one, already holds the value or the error (and
    // a reaction, so returning a rejected one raises no unhandled rejection).
    if (this.state === OK) return (this.fn as Promise<unknown> | undefined) ?? Promise.resolve(this.value);
    if (this.state === FAILED) return (this.fn as Promise<unknown> | undefined) ?? Promise.reject(this.value);
    return new Promise((resolve, reject) => {
      let waker: Waker | undefined;
      if (frame !== undefined) {
        waker = (reason) => {
          this.dropJoiner(joiner);
          reject(toCancelled(reason));
        };
        frame.suspend(waker);
      }
      const joiner: Joiner = { frame, waker, resolve, reject };
      const js = this.joiners;
      if (js === undefined) this.joiners = joiner;
      else if (Array.isArray(js)) js.push(joiner);
      else this.joiners = [js, joiner];
    });
  }

  /** @internal The frames waiting in a join of this task. */
  joinedBy(): Frame[] {
    const js = this.joiners;
    const all = js === undefined ? [] : Array.isArray(js) ? js : [js];
    return all.flatMap((j) => (j.frame !== undefined ? [j.frame] : []));
  }

  private dropJoiner(joiner: Joiner): void {
    const js = this.joiners;
    if (js === joiner) this.joiners = undefined;
    else if (Array.isArray(js)) js.splice(js.indexOf(joiner), 1);
  }

  /** @internal Runs the task's function (on a microtask after `spawn`). */
  start(): void {
    const fn = this.fn as (arg: unknown) => unknown;
    const arg = this.value;
    this.fn = this.value = undefined;
    const prev = current;
    setCurrent(this);
    let r: unknown;
    try {
      r = fn(arg === GIVE_SIGNAL ? this.signal : arg);
    } catch (error) {
      setCurrent(prev);
      this.end(FAILED, error);
      return;
    }
    setCurrent(prev);
    if (r instanceof Promise) {
      this.fn = r;
      r.then(settleOk.bind(this), settleFailed.bind(this));
    } else if (r !== null && typeof (r as PromiseLike<unknown> | undefined)?.then === "function") void settleWhen(this, r as PromiseLike<unknown>);
    else this.end(OK, r);
  }

  /** @internal */
  settle(failed: boolean, value: unknown): void {
    this.end(failed ? FAILED : OK, value);
  }

  private end(state: number, value: unknown): void {
    this.state = state;
    this.value = value;
    if (trace.on) traceTaskEnd(this, state === FAILED);
    // Its last continuation left it current; code entered from outside (not from a suspending
    // function, which sets its own frame) must not run as a finished task.
    if (current === this) setCurrent(undefined);
    // Done before the scope hears of the end, so a handle is `done` once its scope has finished.
    this.scope.childEnded(this, state === FAILED, value);
    const js = this.joiners;
    if (js === undefined) return;
    this.joiners = undefined;
    if (Array.isArray(js)) for (const j of js) this.answer(j);
    else this.answer(js);
  }

  private answer(j: Joiner): void {
    if (j.waker !== undefined) j.frame!.resume(j.waker);
    if (this.state === OK) j.resolve(this.value);
    else j.reject(this.value);
  }
}

// A task's promise settles it through two bound functions: about half the cost of an async
// function awaiting it (its promise, its suspended frame and the await), which is kept for
// thenables that are not native promises (`await` adopts them safely).
function settleOk(this: Task<unknown>, value: unknown): void {
  this.settle(false, value);
}

function settleFailed(this: Task<unknown>, error: unknown): void {
  this.settle(true, error);
}

async function settleWhen(task: Task<unknown>, r: PromiseLike<unknown>): Promise<void> {
  let value: unknown;
  try {
    value = await r;
  } catch (error) {
    task.settle(true, error);
    return;
  }
  task.settle(false, value);
}

/**
 * The values of `tasks`, in order: what `Promise.all(tasks.map((t) => t.join(signal)))` gives,
 * at the cost of one promise for the lot. Tasks are joined in order, as awaiting each in turn
 * would: a finished task's value is read as is, and only a task still running is waited for
 * (`join(signal)`, a suspension point of the caller); the first failed task met raises its
 * error.
 *
 * @example const [level, audio] = await joinAll([scope.spawn(loadLevel), scope.spawn(loadAudio)], scope.signal);
 */
export async function joinAll<T>(tasks: readonly Task<T>[], signal?: AbortSignal): Promise<T[]> {
  const values = new Array<T>(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i]!;
    const v = t.valueNow();
    values[i] = v !== NOT_YET ? (v as T) : await t.join(signal);
  }
  return values;
}
