import { setMaxListeners } from "node:events";
import { Cancelled, isCancelled } from "./Cancelled.js";
import { errors } from "./errors.js";
import { linkAbort } from "./suspension.js";
import { type Outcome, Task } from "./Task.js";

/** The function a task runs: it receives its own cancellation signal. */
export type TaskFn<T> = (signal: AbortSignal) => T | PromiseLike<T>;

// What withTasks needs from a scope beyond its public API; filled in by Scope's static block,
// which alone can reach the private members.
let bodyFailed: (scope: Scope, error: unknown) => void;
let joinChildren: (scope: Scope) => Promise<void>;
let closeScope: (scope: Scope) => { readonly error: unknown } | undefined;

/**
 * A `with-tasks` scope: the nursery its body spawns into. Made by {@link withTasks}; the body
 * receives it.
 */
export class Scope {
  // Aborted when the scope fails or its parent is cancelled: cancels the body and every child.
  readonly #controller = unlimited(new AbortController());
  readonly #unlinkParent: () => void;
  // Each child's own controller. One listener on the scope's signal fans a cancellation out to
  // them, rather than one listener per child.
  readonly #children = new Map<Task<unknown>, AbortController>();
  #failure: { readonly error: unknown; readonly suppressed: unknown[] } | undefined;
  #open = true;
  #onIdle: (() => void) | undefined;

  static {
    bodyFailed = (scope, error) => scope.#bodyFailed(error);
    joinChildren = (scope) => scope.#join();
    closeScope = (scope) => scope.#close();
  }

  /** @internal Scopes are made by `withTasks`. */
  constructor(parent: AbortSignal | undefined) {
    this.#unlinkParent = linkAbort(parent, this.#controller);
    this.#controller.signal.addEventListener("abort", () => this.#cancelChildren(this.signal.reason), { once: true });
  }

  /**
   * The body's cancellation signal: aborted when the scope fails (an error in the body or a
   * child) or when the task the scope runs in is cancelled. Pass it to the body's suspension
   * points and to scopes nested in the body.
   */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** How many spawned tasks have not finished yet. */
  get running(): number {
    return this.#children.size;
  }

  /**
   * `(spawn e)`: starts `fn` as a green task on this event loop (on a later microtask, never
   * inside this call) and returns its handle. `fn` gets the task's own signal, aborted when
   * the task is cancelled.
   *
   * @example const assets = scope.spawn((signal) => loadAssets(path, signal));
   */
  spawn<T>(fn: TaskFn<T>): Task<T> {
    if (!this.#open) throw errors.spawnOnClosedScope();
    const controller = unlimited(new AbortController());
    if (this.signal.aborted) controller.abort(this.signal.reason);
    const outcome = Promise.resolve()
      .then(() => fn(controller.signal))
      .then(
        (value): Outcome<T> => ({ ok: true, value }),
        (error: unknown): Outcome<T> => ({ ok: false, error }),
      );
    // The handle subscribes first, so it is `done` by the time the scope hears of the end.
    const task = new Task<T>(controller.signal, outcome);
    this.#children.set(task, controller);
    void outcome.then((o) => this.#finished(task, controller, o));
    return task;
  }

  /**
   * `(cancel-tasks)`: cancels every child still running (not the body). Children that end in
   * `Cancelled` because of it do not make the scope fail; tasks spawned afterwards run
   * normally. `except` is the signal of a child that must keep running: the child calling it.
   */
  cancelRemaining(except?: AbortSignal): void {
    this.#cancelChildren(new Cancelled("task cancelled by cancel-tasks"), except);
  }

  #cancelChildren(reason: unknown, except?: AbortSignal): void {
    for (const controller of this.#children.values()) if (controller.signal !== except) controller.abort(reason);
  }

  #bodyFailed(error: unknown): void {
    if (!endedByCancellation(error, this.signal)) this.#fail(error);
  }

  // Resolves once every child has finished, including ones spawned meanwhile.
  async #join(): Promise<void> {
    while (this.#children.size > 0) {
      await new Promise<void>((resolve) => (this.#onIdle = resolve));
    }
  }

  // Closes the scope to new spawns; returns what withTasks must raise, if anything.
  #close(): { readonly error: unknown } | undefined {
    this.#open = false;
    this.#unlinkParent();
    const failure = this.#failure;
    if (failure !== undefined) {
      attachSuppressed(failure.error, failure.suppressed);
      return { error: failure.error };
    }
    // The scope never failed itself, so an abort came from the parent.
    if (this.signal.aborted) return { error: this.signal.reason };
    return undefined;
  }

  #finished(task: Task<unknown>, controller: AbortController, outcome: Outcome<unknown>): void {
    this.#children.delete(task);
    if (!outcome.ok && !endedByCancellation(outcome.error, controller.signal)) this.#fail(outcome.error);
    if (this.#children.size === 0) {
      const wake = this.#onIdle;
      this.#onIdle = undefined;
      wake?.();
    }
  }

  #fail(error: unknown): void {
    if (this.#failure !== undefined) {
      this.#failure.suppressed.push(error);
      return;
    }
    this.#failure = { error, suppressed: [] };
    this.#controller.abort(new Cancelled("task cancelled: a sibling failed", { cause: error }));
  }
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
export async function withTasks<T>(body: (scope: Scope) => T | PromiseLike<T>, signal?: AbortSignal): Promise<T> {
  const scope = new Scope(signal);
  let value: T | undefined;
  try {
    value = await body(scope);
  } catch (error) {
    bodyFailed(scope, error);
  }
  await joinChildren(scope);
  const raise = closeScope(scope);
  if (raise !== undefined) throw raise.error;
  return value as T;
}

/**
 * Whether a task (or body) that raised `error` simply stopped because `signal` cancelled it:
 * a Cancelled, the abort reason itself (what channels and `fetch` reject with), or Node's
 * `AbortError` wrapping that reason (what `node:timers/promises` and `events.once` reject with).
 */
function endedByCancellation(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  if (isCancelled(error) || error === signal.reason) return true;
  return error instanceof Error && error.name === "AbortError" && error.cause === signal.reason;
}

// A task's signal may be handed to many concurrent operations (every clause of a select, a
// Promise.all of sleeps); Node would warn past 10 abort listeners.
function unlimited(controller: AbortController): AbortController {
  setMaxListeners(0, controller.signal);
  return controller;
}

function attachSuppressed(error: unknown, suppressed: unknown[]): void {
  if (suppressed.length === 0) return;
  if ((typeof error !== "object" && typeof error !== "function") || error === null) return;
  const target = error as { suppressed?: unknown };
  if (Array.isArray(target.suppressed)) target.suppressed.push(...suppressed);
  else if (Object.isExtensible(target)) target.suppressed = [...suppressed];
}
