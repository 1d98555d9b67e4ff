/**
 * A value in one 64-bit word, NaN-boxed: what an atom's cell and a channel's ring slot hold, so
 * that an Int, Float, Bool or Unit is read, written and compare-and-swapped with one atomic
 * operation on a `BigInt64Array` and no heap block at all.
 *
 * - A number is its IEEE-754 bits (Weft's Int and Float are both JS numbers); every NaN is
 *   stored as the canonical quiet NaN `0x7ff8_0000_0000_0000`.
 * - Anything else is a negative quiet NaN, which no stored number can be: the high word is
 *   `0xfff8_0000 | tag`, the low word the payload. Tags: {@link TAG_BOOL} (payload 0 or 1),
 *   {@link TAG_UNIT}, {@link TAG_REF} (the payload is a heap block owning the value, e.g. a
 *   `storeEncoded` block; the word holds one reference to it). `0xfff8_0000_0000_0000` is
 *   {@link EMPTY_BITS}.
 *
 * The heap knows these words: a block allocated with `boxed` slots releases each slot's
 * `TAG_REF` block when it is freed (see `SharedHeap.alloc`).
 */

/** High word of every boxed non-number. */
export const BOX_HI = 0xfff80000 | 0;
export const TAG_BOOL = 1;
export const TAG_UNIT = 2;
export const TAG_REF = 3;
/** The high word of a slot that holds a heap reference. */
export const REF_HI = BOX_HI | TAG_REF;

// One scratch word seen three ways: conversions between a number, its bits and two int32 halves.
const f64 = new Float64Array(1);
const b64 = new BigInt64Array(f64.buffer);
const i32 = new Int32Array(f64.buffer);

function bitsOf(lo: number, hi: number): bigint {
  i32[0] = lo;
  i32[1] = hi;
  return b64[0]!;
}

export const EMPTY_BITS = bitsOf(0, BOX_HI);
export const NAN_BITS = bitsOf(0, 0x7ff80000);
export const FALSE_BITS = bitsOf(0, BOX_HI | TAG_BOOL);
export const TRUE_BITS = bitsOf(1, BOX_HI | TAG_BOOL);
export const UNIT_BITS = bitsOf(0, BOX_HI | TAG_UNIT);

/**
 * The word for `value` if it fits in one (a number, a boolean, `undefined`), else `null`: the
 * value then goes into a heap block, and the word is {@link refBits} of it.
 */
export function inlineBits(value: unknown): bigint | null {
  switch (typeof value) {
    case "number":
      return numberBits(value);
    case "boolean":
      return value ? TRUE_BITS : FALSE_BITS;
    case "undefined":
      return UNIT_BITS;
    default:
      return null;
  }
}

/** The word naming heap block `ptr`. */
export function refBits(ptr: number): bigint {
  return bitsOf(ptr, REF_HI);
}

/** The heap block a word names, or 0 when it holds an inline value (or is empty). */
export function refOf(bits: bigint): number {
  b64[0] = bits;
  return i32[1] === REF_HI ? i32[0]! : 0;
}

/** The value of a word that {@link refOf} says is inline. */
export function inlineValue(bits: bigint): unknown {
  b64[0] = bits;
  const hi = i32[1]!;
  if (hi >>> 16 !== 0xfff8) return f64[0];
  return (hi & 0xffff) === TAG_BOOL ? i32[0] !== 0 : undefined;
}

/**
 * Whether `bits` hold a number; if so {@link lastNumber} gives it without converting again (the
 * fast path of an Int or Float atom's `swap!`: no allocation, no branch on the value's type).
 */
export function isNumberBits(bits: bigint): boolean {
  b64[0] = bits;
  return i32[1]! >>> 16 !== 0xfff8;
}

/** The number whose bits {@link isNumberBits} just accepted. */
export function lastNumber(): number {
  return f64[0]!;
}

/** The word for a number. */
export function numberBits(value: number): bigint {
  if (value !== value) return NAN_BITS;
  f64[0] = value;
  return b64[0]!;
}
