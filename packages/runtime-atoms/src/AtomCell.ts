/**
 * Where an atom keeps its value. The local cell is a plain JS field (the fastest path); the
 * shared-memory cell that `@weft/gc` will provide implements the same three operations over a
 * SharedArrayBuffer slot, and replaces the local cell the first time the atom crosses a thread
 * (ARCHITECTURE §Threads). Nothing outside this package sees which cell an atom uses.
 */
export interface AtomCell<T> {
  /** The current value. */
  load(): T;
  /** Unconditional write. */
  store(value: T): void;
  /**
   * Writes `next` only if the current value is `expected` under `same`, atomically with
   * respect to every other thread that uses this cell. Returns whether it wrote.
   */
  compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean;
}

/** The thread-local cell every atom starts with. */
export class LocalCell<T> implements AtomCell<T> {
  #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  load(): T {
    return this.#value;
  }

  store(value: T): void {
    this.#value = value;
  }

  compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean {
    if (!same(this.#value, expected)) return false;
    this.#value = next;
    return true;
  }
}
