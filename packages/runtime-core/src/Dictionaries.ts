import { Keyword } from "./Keyword.js";
import { absInt, divInt, modFloat, modInt } from "./Numbers.js";
import { quote, showBool, showFloat, showInt, showKeyword } from "./Show.js";
import { Err, None, Ok, Some, type Option, type Result } from "./Variants.js";
import { WeftMap } from "./WeftMap.js";
import type { WeftError } from "./WeftError.js";
import { named } from "./DictName.js";

const RT = "@weft/runtime-core";

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
  /**
   * `<=` where it is not `!lt(b, a)`: with Float's NaN every comparison is false (IEEE), so
   * `(<= x y)` must give what the inline `x <= y` gives.
   */
  readonly le?: (a: T, b: T) => boolean;
  /** A total order for `sort`, where `lt` is not one (Float: NaN after every number). */
  readonly compare?: (a: T, b: T) => number;
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
  /** The built-in instances' zero and one (`sum` of nothing, `inc`); a program's own instance has none. */
  readonly zero?: T;
  readonly one?: T;
}

/** `Show Int`. */
export const ShowInt: ShowDict<number> = named({ show: showInt }, RT, "ShowInt");
/** `Show Float`. */
export const ShowFloat: ShowDict<number> = named({ show: showFloat }, RT, "ShowFloat");
/** `Show Bool`. */
export const ShowBool: ShowDict<boolean> = named({ show: showBool }, RT, "ShowBool");
/** `Show String`: quoted, with the reader's escapes. */
export const ShowString: ShowDict<string> = named({ show: quote }, RT, "ShowString");
/** `Show Keyword`. */
export const ShowKeyword: ShowDict<Keyword> = named({ show: showKeyword }, RT, "ShowKeyword");
/** `Show Unit`: `()`. */
export const ShowUnit: ShowDict<undefined> = named({ show: () => "()" }, RT, "ShowUnit");
/** `Show Error`: `(error "message")`. */
export const ShowError: ShowDict<WeftError> = named({ show: (e) => `(error ${quote(e.message)})` }, RT, "ShowError");
/** `Show` of a function value (only reachable through generic code). */
export const ShowFn: ShowDict<unknown> = named({ show: () => "<fn>" }, RT, "ShowFn");

/** `Show (Vec a)`: `[1 2 3]`. */
export function showVec<T>(d: ShowDict<T>): ShowDict<ArrayLike<T>> {
  return named({ show: (v) => `[${Array.from(v, d.show).join(" ")}]` }, RT, "showVec", [d]);
}
/** `Show (MutVec a)`: printed like a vector. */
export const showMutVec = showVec;
/** `Show (Map k v)`: `{:a 1, :b 2}` in insertion order. */
export function showMap<K, V>(dk: ShowDict<K>, dv: ShowDict<V>): ShowDict<WeftMap<K, V>> {
  return named({ show: (m) => `{${[...m.entries()].map(([k, v]) => `${dk.show(k)} ${dv.show(v)}`).join(", ")}}` }, RT, "showMap", [dk, dv]);
}
/** `Show (Option a)`: `(Some 3)`, `None`. */
export function showOption<T>(d: ShowDict<T>): ShowDict<Option<T>> {
  return named({ show: (o) => (o instanceof Some ? `(Some ${d.show(o._0)})` : "None") }, RT, "showOption", [d]);
}
/** `Show (Result a e)`: `(Ok 1)`, `(Err "no")`. */
export function showResult<T, E>(da: ShowDict<T>, de: ShowDict<E>): ShowDict<Result<T, E>> {
  return named({ show: (r) => (r instanceof Ok ? `(Ok ${da.show(r._0)})` : `(Err ${de.show((r as Err<E>)._0)})`) }, RT, "showResult", [da, de]);
}

const same = { eq: (a: unknown, b: unknown) => a === b };
/** `Eq Int`. */
export const EqInt: EqDict<number> = named({ ...same }, RT, "EqInt");
/** `Eq Float` (IEEE: `NaN` is not equal to itself). */
export const EqFloat: EqDict<number> = named({ ...same }, RT, "EqFloat");
/** `Eq Bool`. */
export const EqBool: EqDict<boolean> = named({ ...same }, RT, "EqBool");
/** `Eq String`. */
export const EqString: EqDict<string> = named({ ...same }, RT, "EqString");
/** `Eq Keyword` (interned, so identity). */
export const EqKeyword: EqDict<Keyword> = named({ ...same }, RT, "EqKeyword");
/** `Eq Unit`: always equal. */
export const EqUnit: EqDict<undefined> = named({ eq: () => true }, RT, "EqUnit");
/** `Eq Error`: identity. */
export const EqError: EqDict<WeftError> = named({ ...same }, RT, "EqError");
/** `Eq` of functions: identity (only reachable through generic code). */
export const EqFn: EqDict<unknown> = named({ ...same }, RT, "EqFn");

/** `Eq (Vec a)`: same length and equal elements. */
export function eqVec<T>(d: EqDict<T>): EqDict<ArrayLike<T>> {
  return named({
    eq: (a, b) => {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!d.eq(a[i] as T, b[i] as T)) return false;
      return true;
    },
  }, RT, "eqVec", [d]);
}
/** `Eq (MutVec a)`: element-wise, like a vector. */
export const eqMutVec = eqVec;
/** `Eq (Map k v)`: the same keys with equal values, whatever the order. */
export function eqMap<K, V>(_dk: EqDict<K>, dv: EqDict<V>): EqDict<WeftMap<K, V>> {
  return named({
    eq: (a, b) => {
      if (a.size !== b.size) return false;
      for (const [k, v] of a.entries()) {
        const o = b.get(k);
        if (!(o instanceof Some) || !dv.eq(v, o._0 as V)) return false;
      }
      return true;
    },
  }, RT, "eqMap", [_dk, dv]);
}
/** `Eq (Option a)`. */
export function eqOption<T>(d: EqDict<T>): EqDict<Option<T>> {
  return named({ eq: (a, b) => (a instanceof Some ? b instanceof Some && d.eq(a._0, b._0 as T) : b === None || !(b instanceof Some)) }, RT, "eqOption", [d]);
}
/** `Eq (Result a e)`. */
export function eqResult<T, E>(da: EqDict<T>, de: EqDict<E>): EqDict<Result<T, E>> {
  return named({
    eq: (a, b) =>
      a instanceof Ok ? b instanceof Ok && da.eq(a._0, b._0 as T) : b instanceof Err && de.eq((a as Err<E>)._0, b._0 as E),
  }, RT, "eqResult", [da, de]);
}

const less = { lt: (a: number | string, b: number | string) => a < b };
/** `Ord Int`. */
export const OrdInt: OrdDict<number> = named({ ...less }, RT, "OrdInt");
/**
 * `Ord Float`: the operators compare as IEEE does (every comparison with NaN is false); `sort`
 * puts NaN after every number (Rust's `total_cmp`, Java's `Double.compare`), and -0.0 equal
 * to 0.0 so a stable sort keeps their order.
 */
export const OrdFloat: OrdDict<number> = named({
  ...less,
  le: (a: number, b: number) => a <= b,
  compare: (a: number, b: number) => (a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1),
}, RT, "OrdFloat");
/** `Ord String` (UTF-16 code unit order). */
export const OrdString: OrdDict<string> = named({ ...less }, RT, "OrdString");
/** `Ord Bool`: `false < true`. */
export const OrdBool: OrdDict<boolean> = named({ lt: (a, b) => !a && b }, RT, "OrdBool");
/** `Ord Keyword`: by name. */
export const OrdKeyword: OrdDict<Keyword> = named({ lt: (a, b) => a.name < b.name }, RT, "OrdKeyword");

/** `Num Int`: wrapping 32-bit arithmetic. */
export const NumInt: Required<NumDict<number>> = named({
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: Math.imul,
  div: divInt,
  neg: (a) => -a | 0,
  mod: modInt,
  abs: absInt,
  zero: 0,
  one: 1,
}, RT, "NumInt");
/** `Num Float`. */
export const NumFloat: Required<NumDict<number>> = named({
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  mod: modFloat,
  abs: Math.abs,
  zero: 0,
  one: 1,
}, RT, "NumFloat");

/** `Count` has no methods: `count` looks at the value. These exist so every dictionary has a name. */
export const CountVec = named({}, RT, "CountVec");
/** See `CountVec`. */
export const CountMutVec = named({}, RT, "CountMutVec");
/** See `CountVec`. */
export const CountMap = named({}, RT, "CountMap");
/** See `CountVec`. */
export const CountString = named({}, RT, "CountString");

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
/** `<=` from `lt` (or the dictionary's own `le`). */
export const le = <T>(d: OrdDict<T>, a: T, b: T): boolean => (d.le ? d.le(a, b) : !d.lt(b, a));
/** `>=` from `lt` (or the dictionary's own `le`). */
export const ge = <T>(d: OrdDict<T>, a: T, b: T): boolean => (d.le ? d.le(b, a) : !d.lt(a, b));
/** The order `sort` uses: the dictionary's total order, else `lt` both ways. */
export const compare = <T>(d: OrdDict<T>, a: T, b: T): number => (d.compare ? d.compare(a, b) : d.lt(a, b) ? -1 : d.lt(b, a) ? 1 : 0);
/** `min`: the first when equal. */
export const min = <T>(d: OrdDict<T>, a: T, b: T): T => (d.lt(b, a) ? b : a);
/** `max`: the first when equal. */
export const max = <T>(d: OrdDict<T>, a: T, b: T): T => (d.lt(a, b) ? b : a);

