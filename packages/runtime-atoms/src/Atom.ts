import { type AtomCell, LocalCell } from "./AtomCell.js";
import { casEqual, sameValue } from "./equality.js";
import { errors } from "./errors.js";

/**
 * Weft's `(Atom a)`: shared mutable state with compare-and-swap. Never blocks, never deadlocks.
 *
 * @example
 * const score = atom(0);
 * score.swap((s, n) => s + n, 10); // 10
 */
export class Atom<T> {
  #cell: AtomCell<T>;

  constructor(value: T) {
    this.#cell = new LocalCell(value);
  }

  /** `(deref a)` / `@a`: the current value. */
  deref(): T {
    return this.#cell.load();
  }

  /**
   * `(swap! a f x...)`: sets the value to `f(old, ...args)` with compare-and-swap, calling `f`
   * again on the newer value whenever another writer got in between; returns the new value.
   * `f` may run more than once, so it should be pure, and it must not suspend.
   */
  swap<A extends unknown[]>(f: (old: T, ...args: A) => T, ...args: A): T {
    for (;;) {
      const old = this.#cell.load();
      const next = f(old, ...args);
      if (isThenable(next)) throw errors.suspendingSwap();
      if (this.#cell.compareAndSwap(old, next, sameValue)) return next;
    }
  }

  /** `(reset! a v)`: sets the value unconditionally; returns it. */
  reset(value: T): T {
    this.#cell.store(value);
    return value;
  }

  /**
   * `(compare-and-set! a old new)`: sets the value to `next` only if it is currently `expected`
   * (value equality for numbers, strings, booleans and `undefined`; identity otherwise).
   */
  compareAndSet(expected: T, next: T): boolean {
    return this.#cell.compareAndSwap(expected, next, casEqual);
  }

  /**
   * Moves the atom's state into another cell, seeded with the current value; every later
   * operation, on every thread, goes through the new cell. The `@weft/gc` codec calls this
   * when it first encodes the atom to send it to another thread; user code never needs it.
   */
  moveTo(makeCell: (current: T) => AtomCell<T>): void {
    this.#cell = makeCell(this.#cell.load());
  }
}

/** `(atom v)`: a new atom holding `v`. */
export function atom<T>(value: T): Atom<T> {
  return new Atom(value);
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
