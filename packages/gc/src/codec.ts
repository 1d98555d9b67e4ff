import { gcError } from "./errors.js";
import { plainLayoutOf, type PlainLayout } from "./PlainLayout.js";
import { S, substitute, type Schema } from "./Schema.js";
import { isSharedHandle, SHARE, type HandleDescriptor } from "./SharedHandle.js";
import { registry as defaultRegistry, type RegisteredType, type TypeRegistry } from "./TypeRegistry.js";

/**
 * An encoded value: structured-clonable, so it can be `postMessage`d as is. With
 * `shared: true` the bytes live in a SharedArrayBuffer, so a flat vector of plain structs is
 * seen by the receiving worker without a copy.
 */
export interface Encoded {
  readonly bytes: Uint8Array;
  readonly strings: readonly string[];
  readonly handles: readonly HandleDescriptor[];
}

export interface CodecOptions {
  /** Where types, lambdas and adapters are registered; the process-wide `registry` by default. */
  readonly registry?: TypeRegistry;
  /** Put the bytes in a SharedArrayBuffer (default `false`: an ArrayBuffer, transferable). */
  readonly shared?: boolean;
}

// Wire tags of self-describing (`S.any`) values.
const T_UNIT = 0, T_FALSE = 1, T_TRUE = 2, T_INT = 3, T_FLOAT = 4, T_STRING = 5, T_KEYWORD = 6,
  T_VEC = 7, T_MAP = 8, T_STRUCT = 9, T_ENUM = 10, T_FN = 11, T_HANDLE = 12, T_ERROR = 13, T_RECORD = 14;
// How a function value crosses.
const FN_CLOSURE = 1, FN_TOP_LEVEL = 2;
// A vector's first word: element count, then whether it is laid out flat.
const VEC_ELEMENTS = 0, VEC_FLAT = 1;

class Writer {
  buf: ArrayBuffer | SharedArrayBuffer;
  u8: Uint8Array;
  i32: Int32Array;
  f64: Float64Array;
  pos = 0;
  readonly strings: string[] = [];
  readonly handles: HandleDescriptor[] = [];
  constructor(
    readonly shared: boolean,
    readonly reg: TypeRegistry,
  ) {
    this.buf = shared ? new SharedArrayBuffer(256) : new ArrayBuffer(256);
    this.u8 = new Uint8Array(this.buf);
    this.i32 = new Int32Array(this.buf);
    this.f64 = new Float64Array(this.buf);
  }
  ensure(n: number): void {
    const need = this.pos + n + 8;
    if (need <= this.buf.byteLength) return;
    let cap = this.buf.byteLength * 2;
    while (cap < need) cap *= 2;
    const next = this.shared ? new SharedArrayBuffer(cap) : new ArrayBuffer(cap);
    const u8 = new Uint8Array(next);
    u8.set(this.u8.subarray(0, this.pos));
    this.buf = next;
    this.u8 = u8;
    this.i32 = new Int32Array(next);
    this.f64 = new Float64Array(next);
  }
  byte(v: number): void {
    this.ensure(1);
    this.u8[this.pos++] = v;
  }
  int(v: number): void {
    this.ensure(4);
    this.pos = (this.pos + 3) & ~3;
    this.i32[this.pos >> 2] = v;
    this.pos += 4;
  }
  float(v: number): void {
    this.ensure(8);
    this.pos = (this.pos + 7) & ~7;
    this.f64[this.pos >> 3] = v;
    this.pos += 8;
  }
  str(s: string): void {
    this.int(this.strings.push(s) - 1);
  }
}

class Reader {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f64: Float64Array;
  readonly strings: readonly string[];
  readonly handles: readonly HandleDescriptor[];
  pos = 0;
  constructor(
    e: Encoded,
    readonly reg: TypeRegistry,
  ) {
    const b = e.bytes;
    if (b.byteOffset % 8 !== 0) throw gcError("corrupt", "bytes must start 8-aligned in their buffer");
    this.u8 = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    this.i32 = new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
    this.f64 = new Float64Array(b.buffer, b.byteOffset, b.byteLength >> 3);
    this.strings = e.strings;
    this.handles = e.handles;
  }
  byte(): number {
    if (this.pos >= this.u8.length) throw gcError("corrupt", "read past the end");
    return this.u8[this.pos++]!;
  }
  int(): number {
    this.pos = (this.pos + 3) & ~3;
    const v = this.i32[this.pos >> 2];
    if (v === undefined) throw gcError("corrupt", "read past the end");
    this.pos += 4;
    return v;
  }
  float(): number {
    this.pos = (this.pos + 7) & ~7;
    const v = this.f64[this.pos >> 3];
    if (v === undefined) throw gcError("corrupt", "read past the end");
    this.pos += 8;
    return v;
  }
  str(): string {
    const s = this.strings[this.int()];
    if (s === undefined) throw gcError("corrupt", "string index out of range");
    return s;
  }
}

/** Field schemas of a registered type instantiated with `args`, cached per schema object. */
const instCache = new WeakMap<Schema, { type: RegisteredType; fields: (readonly Schema[])[]; names: string[] }>();
function instantiate(reg: TypeRegistry, s: Schema & { k: "type" }) {
  let hit = instCache.get(s);
  if (hit !== undefined) return hit;
  const type = reg.type(s.tag);
  hit =
    type.kind === "struct"
      ? { type, fields: [type.fields.map(([, f]) => substitute(f, s.args))], names: type.fields.map(([n]) => n) }
      : { type, fields: type.variants.map((v) => v.fields.map((f) => substitute(f, s.args))), names: [] };
  instCache.set(s, hit);
  return hit;
}

const describe = (v: unknown): string =>
  v === null ? "null" : typeof v === "object" ? (v.constructor?.name ?? "object") : typeof v;

/**
 * Encodes a Shareable value of static type `schema` (self-describing when `S.any`).
 *
 * @example
 * const e = encode(entities, S.vec(S.type("Entity")), { shared: true });
 * worker.postMessage(e);            // the worker calls decode(e, S.vec(S.type("Entity")))
 */
export function encode(value: unknown, schema: Schema = S.any, options: CodecOptions = {}): Encoded {
  const w = new Writer(options.shared ?? false, options.registry ?? defaultRegistry);
  put(w, value, schema);
  return { bytes: w.u8.subarray(0, w.pos), strings: w.strings, handles: w.handles };
}

/** Decodes what `encode` produced with the same schema: structs and enums arrive as their registered classes. */
export function decode<T = unknown>(encoded: Encoded, schema: Schema = S.any, options: Omit<CodecOptions, "shared"> = {}): T {
  return get(new Reader(encoded, options.registry ?? defaultRegistry), schema) as T;
}

function put(w: Writer, v: unknown, s: Schema): void {
  switch (s.k) {
    case "int":
      return w.int(v as number);
    case "float":
      return w.float(v as number);
    case "bool":
      return w.byte(v ? 1 : 0);
    case "string":
      return w.str(v as string);
    case "keyword":
      return w.str(adapter(w.reg, "keywords").name(v));
    case "unit":
      return;
    case "error":
      return w.str(errorMessage(w.reg, v));
    case "fn":
      return putFn(w, v);
    case "handle":
      if (!isSharedHandle(v)) throw gcError("schemaMismatch", "an atom or channel", describe(v));
      return w.int(w.handles.push(v[SHARE]()) - 1);
    case "any":
      return putAny(w, v);
    case "vec": {
      const items = v as readonly unknown[];
      const layout = plainLayoutOf(w.reg, s.of);
      w.int(items.length);
      if (layout !== null) {
        w.int(VEC_FLAT);
        putFlat(w, items, layout);
      } else {
        w.int(VEC_ELEMENTS);
        for (const x of items) put(w, x, s.of);
      }
      return;
    }
    case "map": {
      const entries = [...adapter(w.reg, "maps").entries(v)];
      w.int(entries.length);
      for (const [k, x] of entries) {
        put(w, k, s.key);
        put(w, x, s.value);
      }
      return;
    }
    case "type": {
      const inst = instantiate(w.reg, s);
      if (inst.type.kind === "struct") {
        const o = v as Record<string, unknown>;
        const fs = inst.fields[0]!;
        for (let i = 0; i < fs.length; i++) put(w, o[inst.names[i]!], fs[i]!);
        return;
      }
      const tag = (v as { $tag?: unknown }).$tag;
      const fs = typeof tag === "number" ? inst.fields[tag] : undefined;
      if (fs === undefined) throw gcError("schemaMismatch", `a variant of ${s.tag}`, describe(v));
      w.int(tag as number);
      const o = v as Record<string, unknown>;
      for (let i = 0; i < fs.length; i++) put(w, o[`_${i}`], fs[i]!);
      return;
    }
    case "param":
      throw gcError("unboundParam", s.index);
  }
}

function putFlat(w: Writer, items: readonly unknown[], layout: PlainLayout): void {
  w.ensure(items.length * layout.size + 8);
  w.pos = (w.pos + 7) & ~7;
  layout.encodeVec(items, w.f64, w.i32, w.u8, w.pos);
  w.pos += items.length * layout.size;
}

function putFn(w: Writer, v: unknown): void {
  if (typeof v !== "function") throw gcError("schemaMismatch", "a function", describe(v));
  const f = v as { $id?: unknown; $env?: unknown; $module?: unknown };
  if (typeof f.$id === "number") {
    const { module } = w.reg.lambdas(typeof f.$module === "string" ? f.$module : null);
    const env = Array.isArray(f.$env) ? (f.$env as unknown[]) : [];
    w.byte(FN_CLOSURE);
    w.str(module);
    w.int(f.$id);
    w.int(env.length);
    for (const x of env) putAny(w, x);
    return;
  }
  const named = w.reg.functionName(v);
  if (named === undefined) throw gcError("notShareable", "a function that is neither a closure nor in a function table");
  w.byte(FN_TOP_LEVEL);
  w.str(named.module);
  w.str(named.name);
}

function putAny(w: Writer, v: unknown): void {
  switch (typeof v) {
    case "undefined":
      return w.byte(T_UNIT);
    case "boolean":
      return w.byte(v ? T_TRUE : T_FALSE);
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) {
        w.byte(T_INT);
        return w.int(v);
      }
      w.byte(T_FLOAT);
      return w.float(v);
    case "string":
      w.byte(T_STRING);
      return w.str(v);
    case "function":
      w.byte(T_FN);
      return putFn(w, v);
    case "object": {
      if (v === null) break;
      if (Array.isArray(v)) {
        w.byte(T_VEC);
        w.int(v.length);
        for (const x of v) putAny(w, x);
        return;
      }
      if (ArrayBuffer.isView(v)) throw gcError("notShareable", "a MutVec (typed array)");
      if (isSharedHandle(v)) {
        w.byte(T_HANDLE);
        return w.int(w.handles.push(v[SHARE]()) - 1);
      }
      const reg = w.reg;
      if (reg.keywords?.is(v)) {
        w.byte(T_KEYWORD);
        return w.str(reg.keywords.name(v));
      }
      if (reg.maps?.is(v)) {
        const entries = [...reg.maps.entries(v)];
        w.byte(T_MAP);
        w.int(entries.length);
        for (const [k, x] of entries) {
          putAny(w, k);
          putAny(w, x);
        }
        return;
      }
      const t = reg.typeOf(v);
      if (t !== undefined) {
        const o = v as Record<string, unknown>;
        if (t.type.kind === "struct") {
          w.byte(T_STRUCT);
          w.str(t.type.tag);
          for (const [name] of t.type.fields) putAny(w, o[name]);
          return;
        }
        const variant = t.type.variants[t.variant];
        if (variant === undefined) throw gcError("corrupt", `${t.type.tag} has no variant ${t.variant}`);
        w.byte(T_ENUM);
        w.str(t.type.tag);
        w.int(t.variant);
        for (let i = 0; i < variant.fields.length; i++) putAny(w, o[`_${i}`]);
        return;
      }
      if (reg.errors?.is(v) || v instanceof Error) {
        w.byte(T_ERROR);
        return w.str(errorMessage(reg, v));
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto === Object.prototype || proto === null) {
        // A class dictionary (`{ show }`) a closure captured: its methods are closures themselves.
        const keys = Object.keys(v);
        w.byte(T_RECORD);
        w.int(keys.length);
        for (const k of keys) {
          w.str(k);
          putAny(w, (v as Record<string, unknown>)[k]);
        }
        return;
      }
      throw gcError("unregisteredClass", describe(v));
    }
  }
  throw gcError("notShareable", describe(v));
}

function get(r: Reader, s: Schema): unknown {
  switch (s.k) {
    case "int":
      return r.int();
    case "float":
      return r.float();
    case "bool":
      return r.byte() !== 0;
    case "string":
      return r.str();
    case "keyword":
      return adapter(r.reg, "keywords").intern(r.str());
    case "unit":
      return undefined;
    case "error":
      return makeError(r.reg, r.str());
    case "fn":
      return getFn(r);
    case "handle":
      return getHandle(r);
    case "any":
      return getAny(r);
    case "vec": {
      const n = r.int();
      if (r.int() === VEC_FLAT) {
        const layout = plainLayoutOf(r.reg, s.of);
        if (layout === null) throw gcError("corrupt", "flat vector for a schema that is not plain");
        r.pos = (r.pos + 7) & ~7;
        const out = layout.decodeVec(n, r.f64, r.i32, r.u8, r.pos);
        r.pos += n * layout.size;
        return out;
      }
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = get(r, s.of);
      return out;
    }
    case "map": {
      const n = r.int();
      const entries: [unknown, unknown][] = [];
      for (let i = 0; i < n; i++) entries.push([get(r, s.key), get(r, s.value)]);
      return adapter(r.reg, "maps").make(entries);
    }
    case "type": {
      const inst = instantiate(r.reg, s);
      if (inst.type.kind === "struct") {
        const fs = inst.fields[0]!;
        const args = new Array<unknown>(fs.length);
        for (let i = 0; i < fs.length; i++) args[i] = get(r, fs[i]!);
        return new inst.type.ctor(...args);
      }
      const tag = r.int();
      const variant = inst.type.variants[tag];
      const fs = inst.fields[tag];
      if (variant === undefined || fs === undefined) throw gcError("corrupt", `${s.tag} has no variant ${tag}`);
      if (variant.instance !== null) return variant.instance;
      const args = fs.map((f) => get(r, f));
      return new variant.ctor!(...args);
    }
    case "param":
      throw gcError("unboundParam", s.index);
  }
}

function getFn(r: Reader): unknown {
  const how = r.byte();
  const module = r.str();
  if (how === FN_TOP_LEVEL) return r.reg.fn(module, r.str());
  if (how !== FN_CLOSURE) throw gcError("corrupt", `function kind ${how}`);
  const id = r.int();
  const n = r.int();
  const env = new Array<unknown>(n);
  for (let i = 0; i < n; i++) env[i] = getAny(r);
  const make = r.reg.lambdas(module).table[id];
  if (make === undefined) throw gcError("unknownLambda", module, id);
  const f = make(env) as unknown as Record<string, unknown>;
  // Rebuilt closures must be able to cross again, so they carry their identity like the original.
  if (f.$id === undefined && Object.isExtensible(f)) Object.assign(f, { $id: id, $env: env, $module: module });
  return f;
}

function getHandle(r: Reader): unknown {
  const d = r.handles[r.int()];
  if (d === undefined) throw gcError("corrupt", "handle index out of range");
  return r.reg.reviver(d.kind)(d);
}

function getAny(r: Reader): unknown {
  const tag = r.byte();
  switch (tag) {
    case T_UNIT:
      return undefined;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_INT:
      return r.int();
    case T_FLOAT:
      return r.float();
    case T_STRING:
      return r.str();
    case T_KEYWORD:
      return adapter(r.reg, "keywords").intern(r.str());
    case T_VEC: {
      const n = r.int();
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = getAny(r);
      return out;
    }
    case T_MAP: {
      const n = r.int();
      const entries: [unknown, unknown][] = [];
      for (let i = 0; i < n; i++) entries.push([getAny(r), getAny(r)]);
      return adapter(r.reg, "maps").make(entries);
    }
    case T_STRUCT: {
      const t = r.reg.type(r.str());
      if (t.kind !== "struct") throw gcError("corrupt", `${t.tag} is not a struct`);
      const args = t.fields.map(() => getAny(r));
      return new t.ctor(...args);
    }
    case T_ENUM: {
      const t = r.reg.type(r.str());
      const i = r.int();
      const variant = t.kind === "enum" ? t.variants[i] : undefined;
      if (variant === undefined) throw gcError("corrupt", `${t.tag} has no variant ${i}`);
      if (variant.instance !== null) return variant.instance;
      const args = variant.fields.map(() => getAny(r));
      return new variant.ctor!(...args);
    }
    case T_FN:
      return getFn(r);
    case T_HANDLE:
      return getHandle(r);
    case T_ERROR:
      return makeError(r.reg, r.str());
    case T_RECORD: {
      const n = r.int();
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = r.str();
        o[k] = getAny(r);
      }
      return o;
    }
  }
  throw gcError("corrupt", `unknown tag ${tag}`);
}

function adapter<K extends "keywords" | "maps">(reg: TypeRegistry, k: K): NonNullable<TypeRegistry[K]> {
  const a = reg[k];
  if (a === null) throw gcError("noAdapter", k === "keywords" ? "keyword" : "map");
  return a as NonNullable<TypeRegistry[K]>;
}

function errorMessage(reg: TypeRegistry, v: unknown): string {
  if (reg.errors !== null) return reg.errors.message(v);
  return v instanceof Error ? v.message : String(v);
}

function makeError(reg: TypeRegistry, message: string): unknown {
  return reg.errors !== null ? reg.errors.make(message) : new Error(message);
}

/**
 * A vector of plain-data structs read in place: `f64`/`i32`/`u8` view the encoded block (shared
 * memory when encoded with `shared: true`), element `i`'s field at byte `byteOffset + i * stride
 * + offsetOf(path)`. Nothing is copied until `get(i)` materialises one element.
 */
export class FlatVec<T = unknown> {
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
  readonly #offsets: Map<string, number>;
  constructor(
    readonly layout: PlainLayout,
    readonly length: number,
    readonly byteOffset: number,
    views: { f64: Float64Array; i32: Int32Array; u8: Uint8Array },
  ) {
    this.f64 = views.f64;
    this.i32 = views.i32;
    this.u8 = views.u8;
    this.#offsets = new Map(layout.fields.map((f) => [f.path.join("."), f.offset]));
  }
  /** Bytes per element. */
  get stride(): number {
    return this.layout.size;
  }
  /** Byte offset of a field inside an element: `offsetOf("pos.x")`. */
  offsetOf(path: string): number {
    const o = this.#offsets.get(path);
    if (o === undefined) throw gcError("schemaMismatch", `a field of ${this.layout.tag}`, path);
    return o;
  }
  /** Float field `path` of element `i`. */
  float(i: number, path: string): number {
    return this.f64[(this.byteOffset + i * this.layout.size + this.offsetOf(path)) >> 3]!;
  }
  /** Int field `path` of element `i`. */
  int(i: number, path: string): number {
    return this.i32[(this.byteOffset + i * this.layout.size + this.offsetOf(path)) >> 2]!;
  }
  /** Element `i`, materialised as its class. */
  get(i: number): T {
    return this.layout.decodeOne(this.f64, this.i32, this.u8, this.byteOffset + i * this.layout.size) as T;
  }
}

/**
 * Reads an encoded `(Vec T)` of plain-data structs in place instead of materialising it: what a
 * par-map worker uses to see 10,000 entities without a per-object copy.
 */
export function decodeFlat<T = unknown>(encoded: Encoded, schema: Schema, options: Omit<CodecOptions, "shared"> = {}): FlatVec<T> {
  const reg = options.registry ?? defaultRegistry;
  if (schema.k !== "vec") throw gcError("notFlat", "schema");
  const layout = plainLayoutOf(reg, schema.of);
  if (layout === null) throw gcError("notFlat", "schema");
  const r = new Reader(encoded, reg);
  const n = r.int();
  if (r.int() !== VEC_FLAT) throw gcError("notFlat", "encoded value");
  const at = (r.pos + 7) & ~7;
  return new FlatVec<T>(layout, n, at, r);
}

/** The fixed layout codegen can inspect (or a test can print) for a plain-data struct schema. */
export function plainLayout(schema: Schema, reg: TypeRegistry = defaultRegistry): PlainLayout | null {
  return plainLayoutOf(reg, schema);
}
