import { trace } from "@weft/runtime-core";
import { Cancelled, isCancelled, toCancelled } from "./Cancelled.js";
import { current, Frame, setCurrent } from "./Frame.js";
import { watchForDeadlock } from "./deadlock.js";
import { errors } from "./errors.js";
import { GIVE_SIGNAL, Task } from "./Task.js";
import { traceScopeClose, traceScopeOpen } from "./tracing.js";

/** The function a task runs: it receives its own cancellation signal. */
export type TaskFn<T> = (signal: AbortSignal) => T | PromiseLike<T>;

// Tasks spawned but not started yet: one microtask starts them all, in spawn order, rather
// than one promise per task.
let toStart: Task<unknown>[] = [];
function startAll(): void {
  const batch = toStart;
  toStart = [];
  for (let i = 0; i < batch.length; i++) batch[i]!.start();
}

// Scopes opened outside every frame (main's `with-tasks`, library callers): where the deadlock
// report starts its walk.
const roots = new Set<Scope>();

/**
 * A `with-tasks` scope: the nursery its body spawns into, and the frame its body runs in. Made
 * by {@link withTasks}; the body receives it.
 */
export class Scope extends Frame {
  readonly #parent: Frame | undefined;
  #unlinkSignal: (() => void) | undefined;
  // Running children, newest first, linked through the tasks themselves.
  #head: Task<unknown> | undefined;
  #running = 0;
  #failure: { readonly error: unknown; readonly suppressed: unknown[] } | undefined;
  #open = true;
  #onIdle: (() => void) | undefined;
  /** @internal The `with-tasks` location (compiled code sets it): what the deadlock report names the body by. */
  at: string | undefined = undefined;
  /** @internal Whether the body has returned (or thrown): the scope then only waits for its children. */
  bodyEnded = false;

  /** @internal The frame the scope was opened in (a runtime error's task chain walks it). */
  get parent(): Frame | undefined {
    return this.#parent;
  }

  /** @internal Scopes are made by `withTasks`. `parent` is the frame the scope is opened in. */
  constructor(parent: Frame | undefined, signal?: AbortSignal) {
    super();
    this.spawnScope = this;
    this.#parent = parent;
    if (trace.on) traceScopeOpen(this, parent);
    if (parent !== undefined) {
      parent.adopt(this);
      if (parent.cancelled) this.cancel(toCancelled(parent.reason));
    } else {
      roots.add(this);
      watchForDeadlock(rootScopes);
    }
    if (signal !== undefined) {
      if (signal.aborted) this.cancel(toCancelled(signal.reason));
      else {
        const onAbort = (): void => this.cancel(toCancelled(signal.reason));
        signal.addEventListener("abort", onAbort, { once: true });
        this.#unlinkSignal = () => signal.removeEventListener("abort", onAbort);
      }
    }
  }

  /** How many spawned tasks have not finished yet. */
  get running(): number {
    return this.#running;
  }

  /**
   * `(spawn e)`: starts `fn` as a green task on this event loop (on a later microtask, never
   * inside this call) and returns its handle. `fn` gets the task's own signal, aborted when the
   * task is cancelled; a function that declares no parameter gets none, and none is made.
   *
   * @example const assets = scope.spawn((signal) => loadAssets(path, signal));
   */
  spawn<T>(fn: TaskFn<T>): Task<T> {
    return this.spawnTask(fn as (signal: AbortSignal | undefined) => T, fn.length > 0 ? GIVE_SIGNAL : undefined, this);
  }

  /**
   * @internal `spawn` with its options: what `fn` is called with (`GIVE_SIGNAL`: the task's
   * signal), the scope `spawn` inside joins, where it was spawned.
   */
  spawnTask<T, A>(fn: (arg: A) => unknown, arg: A | typeof GIVE_SIGNAL, spawnScope: Scope | undefined, at?: string): Task<T> {
    if (!this.#open) throw errors.spawnOnClosedScope();
    const task = new Task<T>(this, fn, arg, spawnScope, at);
    const head = this.#head;
    if (head !== undefined) head.prev = task;
    task.next = head;
    this.#head = task;
    this.#running++;
    // Two hops: a body that fails right after spawning (an async body that throws before its
    // first await) is heard before its children run, so its error is the scope's first.
    if (toStart.length === 0) queueMicrotask(() => queueMicrotask(startAll));
    toStart.push(task);
    return task;
  }

  /**
   * `(cancel-tasks)`: cancels every child still running (not the body). Children that end in
   * `Cancelled` because of it do not make the scope fail; tasks spawned afterwards run
   * normally. `except` is the child that must keep running (the one calling it), or its signal.
   */
  cancelRemaining(except?: AbortSignal | Frame): void {
    this.#cancelChildren(new Cancelled("task cancelled by cancel-tasks"), except);
  }

  /** Cancels the body, every nested scope and every child. */
  override cancel(reason: unknown): void {
    if (this.cancelled) return;
    super.cancel(reason);
    this.#cancelChildren(reason, undefined);
  }

  #cancelChildren(reason: unknown, except: AbortSignal | Frame | undefined): void {
    const children: Task<unknown>[] = [];
    for (let t = this.#head; t !== undefined; t = t.next) {
      if (t !== except && !(except instanceof AbortSignal && t.owns(except))) children.push(t);
    }
    for (const t of children) t.cancel(reason);
  }

  /** @internal Children still running, for the deadlock report. */
  children(): Task<unknown>[] {
    const all: Task<unknown>[] = [];
    for (let t = this.#head; t !== undefined; t = t.next) all.push(t);
    return all;
  }

  /** @internal A child finished. */
  childEnded(task: Task<unknown>, failed: boolean, error: unknown): void {
    if (task.prev !== undefined) task.prev.next = task.next;
    else this.#head = task.next;
    if (task.next !== undefined) task.next.prev = task.prev;
    task.prev = task.next = undefined;
    this.#running--;
    if (failed && !endedByCancellation(error, task)) this.#fail(error);
    if (this.#running === 0 && this.#onIdle !== undefined) {
      const wake = this.#onIdle;
      this.#onIdle = undefined;
      wake();
    }
  }

  /** @internal The body raised `error`. */
  bodyFailed(error: unknown): void {
    if (!endedByCancellation(error, this)) this.#fail(error);
  }

  /** @internal Resolves once every child has finished, including ones spawned meanwhile. */
  async joinChildren(): Promise<void> {
    while (this.#running > 0) {
      await new Promise<void>((resolve) => (this.#onIdle = resolve));
    }
  }

  /** @internal Closes the scope to new spawns; returns what withTasks must raise, if anything. */
  close(): { readonly error: unknown } | undefined {
    this.#open = false;
    if (trace.on) traceScopeClose(this);
    this.#unlinkSignal?.();
    if (this.#parent !== undefined) this.#parent.release(this);
    else roots.delete(this);
    const failure = this.#failure;
    if (failure !== undefined) {
      attachSuppressed(failure.error, failure.suppressed);
      return { error: failure.error };
    }
    // The scope never failed itself, so a cancellation came from outside.
    if (this.cancelled) return { error: this.reason };
    return undefined;
  }

  /** @internal Fails the scope with `error` (the deadlock report does, for a root scope). */
  fail(error: unknown): void {
    this.#fail(error);
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) {
      this.#failure.suppressed.push(error);
      return;
    }
    this.#failure = { error, suppressed: [] };
    this.cancel(new Cancelled("task cancelled: a sibling failed", { cause: error }));
  }
}

/** @internal The scopes opened outside every task, still open. */
export function rootScopes(): Iterable<Scope> {
  return roots;
}

/**
 * `(with-tasks body...)`: runs `body` with a new scope and returns its value once every task
 * spawned in the scope has finished. The first error of the body or of any child cancels the
 * body and every other child; `withTasks` waits for them all, then raises that first error,
 * with later errors on its `suppressed` array. Pass the enclosing task's signal as `signal`
 * so that cancelling that task cancels this scope; waiting for the children is itself a
 * suspension point, so a cancelled scope raises `Cancelled` once they have stopped.
 *
 * @example
 * const [level, audio] = await withTasks(async (scope) => {
 *   const a = scope.spawn((signal) => load("level", signal));
 *   const b = scope.spawn((signal) => load("audio", signal));
 *   return [await a.result, await b.result];
 * });
 */
export function withTasks<T>(body: (scope: Scope) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
  return runScope(new Scope(undefined, signal), body);
}

/** @internal Runs `body` as the body of `scope` (the current frame while it runs synchronously). */
export async function runScope<T>(scope: Scope, body: (scope: Scope) => T | PromiseLike<T>): Promise<T> {
  let value: T | undefined;
  const prev = current;
  setCurrent(scope);
  let r: T | PromiseLike<T> | undefined;
  let threw = false;
  try {
    r = body(scope);
  } catch (error) {
    threw = true;
    scope.bodyFailed(error);
  }
  setCurrent(prev);
  if (!threw) {
    try {
      value = await r;
    } catch (error) {
      scope.bodyFailed(error);
    }
  }
  scope.bodyEnded = true;
  if (scope.running > 0) await scope.joinChildren();
  if (current === scope) setCurrent(undefined);
  const raise = scope.close();
  if (raise !== undefined) throw raise.error;
  return value as T;
}

/**
 * Whether a task (or body) that raised `error` simply stopped because `frame` was cancelled:
 * a Cancelled, the abort reason itself (what channels and `fetch` reject with), or Node's
 * `AbortError` wrapping that reason (what `node:timers/promises` and `events.once` reject with).
 */
function endedByCancellation(error: unknown, frame: Frame): boolean {
  if (!frame.cancelled) return false;
  if (isCancelled(error) || error === frame.reason) return true;
  return error instanceof Error && error.name === "AbortError" && error.cause === frame.reason;
}

function attachSuppressed(error: unknown, suppressed: unknown[]): void {
  if (suppressed.length === 0) return;
  if ((typeof error !== "object" && typeof error !== "function") || error === null) return;
  const target = error as { suppressed?: unknown };
  if (Array.isArray(target.suppressed)) target.suppressed.push(...suppressed);
  else if (Object.isExtensible(target)) target.suppressed = [...suppressed];
}
