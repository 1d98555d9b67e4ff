import { None, Some, type Option } from "./Variants.js";
import { raise, raiseError } from "./WeftError.js";
import type { ShowDict } from "./Dictionaries.js";
import { display } from "./Show.js";

// Indices count UTF-16 code units, as JavaScript's strings do (LANGUAGE.md §4.1).

/** `(subs s start end)`: raises unless 0 ≤ start ≤ end ≤ length. */
export function subs(s: string, start: number, end: number): string {
  if (start < 0 || end > s.length || start > end) raise(`subs range ${start}..${end} out of bounds for a string of length ${s.length}`, subs);
  return s.slice(start, end);
}

/** `(split s sep)`; an empty separator splits into code points. */
export function split(s: string, sep: string): string[] {
  return sep === "" ? Array.from(s) : s.split(sep);
}

/** `(join xs sep)`: each element as `str` shows it (strings bare). */
export function join<T>(d: ShowDict<T>, xs: readonly T[], sep: string): string {
  return xs.map((x) => display(d, x)).join(sep);
}

/** `(index-of s sub)` → `(Option Int)`. */
export function indexOf(s: string, sub: string): Option<number> {
  const i = s.indexOf(sub);
  return i < 0 ? None : new Some(i);
}

/** `(replace s from to)`: every occurrence of `from`; an empty `from` leaves `s` as it is. */
export function replace(s: string, from: string, to: string): string {
  return from === "" ? s : s.split(from).join(to);
}

/** `(repeat-str s n)`: empty when `n` ≤ 0. */
export function repeatStr(s: string, n: number): string {
  return n <= 0 ? "" : sized(() => s.repeat(n), "repeat-str", s.length * n, repeatStr);
}

/** `(pad-left s n fill)`: `fill` repeated (and cut) on the left up to length `n`. */
export function padLeft(s: string, n: number, fill: string): string {
  return sized(() => s.padStart(n, fill), "pad-left", n, padLeft);
}

/** `(pad-right s n fill)`. */
export function padRight(s: string, n: number, fill: string): string {
  return sized(() => s.padEnd(n, fill), "pad-right", n, padRight);
}

// A string longer than the engine allows (about 2^29 code units) is JavaScript's RangeError,
// which `try` would not catch and whose text names no Weft function: raised as a Weft Error.
function sized(make: () => string, name: string, length: number, caller: typeof padLeft): string {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return raiseError(caller, "stringTooLong", name, length);
  }
}

/** `(parse-int s)`: an optional sign and decimal digits, in the Int range; anything else is `None`. */
export function parseInt(s: string): Option<number> {
  if (!/^[+-]?[0-9]+$/.test(s)) return None;
  const n = Number(s);
  return n < -2147483648 || n > 2147483647 ? None : new Some(n);
}

/** `(parse-float s)`: a decimal number with an optional exponent, or `NaN`/`Infinity`/`-Infinity` (what `show` prints). */
export function parseFloat(s: string): Option<number> {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s) && !/^([+-]?Infinity|NaN)$/.test(s)) return None;
  return new Some(Number(s));
}

/** `(format-float x digits)`: fixed-point text with `digits` (0 to 100) decimals; `(format-float 3.14159 2)` is `"3.14"`. */
export function formatFloat(x: number, digits: number): string {
  if (digits < 0 || digits > 100) raise(`format-float takes 0 to 100 digits, got ${digits}`, formatFloat);
  if (!Number.isFinite(x)) return String(x);
  // toFixed switches to exponent notation from 1e21 on; a Float that large is a whole number,
  // so its digits are exact in a BigInt.
  if (Math.abs(x) >= 1e21) return `${BigInt(x)}${digits > 0 ? `.${"0".repeat(digits)}` : ""}`;
  return x.toFixed(digits);
}
