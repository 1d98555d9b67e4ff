import { trace, traceInstant } from "@weft/runtime-core";
import { HandleTable, type HandleDescriptor, registry, SHARE, type SharedHandle, useProcessHeap } from "@weft/gc";
import type { AtomCell } from "./AtomCell.js";
import { isThenable, type SharedAtomData, SharedCell, type SwapFn } from "./SharedCell.js";
import { casEqual, sameValue } from "./equality.js";
import { errors } from "./errors.js";

/**
 * Weft's `(Atom a)`: shared mutable state with compare-and-swap. Never blocks, never deadlocks.
 *
 * @example
 * const score = atom(0);
 * score.swap((s, n) => s + n, 10); // 10
 */
export class Atom<T> implements SharedHandle {
  // While the atom is local its value is this plain field (no cell object, no indirection);
  // `#cell` takes over when it moves (`moveTo`, or the first crossing to another thread).
  #value: T;
  #cell: AtomCell<T> | null = null;

  constructor(value: T) {
    this.#value = value;
  }

  /** `(deref a)` / `@a`: the current value. */
  deref(): T {
    const cell = this.#cell;
    return cell === null ? this.#value : cell.load();
  }

  /**
   * `(swap! a f x...)`: sets the value to `f(old, ...args)` with compare-and-swap, calling `f`
   * again on the newer value whenever another writer got in between; returns the new value.
   * `f` may run more than once, so it should be pure, and it must not suspend.
   */
  swap<A extends unknown[]>(f: (old: T, ...args: A) => T, ...args: A): T;
  // Up to three extra arguments are passed positionally: no rest array, no spread per call.
  swap(f: SwapFn<T>, x?: unknown, y?: unknown, z?: unknown): T {
    const n = arguments.length - 1;
    if (n === 0) return this.update(f);
    if (n > 3) return this.#swapMany(f as (old: T, ...args: unknown[]) => T, Array.prototype.slice.call(arguments, 1));
    const cell = this.#cell;
    if (cell instanceof SharedCell) return cell.swap(f, n, x, y, z);
    if (cell !== null) return this.#swapMany(f as (old: T, ...args: unknown[]) => T, [x, y, z].slice(0, n));
    for (;;) {
      const old = this.#value;
      const next = n === 0 ? f(old) : n === 1 ? f(old, x) : n === 2 ? f(old, x, y) : f(old, x, y, z);
      // For a primitive result (the common case) this is a `typeof` test or two.
      if (isThenable(next)) throw errors.suspendingSwap();
      // Only `f` itself can have written the atom meanwhile (one thread): then retry.
      if (Object.is(this.#value, old)) return (this.#value = next);
    }
  }

  /**
   * `(swap! a f)` with no extra arguments: {@link swap} without its arity dispatch (reading
   * `arguments` alone doubles the cost of a local swap). What compiled code calls.
   */
  update(f: (old: T) => T): T {
    const cell = this.#cell;
    if (cell instanceof SharedCell) return cell.swap(f, 0);
    if (cell !== null) return this.#swapMany(f, []);
    for (;;) {
      const old = this.#value;
      const next = f(old);
      if (isThenable(next)) throw errors.suspendingSwap();
      if (Object.is(this.#value, old)) return (this.#value = next);
    }
  }

  /** `swap` with any number of extra arguments, over any cell. */
  #swapMany(f: (old: T, ...args: unknown[]) => T, args: unknown[]): T {
    for (;;) {
      const old = this.deref();
      const next = f(old, ...args);
      if (isThenable(next)) throw errors.suspendingSwap();
      if (this.#compareAndSwap(old, next, sameValue)) return next;
      if (trace.on) traceInstant("atom retry");
    }
  }

  #compareAndSwap(expected: T, next: T, same: (a: T, b: T) => boolean): boolean {
    const cell = this.#cell;
    if (cell !== null) return cell.compareAndSwap(expected, next, same);
    if (!same(this.#value, expected)) return false;
    this.#value = next;
    return true;
  }

  /** `(reset! a v)`: sets the value unconditionally; returns it. */
  reset(value: T): T {
    const cell = this.#cell;
    if (cell === null) this.#value = value;
    else cell.store(value);
    return value;
  }

  /**
   * `(compare-and-set! a old new)`: sets the value to `next` only if it is currently `expected`
   * (value equality for numbers, strings, booleans and `undefined`; identity otherwise).
   */
  compareAndSet(expected: T, next: T): boolean {
    return this.#compareAndSwap(expected, next, casEqual);
  }

  /**
   * Moves the atom's state into another cell, seeded with the current value; every later
   * operation, on every thread, goes through the new cell. The `@weft/gc` codec calls this
   * when it first encodes the atom to send it to another thread; user code never needs it.
   */
  moveTo(makeCell: (current: T) => AtomCell<T>): void {
    this.#cell = makeCell(this.deref());
    this.#value = undefined as T;
  }

  /** Whether the atom's state is in shared memory (it has crossed a thread). */
  get shared(): boolean {
    return this.#cell instanceof SharedCell;
  }

  /**
   * For the `@weft/gc` codec: the first time the atom crosses a thread its value moves into a
   * {@link SharedCell} in the process heap; the descriptor names that cell.
   */
  [SHARE](): HandleDescriptor {
    if (!(this.#cell instanceof SharedCell)) {
      this.moveTo((v) => SharedCell.create(v));
      const cell = this.#cell as SharedCell<T>;
      atoms.hold(cell.heap, cell.cell, this as Atom<unknown>); // the cell's first reference
    }
    const cell = this.#cell as SharedCell<T>;
    atoms.lend(cell.heap, cell.cell); // the one in flight with this descriptor
    return cell.descriptor();
  }

  /**
   * The atom on this thread for a shared cell another thread exported: the same `Atom` object
   * every time while this thread keeps it, so identity survives repeated crossings.
   */
  static fromShared<T>(data: SharedAtomData): Atom<T> {
    const heap = useProcessHeap(data.heap);
    return atoms.revive(heap, { ref: data.cell, borrowed: data.borrowed }, () => {
      const a = new Atom<T>(undefined as T);
      a.#cell = new SharedCell<T>(heap, data.cell);
      return a as Atom<unknown>;
    }) as Atom<T>;
  }
}

// Per thread: the Atom standing for each shared cell, and the references that free the cell
// (and the value it holds) once no thread, message or stored value can reach it.
const atoms = new HandleTable<Atom<unknown>>();

/** How many shared atoms this thread holds an object for (tests). */
export function sharedAtomsOnThisThread(): number {
  return atoms.size;
}

registry.registerHandleKind("atom", (d) => Atom.fromShared(d.data as SharedAtomData));

/** `(atom v)`: a new atom holding `v`. */
export function atom<T>(value: T): Atom<T> {
  return new Atom(value);
}
