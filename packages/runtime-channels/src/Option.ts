/**
 * Weft's `(Option a)` as this package returns it: `{ some: true, value }` or `{ some: false }`.
 * The same shape as @weft/runtime-tasks' Option. Compiled code converts it to runtime-core's `Some`/`None` at the call; library users
 * narrow on `.some`.
 */
export type Option<T> = { readonly some: true; readonly value: T } | { readonly some: false };

/** `(Some value)`. */
export function some<T>(value: T): Option<T> {
  return { some: true, value };
}

/** `None`. One shared frozen object. */
export const none: Option<never> = Object.freeze({ some: false }) as Option<never>;
