import { Keyword } from "./Keyword.js";
import { absInt, divInt, modFloat, modInt } from "./Numbers.js";
import { quote, showBool, showFloat, showInt, showKeyword } from "./Show.js";
import { Err, None, Ok, Some, type Option, type Result } from "./Variants.js";
import { WeftMap } from "./WeftMap.js";
import type { WeftError } from "./WeftError.js";

/** The `Show` class: `show` gives the printed form (strings quoted). */
export interface ShowDict<T> {
  readonly show: (x: T) => string;
}
/** The `Eq` class. */
export interface EqDict<T> {
  readonly eq: (a: T, b: T) => boolean;
}
/** The `Ord` class: every comparison is derived from `lt`. */
export interface OrdDict<T> {
  readonly lt: (a: T, b: T) => boolean;
}
/** The `Num` class; `neg`, `mod` and `abs` are present on the built-in instances. */
export interface NumDict<T> {
  readonly add: (a: T, b: T) => T;
  readonly sub: (a: T, b: T) => T;
  readonly mul: (a: T, b: T) => T;
  readonly div: (a: T, b: T) => T;
  readonly neg?: (a: T) => T;
  readonly mod?: (a: T, b: T) => T;
  readonly abs?: (a: T) => T;
}

/** `Show Int`. */
export const ShowInt: ShowDict<number> = { show: showInt };
/** `Show Float`. */
export const ShowFloat: ShowDict<number> = { show: showFloat };
/** `Show Bool`. */
export const ShowBool: ShowDict<boolean> = { show: showBool };
/** `Show String`: quoted, with the reader's escapes. */
export const ShowString: ShowDict<string> = { show: quote };
/** `Show Keyword`. */
export const ShowKeyword: ShowDict<Keyword> = { show: showKeyword };
/** `Show Unit`: `()`. */
export const ShowUnit: ShowDict<undefined> = { show: () => "()" };
/** `Show Error`: `(error "message")`. */
export const ShowError: ShowDict<WeftError> = { show: (e) => `(error ${quote(e.message)})` };
/** `Show` of a function value (only reachable through generic code). */
export const ShowFn: ShowDict<unknown> = { show: () => "<fn>" };

/** `Show (Vec a)`: `[1 2 3]`. */
export function showVec<T>(d: ShowDict<T>): ShowDict<ArrayLike<T>> {
  return { show: (v) => `[${Array.from(v, d.show).join(" ")}]` };
}
/** `Show (MutVec a)`: printed like a vector. */
export const showMutVec = showVec;
/** `Show (Map k v)`: `{:a 1, :b 2}` in insertion order. */
export function showMap<K, V>(dk: ShowDict<K>, dv: ShowDict<V>): ShowDict<WeftMap<K, V>> {
  return { show: (m) => `{${[...m.entries()].map(([k, v]) => `${dk.show(k)} ${dv.show(v)}`).join(", ")}}` };
}
/** `Show (Option a)`: `(Some 3)`, `None`. */
export function showOption<T>(d: ShowDict<T>): ShowDict<Option<T>> {
  return { show: (o) => (o instanceof Some ? `(Some ${d.show(o._0)})` : "None") };
}
/** `Show (Result a e)`: `(Ok 1)`, `(Err "no")`. */
export function showResult<T, E>(da: ShowDict<T>, de: ShowDict<E>): ShowDict<Result<T, E>> {
  return { show: (r) => (r instanceof Ok ? `(Ok ${da.show(r._0)})` : `(Err ${de.show((r as Err<E>)._0)})`) };
}

const same = { eq: (a: unknown, b: unknown) => a === b };
/** `Eq Int`. */
export const EqInt: EqDict<number> = same;
/** `Eq Float` (IEEE: `NaN` is not equal to itself). */
export const EqFloat: EqDict<number> = same;
/** `Eq Bool`. */
export const EqBool: EqDict<boolean> = same;
/** `Eq String`. */
export const EqString: EqDict<string> = same;
/** `Eq Keyword` (interned, so identity). */
export const EqKeyword: EqDict<Keyword> = same;
/** `Eq Unit`: always equal. */
export const EqUnit: EqDict<undefined> = { eq: () => true };
/** `Eq Error`: identity. */
export const EqError: EqDict<WeftError> = same;
/** `Eq` of functions: identity (only reachable through generic code). */
export const EqFn: EqDict<unknown> = same;

/** `Eq (Vec a)`: same length and equal elements. */
export function eqVec<T>(d: EqDict<T>): EqDict<ArrayLike<T>> {
  return {
    eq: (a, b) => {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!d.eq(a[i] as T, b[i] as T)) return false;
      return true;
    },
  };
}
/** `Eq (MutVec a)`: element-wise, like a vector. */
export const eqMutVec = eqVec;
/** `Eq (Map k v)`: the same keys with equal values, whatever the order. */
export function eqMap<K, V>(_dk: EqDict<K>, dv: EqDict<V>): EqDict<WeftMap<K, V>> {
  return {
    eq: (a, b) => {
      if (a.size !== b.size) return false;
      for (const [k, v] of a.entries()) {
        const o = b.get(k);
        if (!(o instanceof Some) || !dv.eq(v, o._0 as V)) return false;
      }
      return true;
    },
  };
}
/** `Eq (Option a)`. */
export function eqOption<T>(d: EqDict<T>): EqDict<Option<T>> {
  return { eq: (a, b) => (a instanceof Some ? b instanceof Some && d.eq(a._0, b._0 as T) : b === None || !(b instanceof Some)) };
}
/** `Eq (Result a e)`. */
export function eqResult<T, E>(da: EqDict<T>, de: EqDict<E>): EqDict<Result<T, E>> {
  return {
    eq: (a, b) =>
      a instanceof Ok ? b instanceof Ok && da.eq(a._0, b._0 as T) : b instanceof Err && de.eq((a as Err<E>)._0, b._0 as E),
  };
}

const less = { lt: (a: number | string, b: number | string) => a < b };
/** `Ord Int`. */
export const OrdInt: OrdDict<number> = less;
/** `Ord Float`. */
export const OrdFloat: OrdDict<number> = less;
/** `Ord String` (UTF-16 code unit order). */
export const OrdString: OrdDict<string> = less;
/** `Ord Bool`: `false < true`. */
export const OrdBool: OrdDict<boolean> = { lt: (a, b) => !a && b };
/** `Ord Keyword`: by name. */
export const OrdKeyword: OrdDict<Keyword> = { lt: (a, b) => a.name < b.name };

/** `Num Int`: wrapping 32-bit arithmetic. */
export const NumInt: Required<NumDict<number>> = {
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: Math.imul,
  div: divInt,
  neg: (a) => -a | 0,
  mod: modInt,
  abs: absInt,
};
/** `Num Float`. */
export const NumFloat: Required<NumDict<number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  mod: modFloat,
  abs: Math.abs,
};

/** `Count` has no methods: `count` looks at the value. These exist so every dictionary has a name. */
export const CountVec = {};
/** See `CountVec`. */
export const CountMutVec = {};
/** See `CountVec`. */
export const CountMap = {};
/** See `CountVec`. */
export const CountString = {};

/** `(- x)` through any `Num` dictionary (a program's instance may lack `neg`: then `(x - x) - x`). */
export function neg<T>(d: NumDict<T>, a: T): T {
  return d.neg ? d.neg(a) : d.sub(d.sub(a, a), a);
}
/** `mod` through any `Num` dictionary. */
export function mod<T>(d: NumDict<T>, a: T, b: T): T {
  if (!d.mod) throw new TypeError("this Num instance has no mod");
  return d.mod(a, b);
}
/** `abs` through any `Num` dictionary. */
export function abs<T>(d: NumDict<T>, a: T): T {
  if (!d.abs) throw new TypeError("this Num instance has no abs");
  return d.abs(a);
}
/** `>` from `lt`. */
export const gt = <T>(d: OrdDict<T>, a: T, b: T): boolean => d.lt(b, a);
/** `<=` from `lt`. */
export const le = <T>(d: OrdDict<T>, a: T, b: T): boolean => !d.lt(b, a);
/** `>=` from `lt`. */
export const ge = <T>(d: OrdDict<T>, a: T, b: T): boolean => !d.lt(a, b);
/** `min`: the first when equal. */
export const min = <T>(d: OrdDict<T>, a: T, b: T): T => (d.lt(b, a) ? b : a);
/** `max`: the first when equal. */
export const max = <T>(d: OrdDict<T>, a: T, b: T): T => (d.lt(a, b) ? b : a);

