import { abortable } from "./suspension.js";

/** How a task ended. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Weft's `(Task a)`: the handle `spawn` returns. `await task` (or `task.join(signal)`) gives its
 * value or raises its error. A handle may outlive its scope; by then the task has finished and
 * awaiting it settles at once.
 */
export class Task<T> implements PromiseLike<T> {
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

  /** Makes the handle awaitable: `await task` is `task.join()`. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.join().then(onFulfilled, onRejected);
  }
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}
