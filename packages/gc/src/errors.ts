/** Every error `@weft/gc` raises, built from one table so messages stay uniform and greppable. */
export class GcError extends Error {
  constructor(
    readonly code: keyof typeof errors,
    message: string,
  ) {
    super(message);
    this.name = "GcError";
  }
}

export const errors = {
  unknownType: (tag: string) => `no type registered under tag "${tag}" (registerType it first)`,
  unregisteredClass: (name: string) =>
    `value of class ${name} has no registered type tag; register its class with registerType`,
  notShareable: (what: string) => `value is not Shareable and cannot cross threads: ${what}`,
  schemaMismatch: (expected: string, got: string) => `schema expects ${expected}, value is ${got}`,
  unboundParam: (index: number) => `type parameter #${index} is not bound by the schema's type arguments`,
  unknownLambda: (module: string, id: number) => `no lambda ${id} in the lambda table of module "${module}"`,
  unknownModule: (module: string) => `no lambda or function table registered for module "${module}"`,
  ambiguousModule: () => `closure has no $module and several modules are registered`,
  unknownHandleKind: (kind: string) => `no reviver registered for shared handle kind "${kind}"`,
  noAdapter: (what: string) => `no ${what} adapter configured in the type registry`,
  corrupt: (why: string) => `encoded value is corrupt: ${why}`,
  notFlat: (what: string) => `${what} is not a vector of plain-data structs`,
  outOfMemory: (bytes: number, max: number) => `shared heap exhausted: need ${bytes} bytes, maximum is ${max}`,
  tooLarge: (bytes: number) => `block of ${bytes} bytes is larger than the largest size class`,
  tooManyRefs: (refs: number, boxed: number) => `a block holds at most 65535 pointer words and 65535 boxed slots (asked for ${refs} and ${boxed})`,
  badPointer: (ptr: number) => `${ptr} is not a block of this heap`,
  doubleFree: (ptr: number) => `block ${ptr} released after it was freed (double free)`,
  useAfterFree: (ptr: number) => `block ${ptr} was written after it was freed (poison damaged)`,
  notLive: (ptr: number) => `block ${ptr} is reachable but not live (freed while reachable)`,
  leaked: (count: number) => `${count} block(s) still live: leaked`,
  badHeap: (why: string) => `not a @weft/gc shared heap: ${why}`,
  arenaKind: (kind: string) => `arena-vec kind must be "f64", "i32" or "any", not "${kind}"`,
  arenaSize: (n: number) => `arena-vec length must be an integer from 0 to ${MAX_ARENA_LENGTH}, not ${n}`,
  arenaAlloc: (n: number, kind: string) => `arena-vec could not allocate ${n} ${kind} elements: out of memory`,
} as const;

/**
 * The most elements one `arena-vec` holds: 2^26 (512 MiB of Float64). A plain array much past
 * V8's fast-array limit (about 2^27) turns into a dictionary whose filling ends the process with
 * a fatal out-of-memory rather than an exception, so an absurd size is refused up front.
 */
export const MAX_ARENA_LENGTH = 2 ** 26;

/**
 * The brand that makes runtime-core's `isCatchable` treat an error as a Weft `Error` (this
 * package cannot depend on runtime-core), as runtime-channels does for "send on closed channel".
 */
const WEFT_ERROR = Symbol.for("weft.Error");

// eslint-disable-next-line @typescript-eslint/ban-types
type Caller = Function;

/**
 * Builds the error `code` as a Weft `Error` a `try` catches: for errors a Weft program's own call
 * raises (`arena-vec` with a bad size), not for misuse of this package's API. The stack starts at
 * `from`'s caller, the generated call the source map puts at the Weft call site.
 */
export function weftGcError<K extends keyof typeof errors>(
  from: Caller,
  code: K,
  ...args: Parameters<(typeof errors)[K]>
): GcError {
  const e = gcError(code, ...args);
  Object.defineProperty(e, WEFT_ERROR, { value: true });
  Object.defineProperty(e, "suppressed", { value: [], enumerable: true });
  Error.captureStackTrace?.(e, from);
  return e;
}

/** Builds the error `code` with its arguments: `throw gcError("badPointer", ptr)`. */
export function gcError<K extends keyof typeof errors>(
  code: K,
  ...args: Parameters<(typeof errors)[K]>
): GcError {
  const make = errors[code] as (...a: unknown[]) => string;
  return new GcError(code, make(...args));
}
