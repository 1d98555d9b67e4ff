import { Keyword } from "./Keyword.js";
import { None, Some, type Option } from "./Variants.js";

/**
 * The key a `WeftMap` stores: primitives and keywords as they are, structs and enums as a
 * canonical string of their contents, so two equal structs are one key.
 */
export function canonicalKey(k: unknown): unknown {
  if (typeof k !== "object" || k === null || k instanceof Keyword) return k;
  return "\u0000" + encode(k);
}

function encode(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === undefined) return "()";
  if (v instanceof Keyword) return `:${v.name}`;
  if (Array.isArray(v)) return `[${v.map(encode).join(" ")}]`;
  if (v instanceof WeftMap) return `{${[...v.entries()].map(([a, b]) => `${encode(a)} ${encode(b)}`).join(" ")}}`;
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    return `(${(v.constructor as { name: string }).name} ${Object.keys(o).map((f) => encode(o[f])).join(" ")})`;
  }
  return String(v);
}

/**
 * A Weft `(Map k v)`: immutable, insertion-ordered (re-inserting a key keeps its place), with
 * struct and enum keys compared by value.
 *
 * ```ts
 * const m = WeftMap.of([[kw("a"), 1]]).insert(kw("b"), 2);
 * m.get(kw("b")); // Some(2)
 * ```
 */
export class WeftMap<K = unknown, V = unknown> {
  readonly #table: Map<unknown, readonly [K, V]>;

  private constructor(table: Map<unknown, readonly [K, V]>) {
    this.#table = table;
  }

  /** A map of the given entries, later duplicates replacing earlier values in place. */
  static of<K, V>(entries: Iterable<readonly [K, V]> = []): WeftMap<K, V> {
    const t = new Map<unknown, readonly [K, V]>();
    for (const [k, v] of entries) t.set(canonicalKey(k), [k, v]);
    return new WeftMap(t);
  }

  /** `(count m)`. */
  get size(): number {
    return this.#table.size;
  }

  /** `(get m k)`: `(Some v)` or `None`. */
  get(k: K): Option<V> {
    const e = this.#table.get(canonicalKey(k));
    return e === undefined ? None : new Some(e[1]);
  }

  /** Whether `k` is a key. */
  has(k: K): boolean {
    return this.#table.has(canonicalKey(k));
  }

  /** `(insert m k v)`: a new map; an existing key keeps its place. */
  insert(k: K, v: V): WeftMap<K, V> {
    const t = new Map(this.#table);
    t.set(canonicalKey(k), [k, v]);
    return new WeftMap(t);
  }

  /** `(remove m k)`: a new map without `k`. */
  remove(k: K): WeftMap<K, V> {
    const c = canonicalKey(k);
    if (!this.#table.has(c)) return this;
    const t = new Map(this.#table);
    t.delete(c);
    return new WeftMap(t);
  }

  /** `(keys m)`, in insertion order. */
  keys(): K[] {
    return [...this.#table.values()].map((e) => e[0]);
  }

  /** `(vals m)`, in insertion order. */
  vals(): V[] {
    return [...this.#table.values()].map((e) => e[1]);
  }

  /** The entries, in insertion order. */
  entries(): IterableIterator<readonly [K, V]> {
    return this.#table.values();
  }
}
