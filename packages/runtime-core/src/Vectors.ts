import { compare, type EqDict, type OrdDict } from "./Dictionaries.js";
import { None, Some, type Option } from "./Variants.js";
import { WeftMap, canonicalKey } from "./WeftMap.js";
import { keepFrame } from "./Frames.js";

// The vector half of LANGUAGE.md §4.1. A higher-order function comes in two colours: the plain
// one for a callback that cannot suspend, and `…Async` awaiting each call in order.

type Vec<T> = readonly T[];
type MaybeAsync<T> = T | Promise<T>;

/** `(first xs)` → `Option`. */
export function first<T>(xs: Vec<T>): Option<T> {
  return xs.length === 0 ? None : new Some(xs[0] as T);
}

/** `(last xs)` → `Option`. */
export function last<T>(xs: Vec<T>): Option<T> {
  return xs.length === 0 ? None : new Some(xs[xs.length - 1] as T);
}

/** `(rest xs)`: all but the first; empty for an empty vector. */
export function rest<T>(xs: Vec<T>): Vec<T> {
  return xs.slice(1);
}

/** `(reverse xs)`. */
export function reverse<T>(xs: Vec<T>): Vec<T> {
  return xs.slice().reverse();
}

/** `(concat xs ys)`. */
export function concat<T>(xs: Vec<T>, ys: Vec<T>): Vec<T> {
  return xs.concat(ys);
}

const within = (n: number, len: number) => Math.min(Math.max(n, 0), len);

/** `(take xs n)`: the first `n` (all of them when fewer; none when `n` ≤ 0). */
export function take<T>(xs: Vec<T>, n: number): Vec<T> {
  return xs.slice(0, within(n, xs.length));
}

/** `(drop xs n)`. */
export function drop<T>(xs: Vec<T>, n: number): Vec<T> {
  return xs.slice(within(n, xs.length));
}

/** `(slice xs a b)`: indices `a` to `b` (exclusive), each clamped to the vector; empty when `a` ≥ `b`. */
export function slice<T>(xs: Vec<T>, a: number, b: number): Vec<T> {
  const lo = within(a, xs.length);
  return xs.slice(lo, Math.max(lo, within(b, xs.length)));
}

/** `(repeat n x)`: `n` copies of `x` (none when `n` ≤ 0). */
export function repeat<T>(n: number, x: T): Vec<T> {
  return n <= 0 ? [] : new Array<T>(n).fill(x);
}

/** `(empty? c)` for a vector, MutVec, map or string. */
export function isEmpty(c: ArrayLike<unknown> | WeftMap | string): boolean {
  return c instanceof WeftMap ? c.size === 0 : c.length === 0;
}

/** `(any? xs f)`: stops at the first match. */
export function any<T>(xs: Vec<T>, f: (x: T) => boolean): boolean {
  for (const x of xs) if (f(x)) return true;
  return false;
}
export async function anyAsync<T>(xs: Vec<T>, f: (x: T) => MaybeAsync<boolean>): Promise<boolean> {
  const inFrame = keepFrame();
  for (const x of xs) if (await inFrame(f)(x)) return true;
  return false;
}

/** `(all? xs f)`: stops at the first miss. */
export function all<T>(xs: Vec<T>, f: (x: T) => boolean): boolean {
  for (const x of xs) if (!f(x)) return false;
  return true;
}
export async function allAsync<T>(xs: Vec<T>, f: (x: T) => MaybeAsync<boolean>): Promise<boolean> {
  const inFrame = keepFrame();
  for (const x of xs) if (!(await inFrame(f)(x))) return false;
  return true;
}

/** `(find xs f)` → the first element `f` accepts. */
export function find<T>(xs: Vec<T>, f: (x: T) => boolean): Option<T> {
  for (const x of xs) if (f(x)) return new Some(x);
  return None;
}
export async function findAsync<T>(xs: Vec<T>, f: (x: T) => MaybeAsync<boolean>): Promise<Option<T>> {
  const inFrame = keepFrame();
  for (const x of xs) if (await inFrame(f)(x)) return new Some(x);
  return None;
}

/** `(index-where xs f)` → the index of the first element `f` accepts. */
export function indexWhere<T>(xs: Vec<T>, f: (x: T) => boolean): Option<number> {
  for (let i = 0; i < xs.length; i++) if (f(xs[i] as T)) return new Some(i);
  return None;
}
export async function indexWhereAsync<T>(xs: Vec<T>, f: (x: T) => MaybeAsync<boolean>): Promise<Option<number>> {
  const inFrame = keepFrame();
  for (let i = 0; i < xs.length; i++) if (await inFrame(f)(xs[i] as T)) return new Some(i);
  return None;
}

/** `(map-indexed xs f)`, calling `(f i x)`. */
export function mapIndexed<T, U>(xs: Vec<T>, f: (i: number, x: T) => U): Vec<U> {
  return xs.map((x, i) => f(i, x));
}
export async function mapIndexedAsync<T, U>(xs: Vec<T>, f: (i: number, x: T) => MaybeAsync<U>): Promise<Vec<U>> {
  const inFrame = keepFrame();
  const out: U[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = await inFrame(f)(i, xs[i] as T);
  return out;
}

/** A stable sort of `items` by `keys` (parallel arrays) under `d`. */
function sortByKeys<T, K>(d: OrdDict<K>, items: Vec<T>, keys: readonly K[]): Vec<T> {
  const order = items.map((_, i) => i);
  order.sort((i, j) => compare(d, keys[i] as K, keys[j] as K) || i - j);
  return order.map((i) => items[i] as T);
}

/** `(sort xs)`: stable, by the `Ord` dictionary. */
export function sort<T>(d: OrdDict<T>, xs: Vec<T>): Vec<T> {
  return sortByKeys(d, xs, xs);
}

/** `(sort-by xs key)`: stable; `key` is called once per element. */
export function sortBy<T, K>(d: OrdDict<K>, xs: Vec<T>, key: (x: T) => K): Vec<T> {
  return sortByKeys(d, xs, xs.map((x) => key(x)));
}
export async function sortByAsync<T, K>(d: OrdDict<K>, xs: Vec<T>, key: (x: T) => MaybeAsync<K>): Promise<Vec<T>> {
  const inFrame = keepFrame();
  const keys: K[] = [];
  for (const x of xs) keys.push(await inFrame(key)(x));
  return sortByKeys(d, xs, keys);
}

/** `(group-by xs key)` → `(Map k (Vec a))`, keys in order of first appearance, each group in order. */
export function groupBy<T, K>(xs: Vec<T>, key: (x: T) => K): WeftMap<K, Vec<T>> {
  return groups(xs, xs.map((x) => key(x)));
}
export async function groupByAsync<T, K>(xs: Vec<T>, key: (x: T) => MaybeAsync<K>): Promise<WeftMap<K, Vec<T>>> {
  const inFrame = keepFrame();
  const keys: K[] = [];
  for (const x of xs) keys.push(await inFrame(key)(x));
  return groups(xs, keys);
}

function groups<T, K>(xs: Vec<T>, keys: readonly K[]): WeftMap<K, Vec<T>> {
  const byKey = new Map<unknown, { key: K; items: T[] }>();
  const order: { key: K; items: T[] }[] = [];
  xs.forEach((x, i) => {
    const k = keys[i] as K;
    // The map's own key identity: equal structs are one group.
    const id = canonicalKey(k);
    let g = byKey.get(id);
    if (!g) {
      byKey.set(id, (g = { key: k, items: [] }));
      order.push(g);
    }
    g.items.push(x);
  });
  return WeftMap.of(order.map((g) => [g.key, g.items] as const));
}

/** `(dedupe xs)`: without the elements equal (`Eq`) to an earlier one; the first of each stays. */
export function dedupe<T>(d: EqDict<T>, xs: Vec<T>): Vec<T> {
  const out: T[] = [];
  for (const x of xs) if (!out.some((y) => d.eq(y, x))) out.push(x);
  return out;
}

/** `(pop! mv)`: removes and returns a `MutVec`'s last element. */
export function pop<T>(mv: T[]): Option<T> {
  return mv.length === 0 ? None : new Some(mv.pop() as T);
}
