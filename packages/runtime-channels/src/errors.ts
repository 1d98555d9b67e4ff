/**
 * `(send ch v)` on a closed channel. A Weft `try` catches it; `error-message` gives
 * "send on closed channel". (It will extend runtime-core's `WeftError` once that exists; this
 * table is the one place to change.)
 */
export class ChannelClosedError extends Error {
  override name = "ChannelClosedError";
}

/** Every error this package raises, built in one place. */
export const errors = {
  sendOnClosed: () => new ChannelClosedError("send on closed channel"),
  badCapacity: (capacity: unknown) =>
    new RangeError(`channel capacity must be a non-negative integer or "unbounded", got ${String(capacity)}`),
  badPolicy: (policy: unknown) =>
    new RangeError(`channel policy must be "block", "dropping" or "sliding", got ${String(policy)}`),
} as const;
