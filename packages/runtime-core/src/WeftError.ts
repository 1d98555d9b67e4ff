/**
 * A Weft `Error` value: what `fail` raises and `try` catches. Errors of later failures kept by
 * a task scope are in `suppressed`.
 */
export class WeftError extends Error {
  /** Errors that happened after this one in the same scope, oldest first. */
  readonly suppressed: WeftError[] = [];

  constructor(message: string) {
    super(message);
    this.name = "WeftError";
  }

  /** Whether `try` may catch it; a cancellation (runtime-tasks' `Cancelled`) overrides this with `false`. */
  get catchable(): boolean {
    return true;
  }
}

/**
 * `true` for errors Weft's `try` catches: a `WeftError`, or an error another runtime package
 * brands as a Weft `Error` (`Symbol.for("weft.Error")`, e.g. runtime-channels' "send on closed
 * channel") — never a cancellation (runtime-tasks' `Cancelled` brand), whatever else it is.
 */
export function isCatchable(e: unknown): e is WeftError {
  if (typeof e !== "object" || e === null) return false;
  const branded = e as { [CANCELLED]?: unknown; [WEFT_ERROR]?: unknown };
  if (branded[CANCELLED] === true) return false;
  if (e instanceof WeftError) return e.catchable;
  return branded[WEFT_ERROR] === true;
}

/** The brand runtime-tasks puts on its `Cancelled`, recognised here without depending on it. */
const CANCELLED = Symbol.for("weft.Cancelled");

/** The brand of a Weft `Error` raised by a runtime package that does not depend on this one. */
const WEFT_ERROR = Symbol.for("weft.Error");

// eslint-disable-next-line @typescript-eslint/ban-types
type Caller = Function;

/** Raises a `WeftError` whose stack starts at `from`'s caller (the generated call). */
export function raise(message: string, from: Caller): never {
  const e = new WeftError(message);
  // Drop runtime frames so the top of the stack is the generated call, which the source map
  // puts at the Weft call site.
  Error.captureStackTrace?.(e, from);
  throw e;
}

/** `(fail msg)`: raises a `WeftError` whose stack starts at the caller. */
export function fail(message: string): never {
  return raise(message, fail);
}

/** `(error-message e)`. */
export function errorMessage(e: WeftError): string {
  return e.message;
}

/** The runtime's own errors, one factory per kind, so every message is written once. */
export const errors = {
  divisionByZero: () => "division by zero",
  indexOutOfRange: (i: number, count: number) => `index ${i} out of range for a collection of ${count}`,
  notImplemented: (what: string) => `${what} is not available in this runtime`,
  stringTooLong: (what: string, length: number) => `${what} would make a string of ${length} code units, longer than a String can be`,
} as const;

/** Raises the error `errors[kind](...args)`, with the stack starting at `from`'s caller. */
export function raiseError<K extends keyof typeof errors>(
  from: Caller,
  kind: K,
  ...args: Parameters<(typeof errors)[K]>
): never {
  const make = errors[kind] as (...a: unknown[]) => string;
  return raise(make(...args), from);
}
