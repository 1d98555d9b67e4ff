import type { EqDict, ShowDict } from "./Dictionaries.js";
import { named } from "./DictName.js";
import { WeftMap } from "./WeftMap.js";
import { keepFrame } from "./Frames.js";

// The map half of LANGUAGE.md §4.1; higher-order functions in both colours, as in Vectors.ts.

type MaybeAsync<T> = T | Promise<T>;

/** A Weft `(Entry k v)`: one key and its value, fields `.key` and `.val`; prints `(Entry :x 1)`. */
export class Entry<K = unknown, V = unknown> {
  constructor(
    readonly key: K,
    readonly val: V,
  ) {}
  static $type = "Entry";
}

/** `Show (Entry k v)`. */
export function showEntry<K, V>(dk: ShowDict<K>, dv: ShowDict<V>): ShowDict<Entry<K, V>> {
  return named({ show: (e: Entry<K, V>) => `(Entry ${dk.show(e.key)} ${dv.show(e.val)})` }, "@weft/runtime-core", "showEntry", [dk, dv]);
}

/** `Eq (Entry k v)`. */
export function eqEntry<K, V>(dk: EqDict<K>, dv: EqDict<V>): EqDict<Entry<K, V>> {
  return named({ eq: (a: Entry<K, V>, b: Entry<K, V>) => dk.eq(a.key, b.key) && dv.eq(a.val, b.val) }, "@weft/runtime-core", "eqEntry", [dk, dv]);
}

/** `(contains? m k)`. */
export function contains<K, V>(m: WeftMap<K, V>, k: K): boolean {
  return m.has(k);
}

/** `(get-or m k default)`. */
export function getOr<K, V>(m: WeftMap<K, V>, k: K, otherwise: V): V {
  const v = m.get(k);
  return v.$tag === 1 ? v._0 : otherwise;
}

/** `(update m k f)`: `f` applied to the value at `k`; a map without `k` is returned unchanged. */
export function update<K, V>(m: WeftMap<K, V>, k: K, f: (v: V) => V): WeftMap<K, V> {
  const v = m.get(k);
  return v.$tag === 1 ? m.insert(k, f(v._0)) : m;
}
export async function updateAsync<K, V>(m: WeftMap<K, V>, k: K, f: (v: V) => MaybeAsync<V>): Promise<WeftMap<K, V>> {
  const inFrame = keepFrame();
  const v = m.get(k);
  return v.$tag === 1 ? m.insert(k, await inFrame(f)(v._0)) : m;
}

/** `(entries m)` → `(Vec (Entry k v))`, in insertion order. */
export function entries<K, V>(m: WeftMap<K, V>): readonly Entry<K, V>[] {
  return [...m.entries()].map(([k, v]) => new Entry(k, v));
}

/** `(from-entries xs)`: later entries of a key replace earlier values (the key keeps its first place). */
export function fromEntries<K, V>(xs: readonly Entry<K, V>[]): WeftMap<K, V> {
  return WeftMap.of(xs.map((e) => [e.key, e.val] as const));
}

/** `(map-vals m f)`: the same keys, in the same order, with `f` of each value. */
export function mapVals<K, V, W>(m: WeftMap<K, V>, f: (v: V) => W): WeftMap<K, W> {
  return WeftMap.of([...m.entries()].map(([k, v]) => [k, f(v)] as const));
}
export async function mapValsAsync<K, V, W>(m: WeftMap<K, V>, f: (v: V) => MaybeAsync<W>): Promise<WeftMap<K, W>> {
  const inFrame = keepFrame();
  const out: (readonly [K, W])[] = [];
  for (const [k, v] of m.entries()) out.push([k, await inFrame(f)(v)]);
  return WeftMap.of(out);
}

/** `(merge m1 m2)`: every entry of both; `m2`'s value wins for a key in both (which keeps `m1`'s place). */
export function merge<K, V>(a: WeftMap<K, V>, b: WeftMap<K, V>): WeftMap<K, V> {
  return WeftMap.of([...a.entries(), ...b.entries()]);
}
