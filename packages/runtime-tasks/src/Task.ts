import { abortable } from "./suspension.js";

/** How a task ended. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Weft's `(Task a)`: the handle `spawn` returns. `await task.join(signal)` (or
 * `await task.result`) gives its value or raises its error. A handle may outlive its scope; by
 * then the task has finished and awaiting it settles at once.
 *
 * Deliberately not a thenable: a handle is a value that async code returns, stores and passes
 * around (`(with-tasks (spawn x))` returns the handle), and JavaScript would silently await a
 * thenable returned from an async function.
 */
export class Task<T> {
  readonly #outcome: Promise<Outcome<T>>;
  #settled: Outcome<T> | undefined;

  /** The task's own cancellation signal (what its function received). */
  readonly signal: AbortSignal;

  /** @internal Tasks are made by `Scope.spawn`. `outcome` must never reject. */
  constructor(signal: AbortSignal, outcome: Promise<Outcome<T>>) {
    this.signal = signal;
    this.#outcome = outcome.then((o) => (this.#settled = o));
  }

  /** Whether the task has finished (with a value or an error). */
  get done(): boolean {
    return this.#settled !== undefined;
  }

  /**
   * `(await t)`: the task's value, or its error. A suspension point of the awaiting task:
   * it rejects with `Cancelled` when `signal` (the awaiter's own) aborts first.
   */
  join(signal?: AbortSignal): Promise<T> {
    return abortable(this.#outcome, signal).then(unwrap);
  }

  /** The task's value or error as a promise (`join()` with no signal). */
  get result(): Promise<T> {
    return this.join();
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}
