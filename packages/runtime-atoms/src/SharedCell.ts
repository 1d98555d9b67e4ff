import { decode, encode, type HandleDescriptor, loadEncoded, processHeap, S, type SharedHeap, type SharedHeapDescriptor, storeEncoded } from "@weft/gc";
import type { AtomCell } from "./AtomCell.js";

// The cell block: one pointer word (a heap reference) to the block holding the encoded value.
const VALUE = 0;
const CELL_BYTES = 8;

const memos = new FinalizationRegistry<() => void>((done) => done());

/** What an atom's handle descriptor carries to another thread. */
export interface SharedAtomData {
  readonly heap: SharedHeapDescriptor;
  readonly cell: number;
}

/**
 * An atom's value in the process's shared heap: a cell block whose pointer word names a block
 * holding the encoded value. `compareAndSwap` is a CAS on that pointer, so writers never block
 * and never wait for each other; a writer that loses simply retries (`Atom.swap`). The block a
 * cell no longer names is freed by reference count as soon as no reader holds it.
 *
 * Each thread keeps the last value it decoded with a reference to its block, so `deref` is a
 * single atomic load while nothing changed, and two derefs of an unchanged atom give the same
 * object (identity is what `compare-and-set!` compares for structs).
 */
export class SharedCell<T> implements AtomCell<T> {
  readonly heap: SharedHeap;
  readonly cell: number;
  // The memoised block, in a box the finalizer can release once this object is collected.
  readonly #memo = { ptr: 0 };
  #value: T = undefined as T;

  constructor(heap: SharedHeap, cell: number) {
    this.heap = heap;
    this.cell = cell;
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



  /** A new cell holding `value`. The cell block itself is never freed (see the README). */
  static create<T>(value: T, heap: SharedHeap = processHeap()): SharedCell<T> {
    const cell = heap.alloc(CELL_BYTES, 1);
    const c = new SharedCell<T>(heap, cell);
    c.store(value);
    return c;
  }

  descriptor(): HandleDescriptor {
    const data: SharedAtomData = { heap: this.heap.descriptor(), cell: this.cell };
    return { kind: "atom", data };
  }

  load(): T {
    const p = Atomics.load(this.heap.i32, (this.cell >> 2) + VALUE);
    if (p === this.#memo.ptr) return this.#value;
    const q = this.heap.acquireRef(this.cell, VALUE);
    this.#remember(q, q === this.#memo.ptr ? this.#value : this.#read(q));
    this.heap.release(q);
    return this.#value;
  }

  store(value: T): void {
    const q = this.#write(value);
    this.heap.retain(q); // one reference for the cell slot, one for this thread's memo
    this.heap.setRef(this.cell, VALUE, q);
    this.#remember(q, value);
    this.heap.release(q);
  }

  compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean {
    const heap = this.heap;
    const cur = heap.acquireRef(this.cell, VALUE);
    try {
      const current = cur === this.#memo.ptr ? this.#value : this.#read(cur);
      this.#remember(cur, current);
      if (!same(current, expected)) return false;
      const q = this.#write(next);
      heap.retain(q);
      if (!heap.casRef(this.cell, VALUE, cur, q)) {
        heap.release(q);
        heap.release(q);
        return false;
      }
      this.#remember(q, next);
      heap.release(q);
      return true;
    } finally {
      heap.release(cur);
    }
  }

  #read(p: number): T {
    return decode<T>(loadEncoded(this.heap, p), S.any);
  }

  #write(value: T): number {
    return storeEncoded(this.heap, encode(value, S.any));
  }

  // Keeps a reference to the memoised block so its address cannot be reused for another value
  // while this thread still compares against it.
  #remember(p: number, value: T): void {
    if (p === this.#memo.ptr) return;
    if (p !== 0) this.heap.retain(p);
    if (this.#memo.ptr !== 0) this.heap.release(this.#memo.ptr);
    this.#memo.ptr = p;
    this.#value = value;
  }
}
