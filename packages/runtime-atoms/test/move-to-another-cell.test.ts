import { describe, expect, test } from "vitest";
import { type AtomCell, LocalCell, atom } from "../src/index.js";

/** A stand-in for the shared-memory cell: counts the operations that reach it. */
class CountingCell<T> implements AtomCell<T> {
  readonly inner: LocalCell<T>;
  ops = 0;
  constructor(value: T) {
    this.inner = new LocalCell(value);
  }
  load(): T {
    this.ops++;
    return this.inner.load();
  }
  store(value: T): void {
    this.ops++;
    this.inner.store(value);
  }
  compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean {
    this.ops++;
    return this.inner.compareAndSwap(expected, next, same);
  }
}

describe("moving an atom's state", () => {
  test("moveTo seeds the new cell with the current value and routes every operation to it", () => {
    const a = atom(41);
    let cell: CountingCell<number> | undefined;
    a.moveTo((current) => (cell = new CountingCell(current)));
    expect(a.deref()).toBe(41);
    expect(a.swap((n) => n + 1)).toBe(42);
    expect(a.compareAndSet(42, 0)).toBe(true);
    a.reset(9);
    expect(cell?.inner.load()).toBe(9);
    expect(cell?.ops).toBe(5);
  });
});
