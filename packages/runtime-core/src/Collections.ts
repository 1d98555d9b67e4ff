import { raiseError } from "./WeftError.js";
import { WeftMap } from "./WeftMap.js";
import { keepFrame } from "./Frames.js";

/** A Weft `(Vec a)`: a JS array never mutated after construction. */
export type Vec<T> = readonly T[];
/** A Weft `(MutVec a)`: a JS array, or a typed array when an arena allocated it. */
export type MutVec<T> = T[] | (T extends number ? Float64Array | Int32Array : never);

type Indexed<T> = ArrayLike<T>;

/** `(count c)` for any countable value: a vector, a MutVec, a map or a string (in code points). */
export function count(c: ArrayLike<unknown> | WeftMap | string): number {
  if (typeof c === "string") return countString(c);
  if (c instanceof WeftMap) return c.size;
  return c.length;
}

/** `(count s)` of a String: its number of Unicode code points. */
export function countString(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `(nth v i)` on a Vec or a MutVec; out of range raises an Error. */
export function nth<T>(v: Indexed<T>, i: number): T {
  if (i < 0 || i >= v.length) raiseError(nth, "indexOutOfRange", i, v.length);
  return v[i] as T;
}

/** `(conj v x)`: a new vector with `x` at the end. */
export function conj<T>(v: Vec<T>, x: T): Vec<T> {
  const out = v.slice();
  out.push(x);
  return out;
}

/** `(assoc v i x)`: a new vector with index `i` replaced (`i` = count appends, as in Clojure). */
export function assoc<T>(v: Vec<T>, i: number, x: T): Vec<T> {
  if (i < 0 || i > v.length) raiseError(assoc, "indexOutOfRange", i, v.length);
  const out = v.slice();
  out[i] = x;
  return out;
}

/** `(range n)` is `[0 … n-1]`; `(range a b)` is `[a … b-1]`. */
export function range(a: number, b?: number): Vec<number> {
  const [lo, hi] = b === undefined ? [0, a] : [a, b];
  const out: number[] = [];
  for (let i = lo; i < hi; i++) out.push(i);
  return out;
}

/** `(map xs f)`. */
export function map<A, B>(xs: Vec<A>, f: (x: A) => B): Vec<B> {
  const out: B[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = f(xs[i] as A);
  return out;
}

/** `(filter xs f)`. */
export function filter<A>(xs: Vec<A>, f: (x: A) => boolean): Vec<A> {
  const out: A[] = [];
  for (const x of xs) if (f(x)) out.push(x);
  return out;
}

/** `(reduce xs init f)`, calling `(f acc x)`. */
export function reduce<A, B>(xs: Vec<A>, init: B, f: (acc: B, x: A) => B): B {
  let acc = init;
  for (const x of xs) acc = f(acc, x);
  return acc;
}

/** `(for-each xs f)`: what `f` returns is discarded. */
export function forEach<A>(xs: Indexed<A>, f: (x: A) => unknown): undefined {
  for (let i = 0; i < xs.length; i++) f(xs[i] as A);
  return undefined;
}

/** `map` with a function that can suspend: awaits each call in order. */
export async function mapAsync<A, B>(xs: Vec<A>, f: (x: A) => B | Promise<B>): Promise<Vec<B>> {
  const inFrame = keepFrame();
  const out: B[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = await inFrame(f)(xs[i] as A);
  return out;
}

/** `filter` with a function that can suspend. */
export async function filterAsync<A>(xs: Vec<A>, f: (x: A) => boolean | Promise<boolean>): Promise<Vec<A>> {
  const inFrame = keepFrame();
  const out: A[] = [];
  for (const x of xs) if (await inFrame(f)(x)) out.push(x);
  return out;
}

/** `reduce` with a function that can suspend. */
export async function reduceAsync<A, B>(xs: Vec<A>, init: B, f: (acc: B, x: A) => B | Promise<B>): Promise<B> {
  const inFrame = keepFrame();
  let acc = init;
  for (const x of xs) acc = await inFrame(f)(acc, x);
  return acc;
}

/** `for-each` with a function that can suspend. */
export async function forEachAsync<A>(xs: Indexed<A>, f: (x: A) => unknown): Promise<undefined> {
  const inFrame = keepFrame();
  for (let i = 0; i < xs.length; i++) await inFrame(f)(xs[i] as A);
  return undefined;
}

/** A vector literal's map: `{:a 1}` is `mapOf([[kw("a"), 1]])`. */
export function mapOf<K, V>(entries: Iterable<readonly [K, V]>): WeftMap<K, V> {
  return WeftMap.of(entries);
}

/** `(get m k)` → `(Option v)`. */
export const get = <K, V>(m: WeftMap<K, V>, k: K) => m.get(k);
/** `(insert m k v)`. */
export const insert = <K, V>(m: WeftMap<K, V>, k: K, v: V) => m.insert(k, v);
/** `(remove m k)`. */
export const remove = <K, V>(m: WeftMap<K, V>, k: K) => m.remove(k);
/** `(keys m)`, in insertion order. */
export const keys = <K, V>(m: WeftMap<K, V>): Vec<K> => m.keys();
/** `(vals m)`, in insertion order. */
export const vals = <K, V>(m: WeftMap<K, V>): Vec<V> => m.vals();

/** `(mut-vec)`: an empty MutVec. */
export function mutVec<T>(): T[] {
  return [];
}

/** `(push! mv x)`. */
export function push<T>(mv: T[], x: T): undefined {
  mv.push(x);
  return undefined;
}

/** `(set-nth! mv i x)`; out of range raises an Error. */
export function setNth<T>(mv: { length: number; [i: number]: T }, i: number, x: T): undefined {
  if (i < 0 || i >= mv.length) raiseError(setNth, "indexOutOfRange", i, mv.length);
  mv[i] = x;
  return undefined;
}

/** `(freeze mv)`: a `(Vec a)` copy (a plain array even from a typed array). */
export function freeze<T>(mv: ArrayLike<T>): Vec<T> {
  return Array.from(mv);
}
