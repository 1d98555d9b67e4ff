const BRAND = Symbol.for("weft.Cancelled");

/**
 * What a cancelled task raises at its next suspension point. It is not an `Error` that Weft's
 * `try` catches (that is `WeftError` only): it unwinds the task to its scope, which treats it
 * as a normal end when the task was in fact cancelled.
 *
 * Every AbortSignal this package hands to a task is aborted with a `Cancelled` as its reason,
 * so other packages that reject with `signal.reason` (channels) raise it too.
 */
export class Cancelled extends Error {
  override name = "Cancelled";

  constructor(message = "task cancelled", options?: { cause?: unknown }) {
    super(message, options);
  }

  // A brand rather than `instanceof` alone, so two copies of this package (source and dist,
  // or two bundles) still recognise each other's Cancelled.
  get [BRAND](): true {
    return true;
  }
}

/** Whether `e` is a {@link Cancelled}, from this copy of the package or another. */
export function isCancelled(e: unknown): e is Cancelled {
  return typeof e === "object" && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** `reason` itself when it is a Cancelled, else a Cancelled that keeps it as its `cause`. */
export function toCancelled(reason: unknown): Cancelled {
  return isCancelled(reason) ? reason : new Cancelled("task cancelled", { cause: reason });
}
