/**
 * The brand of a Weft `Error` raised by a runtime package that cannot depend on runtime-core
 * (the same idea as runtime-tasks' `Symbol.for("weft.Cancelled")`): it tells runtime-core's
 * `isCatchable` that a Weft `try` may catch this error.
 */
export const WEFT_ERROR = Symbol.for("weft.Error");

/**
 * `(send ch v)` on a closed channel. A Weft `try` must catch it; `error-message` gives
 * "send on closed channel". It carries the {@link WEFT_ERROR} brand and a `suppressed` array
 * like runtime-core's `WeftError`; making it a `WeftError` outright is a change to this table
 * alone once runtime-core is a dependency.
 */
export class ChannelClosedError extends Error {
  override name = "ChannelClosedError";
  readonly suppressed: unknown[] = [];

  get [WEFT_ERROR](): true {
    return true;
  }
}

/** Every error this package raises, built in one place. */
export const errors = {
  sendOnClosed: () => new ChannelClosedError("send on closed channel"),
  badCapacity: (capacity: unknown) =>
    new RangeError(`channel capacity must be a non-negative integer or "unbounded", got ${String(capacity)}`),
  badPolicy: (policy: unknown) =>
    new RangeError(`channel policy must be "block", "dropping" or "sliding", got ${String(policy)}`),
} as const;
