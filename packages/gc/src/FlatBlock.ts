import { plainLayoutOf, type PlainLayout } from "./PlainLayout.js";
import { S, type Schema } from "./Schema.js";
import { registry as defaultRegistry, type TypeRegistry } from "./TypeRegistry.js";

/**
 * A vector of one plain-data struct laid out flat in its own `SharedArrayBuffer`: element `i`
 * at byte `i × layout.size`, in the struct's fixed layout (`plainLayout`). Every thread that
 * receives the buffer reads and writes the same memory, so a vector kept like this crosses to a
 * worker for the price of a pointer.
 */
export interface FlatBlock {
  /** The struct's registered tag. */
  readonly tag: string;
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

/** Typed-array views over a flat block's buffer, as `PlainLayout`'s encoders and decoders take them. */
export interface FlatViews {
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly u8: Uint8Array;
}

// One schema object per tag: layouts are cached per schema object.
const schemas = new Map<string, Schema>();

/**
 * The tags of vectors of numbers and of Bools: an `Int` or a `Float` is a JS number either way,
 * so both are kept as float64 (every Int fits exactly, and -0 and NaN survive).
 */
export const NUMBERS = "#number";
export const BOOLS = "#bool";

const scalarLayout = (tag: string, load: string, store: string): PlainLayout => {
  const make = (body: string) => new Function(`return ${body}`)();
  return {
    tag,
    size: 8,
    fields: [],
    encodeVec: make(`function encodeVec(items, f64, i32, u8, base, from = 0, to = items.length) {
      for (let i = from, q = base >> 3; i < to; i++, q++) { const o = items[i]; ${store} }
    }`),
    encodeOne: make(`function encodeOne(o, f64, i32, u8, at) { const q = at >> 3; ${store} }`),
    decodeVec: make(`function decodeVec(n, f64, i32, u8, base) {
      const out = new Array(n);
      for (let i = 0, q = base >> 3; i < n; i++, q++) out[i] = ${load};
      return out;
    }`),
    decodeOne: make(`function decodeOne(f64, i32, u8, at) { const q = at >> 3; return ${load}; }`),
  };
};
const scalars = new Map<string, PlainLayout>([
  [NUMBERS, scalarLayout(NUMBERS, "f64[q]", "f64[q] = o;")],
  [BOOLS, scalarLayout(BOOLS, "u8[8 * q] !== 0", "u8[8 * q] = o ? 1 : 0;")],
]);

/**
 * The layout of the plain-data struct registered as `tag` (or of `NUMBERS` or `BOOLS`), else
 * `null`.
 */
export function flatLayout(tag: string, reg: TypeRegistry = defaultRegistry): PlainLayout | null {
  const scalar = scalars.get(tag);
  if (scalar !== undefined) return scalar;
  let s = schemas.get(tag);
  if (s === undefined) schemas.set(tag, (s = S.type(tag)));
  return plainLayoutOf(reg, s);
}

/**
 * The flat tag of `x`: its struct's when it is an instance of a plain-data struct, `NUMBERS` for
 * a number, `BOOLS` for a Bool; else `null`.
 */
export function plainTagOf(x: unknown, reg: TypeRegistry = defaultRegistry): string | null {
  if (typeof x === "number") return NUMBERS;
  if (typeof x === "boolean") return BOOLS;
  if (typeof x !== "object" || x === null) return null;
  const t = reg.typeOf(x);
  if (t === undefined || t.type.kind !== "struct") return null;
  return flatLayout(t.type.tag, reg) !== null ? t.type.tag : null;
}

/** Whether `x` can go into a block of `tag` (as `plainTagOf` told it): cheap, for every element. */
export function flatMember(tag: string, reg: TypeRegistry = defaultRegistry): (x: unknown) => boolean {
  if (tag === NUMBERS) return (x) => typeof x === "number";
  if (tag === BOOLS) return (x) => typeof x === "boolean";
  const t = reg.type(tag);
  if (t.kind !== "struct") throw new TypeError(`${tag} is not a struct`);
  const ctor = t.ctor;
  return (x) => typeof x === "object" && x !== null && x.constructor === ctor;
}

export function flatViews(buffer: SharedArrayBuffer): FlatViews {
  return { f64: new Float64Array(buffer), i32: new Int32Array(buffer), u8: new Uint8Array(buffer) };
}

/**
 * A block for `length` elements of plain-data struct `tag`, not yet written (its bytes are
 * whatever a recycled buffer held: write every element before reading one).
 */
export function allocFlat(tag: string, length: number, reg: TypeRegistry = defaultRegistry): FlatBlock {
  const layout = flatLayout(tag, reg);
  if (layout === null) throw new TypeError(`${tag} is not a plain-data struct`);
  const bytes = Math.max(8, length * layout.size);
  const reused = spare.get(bytes)?.pop();
  if (reused !== undefined) spareBytes -= bytes;
  return { tag, length, buffer: reused ?? new SharedArrayBuffer(bytes) };
}

// Buffers of blocks whose vector V8 collected, by byte length, for the next block of that size:
// a fresh buffer costs its zeroing and a page fault per 4 KiB on first touch (for 10,000
// entities, about three times as long as writing them into a recycled one). A frame loop that
// feeds each par-map result to the next frees one block of the same size per frame.
const spare = new Map<number, SharedArrayBuffer[]>();
/** At most this many spare buffers of one size, and this many bytes in all. */
const SPARE_PER_SIZE = 4;
const SPARE_BYTES = 64 << 20;
let spareBytes = 0;
const recycler = new FinalizationRegistry<SharedArrayBuffer>((buffer) => {
  const bytes = buffer.byteLength;
  let list = spare.get(bytes);
  if (list === undefined) spare.set(bytes, (list = []));
  if (list.length >= SPARE_PER_SIZE || spareBytes + bytes > SPARE_BYTES) return;
  list.push(buffer);
  spareBytes += bytes;
});

// The flat block standing for a vector, on this thread. A Weft vector never changes, so the
// block stays a faithful copy for as long as the vector lives; the entry goes when V8 collects
// the vector, and its buffer is recycled then. No block is written again while it backs a
// vector, so a vector kept from an earlier frame stays valid.
const backing = new WeakMap<readonly unknown[], FlatBlock>();

/** The flat block `xs` is known to equal, if any: laid out by `shareFlat` or registered with `backWith`. */
export function flatBlockOf(xs: readonly unknown[]): FlatBlock | undefined {
  return backing.get(xs);
}

/**
 * Records that `block` (fully written, never to be written again, backing no other vector) holds
 * exactly the elements of `xs`. Its buffer is recycled for a later `allocFlat` once V8 collects
 * `xs`: no thread may hold on to it beyond the call that filled it.
 */
export function backWith(xs: readonly unknown[], block: FlatBlock): void {
  backing.set(xs, block);
  // The block record, not the vector, is what the registry watches: V8's scavenger keeps the
  // target of a FinalizationRegistry cell alive, so a registered vector of 10,000 structs
  // (and every object it holds) would survive each minor GC and be promoted, frame after
  // frame. The record is reachable only through the vector's weak-map entry (a block backs one
  // vector), so it dies with the vector, in the same full GC.
  recycler.register(block, block.buffer);
}

/**
 * A vector whose elements are `block`'s, built on first read: an element's objects are made
 * when something reads it (then kept), so a vector handed from one `par-map` to the next never
 * materialises on this thread. To everything but its cost it is the array of those elements:
 * `Array.isArray`, `length`, indexing, iteration, `in`, array methods, equality by keys,
 * `util.inspect`. Any reflective or mutating operation (own keys, descriptors, `set`,
 * `Object.freeze`…) first materialises every element; a mutation also unties the vector from
 * its block, so a later par-map lays the changed vector out afresh. The block is the vector's
 * (`backWith`): never written again, its buffer recycled once V8 collects the vector.
 */
export function flatVector<T>(block: FlatBlock, reg: TypeRegistry = defaultRegistry): readonly T[] {
  const layout = flatLayout(block.tag, reg);
  if (layout === null) throw new TypeError(`${block.tag} is not a plain-data struct`);
  const target: unknown[] = new Array(block.length);
  const handler = new LazyElements(block, layout, target);
  Object.defineProperty(target, INSPECT, { value: inspectWhole, enumerable: false, writable: true, configurable: true });
  const xs = new Proxy(target, handler);
  handler.self = xs;
  handlers.set(xs, handler);
  backWith(xs, block);
  return xs as readonly T[];
}

/**
 * Element `i` of `xs` without keeping it: for a `flatVector` one not read yet is decoded from
 * its block and not remembered (a par-map reading its input through it leaves the vector as
 * cheap as it was); for any other array, `xs[i]`.
 */
export function peekElement(xs: readonly unknown[]): ((i: number) => unknown) | undefined {
  const handler = handlers.get(xs);
  if (handler === undefined) return undefined;
  return (i) => handler.target[i] ?? handler.decode(i);
}

/**
 * How many elements of `xs` have been built (read at least once) if it is a `flatVector`, else
 * `undefined`: whether a program reads such vectors through, or mostly hands them on.
 */
export function builtElements(xs: readonly unknown[]): number | undefined {
  return handlers.get(xs)?.built;
}

// The vectors `flatVector` made (a proxy cannot be told from its target otherwise), by their handlers.
const handlers = new WeakMap<readonly unknown[], LazyElements>();

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
// `util.inspect` looks at a proxy's target without its traps (it would show holes): this own,
// non-enumerable method of the target hands it the elements instead.
function inspectWhole(this: readonly unknown[]): unknown[] {
  return Array.from(this);
}

/** The "canonical numeric string" test of an array index below `n`, for a property key. */
function indexOf(key: string, n: number): number {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const i = Number(key);
  return i < n && Number.isInteger(i) && String(i) === key ? i : -1;
}

class LazyElements implements ProxyHandler<unknown[]> {
  self: readonly unknown[] | undefined;
  readonly target: unknown[];
  readonly #block: FlatBlock;
  readonly #layout: PlainLayout;
  #views: FlatViews | null;
  /** How many elements are not materialised yet. */
  #left: number;
  constructor(block: FlatBlock, layout: PlainLayout, target: unknown[]) {
    this.target = target;
    this.#block = block;
    this.#layout = layout;
    this.#views = flatViews(block.buffer);
    this.#left = block.length;
  }
  get built(): number {
    return this.#block.length - this.#left;
  }
  decode(i: number): unknown {
    const v = this.#views!;
    return this.#layout.decodeOne(v.f64, v.i32, v.u8, i * this.#layout.size);
  }
  #one(target: unknown[], i: number): unknown {
    const x = this.decode(i);
    target[i] = x;
    if (--this.#left === 0) this.#views = null;
    return x;
  }
  /** Every element materialised: the target is then exactly the vector. */
  #whole(target: unknown[]): void {
    if (this.#left === 0) return;
    for (let i = 0; i < target.length; i++) if (target[i] === undefined) this.#one(target, i);
  }
  /** Before a change: whole, and no longer the block's (the block stays this vector's to recycle). */
  #untie(target: unknown[]): void {
    this.#whole(target);
    if (this.self !== undefined) untie(this.self, this.#block);
  }
  get(target: unknown[], key: string | symbol): unknown {
    const v = (target as unknown as Record<string | symbol, unknown>)[key];
    if (v !== undefined || typeof key !== "string" || this.#left === 0) return v;
    const i = indexOf(key, target.length);
    return i < 0 ? v : this.#one(target, i);
  }
  has(target: unknown[], key: string | symbol): boolean {
    return (typeof key === "string" && indexOf(key, target.length) >= 0) || Reflect.has(target, key);
  }
  getOwnPropertyDescriptor(target: unknown[], key: string | symbol): PropertyDescriptor | undefined {
    if (typeof key === "string" && this.#left > 0) {
      const i = indexOf(key, target.length);
      if (i >= 0 && target[i] === undefined) this.#one(target, i);
    }
    return Reflect.getOwnPropertyDescriptor(target, key);
  }
  ownKeys(target: unknown[]): (string | symbol)[] {
    this.#whole(target);
    return Reflect.ownKeys(target);
  }
  set(target: unknown[], key: string | symbol, value: unknown): boolean {
    this.#untie(target);
    return Reflect.set(target, key, value);
  }
  defineProperty(target: unknown[], key: string | symbol, desc: PropertyDescriptor): boolean {
    // `Object.freeze` redefines every element as it is: that leaves the block a faithful copy.
    const same = !("get" in desc) && !("set" in desc) && (!("value" in desc) || Object.is(desc.value, (target as unknown as Record<string | symbol, unknown>)[key]));
    if (same) this.#whole(target);
    else this.#untie(target);
    return Reflect.defineProperty(target, key, desc);
  }
  deleteProperty(target: unknown[], key: string | symbol): boolean {
    this.#untie(target);
    return Reflect.deleteProperty(target, key);
  }
  preventExtensions(target: unknown[]): boolean {
    this.#whole(target);
    return Reflect.preventExtensions(target);
  }
  setPrototypeOf(target: unknown[], proto: object | null): boolean {
    this.#untie(target);
    return Reflect.setPrototypeOf(target, proto);
  }
}

/** `xs` no longer stands for `block` (it changed); the block is recycled with `xs` all the same. */
function untie(xs: readonly unknown[], block: FlatBlock): void {
  if (backing.get(xs) === block) backing.delete(xs);
}

/**
 * `xs` as a flat block: the one it already has, or — when every element is an instance of the
 * same plain-data struct, or every one a number, or every one a Bool — a new one, laid out once and remembered for as long as `xs` lives.
 * `null` for anything else (an empty vector, mixed classes, a struct with a String field…).
 */
export function shareFlat(xs: readonly unknown[], reg: TypeRegistry = defaultRegistry): FlatBlock | null {
  const known = backing.get(xs);
  if (known !== undefined) return known;
  const tag = plainTagOf(xs[0], reg);
  if (tag === null) return null;
  const member = flatMember(tag, reg);
  for (let i = 1; i < xs.length; i++) if (!member(xs[i])) return null;
  const block = allocFlat(tag, xs.length, reg);
  const v = flatViews(block.buffer);
  flatLayout(tag, reg)!.encodeVec(xs, v.f64, v.i32, v.u8, 0);
  backWith(xs, block);
  return block;
}
