/**
 * `compare-and-set!` equality: value equality for primitives (Int, Float, Bool, String, Unit
 * are JS number/string/boolean/undefined), identity for everything else. Both are what `===`
 * does; a Float NaN is never equal to itself, as with Weft's `=`.
 */
export function casEqual<T>(a: T, b: T): boolean {
  return a === b;
}

/**
 * The equality `swap!` uses to detect a conflicting write between its read and its write:
 * "is this still exactly the value I read". `Object.is`, so an atom holding NaN can be swapped.
 */
export function sameValue<T>(a: T, b: T): boolean {
  return Object.is(a, b);
}
