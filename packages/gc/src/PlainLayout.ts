import { substitute, type Schema } from "./Schema.js";
import type { StructType, TypeRegistry, ValueClass } from "./TypeRegistry.js";

/** One scalar slot of a plain-data struct, flattened through nested structs. */
export interface PlainField {
  /** Field names from the outer struct inwards, e.g. `["pos", "x"]`. */
  readonly path: readonly string[];
  readonly kind: "i32" | "f64" | "bool";
  /** Byte offset inside one element. */
  readonly offset: number;
}

/**
 * The fixed binary layout of a plain-data struct (only Int/Float/Bool fields, nested plain
 * structs allowed): Int as int32 at a 4-aligned offset, Float as float64 at an 8-aligned one,
 * Bool as one byte; nested structs are inlined 8-aligned; the size is rounded up to 8 so that a
 * vector of them is an array of 8-aligned records any typed-array view can index.
 */
export interface PlainLayout {
  readonly tag: string;
  readonly size: number;
  readonly fields: readonly PlainField[];
  /** Writes `items[from..to)` (all of them by default) from byte `base` (8-aligned) of the views. */
  readonly encodeVec: (items: readonly unknown[], f64: Float64Array, i32: Int32Array, u8: Uint8Array, base: number, from?: number, to?: number) => void;
  /** Writes one element at byte `at` (8-aligned): a channel's ring slot, with no array around it. */
  readonly encodeOne: (o: unknown, f64: Float64Array, i32: Int32Array, u8: Uint8Array, at: number) => void;
  /** Materialises `n` elements from byte `base`. */
  readonly decodeVec: (n: number, f64: Float64Array, i32: Int32Array, u8: Uint8Array, base: number) => unknown[];
  /** Materialises the element at byte `at`. */
  readonly decodeOne: (f64: Float64Array, i32: Int32Array, u8: Uint8Array, at: number) => unknown;
}

type Tree = { ctor: ValueClass; parts: ({ leaf: PlainField } | { node: Tree; name: string })[] };

const caches = new WeakMap<TypeRegistry, WeakMap<Schema, PlainLayout | null>>();

/**
 * The plain layout of `schema` if it names a plain-data struct, else `null`. Cached per schema
 * object, so codegen that hands the codec one static schema per call site computes it once.
 */
export function plainLayoutOf(reg: TypeRegistry, schema: Schema): PlainLayout | null {
  let cache = caches.get(reg);
  if (cache === undefined) caches.set(reg, (cache = new WeakMap()));
  const hit = cache.get(schema);
  if (hit !== undefined) return hit;
  const layout = compute(reg, schema);
  cache.set(schema, layout);
  return layout;
}

function compute(reg: TypeRegistry, schema: Schema): PlainLayout | null {
  if (schema.k !== "type") return null;
  const t = reg.type(schema.tag);
  if (t.kind !== "struct") return null;
  const fields: PlainField[] = [];
  const tree = place(reg, t, schema.args, [], 0, fields);
  if (tree === null) return null;
  const size = align(tree.end, 8);
  return build(schema.tag, size, fields, tree.tree);
}

const align = (n: number, a: number) => (n + a - 1) & ~(a - 1);

function place(
  reg: TypeRegistry,
  t: StructType,
  args: readonly Schema[],
  path: readonly string[],
  start: number,
  out: PlainField[],
): { tree: Tree; end: number } | null {
  let at = start;
  const tree: Tree = { ctor: t.ctor, parts: [] };
  for (const [name, raw] of t.fields) {
    const s = substitute(raw, args);
    const p = [...path, name];
    if (s.k === "int" || s.k === "float" || s.k === "bool") {
      const kind = s.k === "int" ? "i32" : s.k === "float" ? "f64" : "bool";
      at = align(at, kind === "f64" ? 8 : kind === "i32" ? 4 : 1);
      const leaf: PlainField = { path: p, kind, offset: at };
      out.push(leaf);
      tree.parts.push({ leaf });
      at += kind === "f64" ? 8 : kind === "i32" ? 4 : 1;
    } else if (s.k === "type") {
      const inner = reg.type(s.tag);
      if (inner.kind !== "struct") return null;
      const sub = place(reg, inner, s.args, p, align(at, 8), out);
      if (sub === null) return null;
      tree.parts.push({ node: sub.tree, name });
      at = sub.end;
    } else {
      return null;
    }
  }
  return { tree, end: at };
}

/**
 * Generates straight-line encoders/decoders for the layout (the way protobuf.js does): one
 * store or load per scalar, no per-field dispatch, so a 10,000-element vector is a tight loop.
 */
function build(tag: string, size: number, fields: PlainField[], tree: Tree): PlainLayout {
  const ctors: ValueClass[] = [];
  const words = size >> 3;
  const acc = (path: readonly string[]) => "o" + path.map((n) => `[${JSON.stringify(n)}]`).join("");
  const store = fields
    .map((f) => {
      const v = acc(f.path);
      if (f.kind === "f64") return `f64[q + ${f.offset >> 3}] = ${v};`;
      if (f.kind === "i32") return `i32[2 * q + ${f.offset >> 2}] = ${v};`;
      return `u8[8 * q + ${f.offset}] = ${v} ? 1 : 0;`;
    })
    .join("\n");
  const make = (t: Tree): string => {
    const i = ctors.push(t.ctor) - 1;
    const args = t.parts.map((p) => {
      if ("node" in p) return make(p.node);
      const f = p.leaf;
      if (f.kind === "f64") return `f64[q + ${f.offset >> 3}]`;
      if (f.kind === "i32") return `i32[2 * q + ${f.offset >> 2}]`;
      return `u8[8 * q + ${f.offset}] !== 0`;
    });
    return `new C${i}(${args.join(", ")})`;
  };
  const construct = make(tree);
  const names = ctors.map((_, i) => `C${i}`);
  const encodeVec = new Function(
    `return function encodeVec(items, f64, i32, u8, base, from = 0, to = items.length) {
      for (let i = from, q = base >> 3; i < to; i++, q += ${words}) {
        const o = items[i];
        ${store}
      }
    };`,
  )() as PlainLayout["encodeVec"];
  const encodeOne = new Function(
    `return function encodeOne(o, f64, i32, u8, at) { const q = at >> 3; ${store} };`,
  )() as PlainLayout["encodeOne"];
  const decodeVec = new Function(
    ...names,
    `return function decodeVec(n, f64, i32, u8, base) {
      const out = new Array(n);
      for (let i = 0, q = base >> 3; i < n; i++, q += ${words}) out[i] = ${construct};
      return out;
    };`,
  )(...ctors) as PlainLayout["decodeVec"];
  const decodeOne = new Function(
    ...names,
    `return function decodeOne(f64, i32, u8, at) { const q = at >> 3; return ${construct}; };`,
  )(...ctors) as PlainLayout["decodeOne"];
  return { tag, size, fields, encodeVec, encodeOne, decodeVec, decodeOne };
}
