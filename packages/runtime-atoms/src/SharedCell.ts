import { trace, traceInstant } from "@weft/runtime-core";
import {
  decode,
  encode,
  type HandleDescriptor,
  inlineBits,
  inlineValue,
  isNumberBits,
  lastNumber,
  loadEncoded,
  numberBits,
  processHeap,
  refBits,
  refOf,
  S,
  type SharedHeap,
  type SharedHeapDescriptor,
  storeEncoded,
} from "@weft/gc";
import type { AtomCell } from "./AtomCell.js";
import { errors } from "./errors.js";

/** The cell block: no pointer words, one NaN-boxed 64-bit slot (`@weft/gc`'s boxedWord). */
const CELL_BYTES = 8;

const memos = new FinalizationRegistry<() => void>((done) => done());

/** What an atom's handle descriptor carries to another thread. */
export interface SharedAtomData {
  readonly heap: SharedHeapDescriptor;
  readonly cell: number;
  /** The block the handle keeps alive: the cell (see `@weft/gc`'s HandleTable). */
  readonly ref: number;
  /** Read back from a stored value, which keeps its own reference. */
  readonly borrowed?: boolean;
}

/** A swap function with its extra arguments passed positionally (no rest array on the fast path). */
export type SwapFn<T> = (old: T, x?: unknown, y?: unknown, z?: unknown) => T;

/**
 * An atom's value in the process's shared heap: a cell block holding one 64-bit word. An Int,
 * Float, Bool or Unit lives in the word itself (NaN-boxed), so `swap!` on a counter is one
 * atomic load, the function, and one `compareExchange`: no allocation, no lock, no wait. Any
 * other value is a heap block holding it encoded with the codec, and the word names that block;
 * replacing it is the same single CAS, and the replaced block is freed by reference count as
 * soon as no reader holds it.
 *
 * Each thread keeps the last block value it decoded, with a reference to its block, so `deref`
 * of an unchanged atom is one atomic load and returns the same object every time (identity is
 * what `compare-and-set!` compares for structs).
 */
export class SharedCell<T> implements AtomCell<T> {
  readonly heap: SharedHeap;
  readonly cell: number;
  // The cell never moves, so a view taken now covers it for good, however the heap grows.
  readonly #b64: BigInt64Array;
  readonly #at: number;
  // The memoised block, in a box the finalizer can release once this object is collected.
  readonly #memo = { ptr: 0 };
  #value: T = undefined as T;

  constructor(heap: SharedHeap, cell: number) {
    this.heap = heap;
    this.cell = cell;
    this.#b64 = heap.b64;
    this.#at = cell >> 3;
    const memo = this.#memo;
    // A worker that exits drops its memo's reference (else the block would outlive the thread),
    // and so does a collected cell object.
    const release = (): void => {
      if (memo.ptr !== 0) heap.release(memo.ptr);
      memo.ptr = 0;
    };
    const unhook = heap.onRetire(release);
    memos.register(this, () => {
      unhook();
      release();
    });
  }

  /** A new cell holding `value`. */
  static create<T>(value: T, heap: SharedHeap = processHeap()): SharedCell<T> {
    const cell = heap.alloc(CELL_BYTES, 0, 1);
    const c = new SharedCell<T>(heap, cell);
    c.store(value);
    return c;
  }

  descriptor(): HandleDescriptor {
    const data: SharedAtomData = { heap: this.heap.descriptor(), cell: this.cell, ref: this.cell };
    return { kind: "atom", data };
  }

  load(): T {
    const bits = Atomics.load(this.#b64, this.#at);
    const p = refOf(bits);
    if (p === 0) return inlineValue(bits) as T;
    if (p === this.#memo.ptr) return this.#value;
    const cur = this.#acquire();
    const value = this.#valueOf(cur);
    this.#dropAcquired(cur);
    return value;
  }

  store(value: T): void {
    const [bits, q] = this.#bitsFor(value);
    const old = Atomics.exchange(this.#b64, this.#at, bits);
    this.#remember(q, value);
    const p = refOf(old);
    if (p !== 0) this.heap.release(p);
  }

  compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean {
    const cur = this.#acquire();
    const current = this.#valueOf(cur);
    if (!same(current, expected)) {
      this.#dropAcquired(cur);
      return false;
    }
    return this.#replace(cur, next);
  }

  /**
   * `swap!`: `f(old, x, y, z)` (with `n` extra arguments) written by compare-and-swap, retried on
   * the newer value until no other writer got in between. Returns the value written.
   */
  swap(f: SwapFn<T>, n: number, x?: unknown, y?: unknown, z?: unknown): T {
    const b64 = this.#b64;
    const at = this.#at;
    for (;;) {
      // An Int or Float atom: one load, the function, one compareExchange.
      const bits = Atomics.load(b64, at);
      if (isNumberBits(bits)) {
        const old = lastNumber() as T;
        const next = n === 0 ? f(old) : n === 1 ? f(old, x) : n === 2 ? f(old, x, y) : f(old, x, y, z);
        if (typeof next === "number") {
          if (Atomics.compareExchange(b64, at, bits, numberBits(next)) !== bits) {
            if (trace.on) traceInstant("atom retry");
            continue;
          }
          if (this.#memo.ptr !== 0) this.#remember(0, next);
          return next;
        }
        if (isThenable(next)) throw errors.suspendingSwap();
        if (this.#replace(bits, next)) return next;
        if (trace.on) traceInstant("atom retry");
        continue;
      }
      const cur = this.#acquire();
      const old = this.#valueOf(cur);
      let next: T;
      try {
        next = n === 0 ? f(old) : n === 1 ? f(old, x) : n === 2 ? f(old, x, y) : f(old, x, y, z);
      } catch (e) {
        this.#dropAcquired(cur);
        throw e;
      }
      if (isThenable(next)) {
        this.#dropAcquired(cur);
        throw errors.suspendingSwap();
      }
      if (this.#replace(cur, next)) return next;
      if (trace.on) traceInstant("atom retry");
    }
  }

  /**
   * The cell's word now; when it names a block, this thread holds a reference to that block
   * (so it cannot be freed and reused while the caller looks at it).
   */
  #acquire(): bigint {
    const heap = this.heap;
    for (;;) {
      const bits = Atomics.load(this.#b64, this.#at);
      const p = refOf(bits);
      if (p === 0) return bits;
      if (heap.tryRetain(p)) {
        if (Atomics.load(this.#b64, this.#at) === bits) return bits;
        heap.release(p);
      }
    }
  }

  #dropAcquired(bits: bigint): void {
    const p = refOf(bits);
    if (p !== 0) this.heap.release(p);
  }

  /** The value of a word from {@link #acquire} (decoded at most once per block per thread). */
  #valueOf(bits: bigint): T {
    const p = refOf(bits);
    if (p === 0) return inlineValue(bits) as T;
    if (p !== this.#memo.ptr) {
      this.heap.retain(p);
      this.#remember(p, decode<T>(loadEncoded(this.heap, p), S.any));
    }
    return this.#value;
  }

  /**
   * CASes the word from `cur` (acquired) to `next`; drops the acquired reference either way.
   * On success the cell's reference to the old block is released.
   */
  #replace(cur: bigint, next: T): boolean {
    const heap = this.heap;
    const [bits, q] = this.#bitsFor(next);
    const p = refOf(cur);
    if (Atomics.compareExchange(this.#b64, this.#at, cur, bits) === cur) {
      this.#remember(q, next);
      if (p !== 0) {
        heap.release(p); // the cell's reference
        heap.release(p); // ours
      }
      return true;
    }
    if (q !== 0) {
      heap.release(q);
      heap.release(q);
    }
    if (p !== 0) heap.release(p);
    return false;
  }

  /**
   * The word for `value`; for a value that needs a block, also the block, with two references:
   * the cell's (once the word is in it) and one for this thread's memo.
   */
  #bitsFor(value: T): [bigint, number] {
    const inline = inlineBits(value);
    if (inline !== null) return [inline, 0];
    const q = storeEncoded(this.heap, encode(value, S.any));
    this.heap.retain(q);
    return [refBits(q), q];
  }

  /**
   * Makes `p` (whose reference the caller hands over) this thread's memo of `value`; 0 (an inline
   * value was written) drops the memo, so no replaced block outlives its last use here.
   */
  #remember(p: number, value: T): void {
    if (p === this.#memo.ptr) return;
    if (this.#memo.ptr !== 0) this.heap.release(this.#memo.ptr);
    this.#memo.ptr = p;
    this.#value = value;
  }
}

export function isThenable(value: unknown): boolean {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
