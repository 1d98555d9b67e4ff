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

type Entries<K, V> = Map<unknown, readonly [K, V]>;

/**
 * A version of a map: the one that holds the table, or one key away from another version
 * (`entry` undefined: the key is absent here).
 */
type Version<K, V> =
  | { readonly table: Entries<K, V> }
  | { readonly key: unknown; readonly entry: (readonly [K, V]) | undefined; readonly next: WeftMap<K, V> };

/**
 * A Weft `(Map k v)`: immutable, insertion-ordered (re-inserting a key keeps its place), with
 * struct and enum keys compared by value.
 *
 * `insert` costs O(1), not a copy of the map: the versions of a map share one table, which the
 * newest holds; an older version is the key that differs from the next one (Baker's rerooting,
 * as Conchon and Filliâtre's persistent arrays). Reading an older version moves the table back
 * to it, one key at a time, so a loop that keeps inserting into its latest map never copies.
 * Every insert of a new key appends, and keys are taken back in the reverse order, so the
 * insertion order survives the moves. `remove` copies (putting a removed key back would move it
 * to the end).
 *
 * ```ts
 * const m = WeftMap.of([[kw("a"), 1]]).insert(kw("b"), 2);
 * m.get(kw("b")); // Some(2)
 * ```
 */
export class WeftMap<K = unknown, V = unknown> {
  #version: Version<K, V>;

  private constructor(table: Entries<K, V>) {
    this.#version = { table };
  }

  /** A map of the given entries, later duplicates replacing earlier values in place. */
  static of<K, V>(entries: Iterable<readonly [K, V]> = []): WeftMap<K, V> {
    const t: Entries<K, V> = new Map();
    for (const [k, v] of entries) t.set(canonicalKey(k), [k, v]);
    return new WeftMap(t);
  }

  /** This version's entries: the shared table, moved here first. */
  #table(): Entries<K, V> {
    if ("table" in this.#version) return this.#version.table;
    const path: WeftMap<K, V>[] = [];
    let at: WeftMap<K, V> = this;
    while (!("table" in at.#version)) {
      path.push(at);
      at = at.#version.next;
    }
    const table = at.#version.table;
    // From the holder back to this version: each step applies its key and leaves the version it
    // came from one key away from the new holder.
    for (let i = path.length - 1; i >= 0; i--) {
      const here = path[i]!;
      const step = here.#version as Extract<Version<K, V>, { key: unknown }>;
      const holder = step.next;
      const old = table.get(step.key);
      if (step.entry === undefined) table.delete(step.key);
      else table.set(step.key, step.entry);
      holder.#version = { key: step.key, entry: old, next: here };
      here.#version = { table };
    }
    return table;
  }

  /** `(count m)`. */
  get size(): number {
    return this.#table().size;
  }

  /** `(get m k)`: `(Some v)` or `None`. */
  get(k: K): Option<V> {
    const e = this.#table().get(canonicalKey(k));
    return e === undefined ? None : new Some(e[1]);
  }

  /** Whether `k` is a key. */
  has(k: K): boolean {
    return this.#table().has(canonicalKey(k));
  }

  /** `(insert m k v)`: a new map; an existing key keeps its place. */
  insert(k: K, v: V): WeftMap<K, V> {
    const t = this.#table();
    const c = canonicalKey(k);
    const old = t.get(c);
    t.set(c, [k, v]);
    const next = new WeftMap(t);
    this.#version = { key: c, entry: old, next };
    return next;
  }

  /** `(remove m k)`: a new map without `k`. */
  remove(k: K): WeftMap<K, V> {
    const c = canonicalKey(k);
    const table = this.#table();
    if (!table.has(c)) return this;
    const t = new Map(table);
    t.delete(c);
    return new WeftMap(t);
  }

  /** `(keys m)`, in insertion order. */
  keys(): K[] {
    return [...this.#table().values()].map((e) => e[0]);
  }

  /** `(vals m)`, in insertion order. */
  vals(): V[] {
    return [...this.#table().values()].map((e) => e[1]);
  }

  /**
   * The entries, in insertion order: a snapshot, so reading or inserting into another version
   * of this map while iterating (which moves the shared table) does not change what is iterated.
   */
  entries(): IterableIterator<readonly [K, V]> {
    return [...this.#table().values()].values();
  }
}
