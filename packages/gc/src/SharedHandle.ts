/**
 * The key under which an atom or channel offers itself to the codec. `Symbol.for` so that every
 * copy of the package in a process (and every bundle) agrees on it.
 */
export const SHARE = Symbol.for("@weft/gc.share");

/**
 * What a handle sends across a thread: its kind (to find the reviver) and structured-clonable
 * data that names its shared state (typically a SharedArrayBuffer or a shared-heap pointer).
 */
export interface HandleDescriptor {
  readonly kind: string;
  readonly data: unknown;
}

/**
 * An atom or channel as the codec sees it. `[SHARE]()` moves the state into shared memory if it
 * is still thread-local (the first crossing) and returns the descriptor; on the other thread the
 * reviver registered for `kind` re-creates a handle to the same state.
 *
 * @example
 * class MyAtom implements SharedHandle {
 *   [SHARE]() { return { kind: "atom", data: this.#sab }; }
 * }
 * registry.registerHandleKind("atom", (d) => MyAtom.fromShared(d.data as SharedArrayBuffer));
 */
export interface SharedHandle {
  [SHARE](): HandleDescriptor;
}

/** Re-creates a handle on this thread from a descriptor another thread exported. */
export type HandleReviver = (descriptor: HandleDescriptor) => SharedHandle;

/** `true` for values that implement `SharedHandle`. */
export function isSharedHandle(v: unknown): v is SharedHandle {
  return typeof v === "object" && v !== null && typeof (v as Partial<SharedHandle>)[SHARE] === "function";
}
