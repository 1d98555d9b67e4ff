import type { NumDict, OrdDict } from "./Dictionaries.js";
import { raise } from "./WeftError.js";

/** `(round x)`: to the nearest integer, halves away from zero (as Rust's and C's `round`; `(round -2.5)` is `-3.0`). */
export function round(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** `(inc x)` under a `Num` dictionary that has a `one` (the built-in Int and Float ones do). */
export function inc<T>(d: NumDict<T>, x: T): T {
  return d.add(x, one(d, inc));
}

/** `(dec x)`, as `inc`. */
export function dec<T>(d: NumDict<T>, x: T): T {
  return d.sub(x, one(d, dec));
}

// eslint-disable-next-line @typescript-eslint/ban-types
function one<T>(d: NumDict<T>, from: Function): T {
  if (d.one === undefined) raise("inc and dec need a Num instance with a one: only Int and Float have it", from);
  return d.one;
}

/** `(min a b c ...)` under an `Ord` dictionary: the first of the least. */
export function minOf<T>(d: OrdDict<T>, ...xs: T[]): T {
  let best = xs[0] as T;
  for (let i = 1; i < xs.length; i++) if (d.lt(xs[i] as T, best)) best = xs[i] as T;
  return best;
}

/** `(max a b c ...)`: the first of the greatest. */
export function maxOf<T>(d: OrdDict<T>, ...xs: T[]): T {
  let best = xs[0] as T;
  for (let i = 1; i < xs.length; i++) if (d.lt(best, xs[i] as T)) best = xs[i] as T;
  return best;
}

/** `(clamp x lo hi)`: `lo` when `x` is below it, `hi` when above (`hi` wins when `lo` > `hi`). */
export function clamp<T>(d: OrdDict<T>, x: T, lo: T, hi: T): T {
  if (d.lt(hi, x)) return hi;
  if (d.lt(x, lo)) return d.lt(hi, lo) ? hi : lo;
  return x;
}

/** `(sum xs)`: 0 for an empty vector of Int or Float; Int sums wrap. */
export function sum<T>(d: NumDict<T>, xs: readonly T[]): T {
  if (xs.length === 0) {
    if (d.zero === undefined) raise("the sum of an empty vector needs a Num instance with a zero: only Int and Float have it", sum);
    return d.zero;
  }
  let acc = xs[0] as T;
  for (let i = 1; i < xs.length; i++) acc = d.add(acc, xs[i] as T);
  return acc;
}
