import type { SharedHeap } from "./SharedHeap.js";

/**
 * What a shared atom's or channel's handle descriptor carries besides its heap: `ref`, the heap
 * block the handle keeps alive (the atom's cell, the channel's block); `borrowed` when the
 * descriptor was read out of a heap block that keeps its own reference (a value stored in an atom
 * or channel), rather than posted with an in-flight reference of its own.
 */
export interface HandleRef {
  readonly ref: number;
  readonly borrowed?: boolean;
}

/**
 * Per thread, the one object standing for each shared block (an `Atom` for a cell, a `Channel`
 * for a channel block), and the reference counting that frees the block once no thread can reach
 * it. The protocol, which every thread follows:
 *
 * - each thread's object holds one reference, released when V8 collects the object
 *   (FinalizationRegistry) or when the thread retires (a `spawn-thread` worker exiting);
 * - each `[SHARE]()` (each handle the codec writes) takes one more, in flight with the message:
 *   decoding adopts it as the new object's reference, or releases it when this thread already has
 *   the object; a value stored in the heap (`storeEncoded`) keeps it in a pointer word of its
 *   block, and a descriptor read back from there is `borrowed` (the object retains its own).
 *
 * So the block is freed when the last object is collected and no message or stored value names it.
 * That last release may happen on any path — a stored value freed inside another block frees the
 * handles it names in the heap's cascade, with no thread's table involved — so whatever a block
 * must free with it is named by its pointer words or boxed slots (a channel's parked records are a
 * chain of pointer words), never left to a hook here.
 * The map holds no dead entries: an entry goes when its object is collected.
 */
export class HandleTable<H extends object> {
  readonly #live = new Map<number, WeakRef<H>>();
  // One token per reference held by an object, so a thread that retires can release those whose
  // objects are dead but not yet finalized, and the finalizer never releases one twice.
  readonly #held = new Map<object, { heap: SharedHeap; block: number }>();
  readonly #registry = new FinalizationRegistry<object>((token) => this.#collected(token));
  readonly #hooked = new WeakSet<SharedHeap>();

  /** How many blocks this thread has an object for (tests). */
  get size(): number {
    return this.#live.size;
  }

  /** The live object for `block` on this thread, if any. */
  get(block: number): H | undefined {
    return this.#live.get(block)?.deref();
  }

  /** `handle` now stands for `block` and owns one reference to it (the caller's). */
  hold(heap: SharedHeap, block: number, handle: H): void {
    this.#live.set(block, new WeakRef(handle));
    const token = {};
    this.#held.set(token, { heap, block });
    this.#registry.register(handle, token);
    if (!this.#hooked.has(heap)) {
      this.#hooked.add(heap);
      heap.onRetire(() => this.#retire());
    }
  }

  /** A second reference to a block `handle` stands for: the in-flight one a `[SHARE]()` sends. */
  lend(heap: SharedHeap, block: number): void {
    heap.retain(block);
  }

  /**
   * The object for a descriptor another thread (or a stored value) handed over: the existing one,
   * or `make()`'s, which then holds the descriptor's reference (or a new one, if borrowed).
   */
  revive(heap: SharedHeap, data: HandleRef, make: () => H): H {
    const known = this.get(data.ref);
    if (known !== undefined) {
      if (data.borrowed !== true) heap.release(data.ref);
      return known;
    }
    if (data.borrowed === true) heap.retain(data.ref);
    const handle = make();
    this.hold(heap, data.ref, handle);
    return handle;
  }

  #collected(token: object): void {
    const held = this.#held.get(token);
    if (held === undefined) return;
    this.#held.delete(token);
    const entry = this.#live.get(held.block);
    if (entry !== undefined && entry.deref() === undefined) this.#live.delete(held.block);
    held.heap.release(held.block);
  }


  #retire(): void {
    for (const [token, { heap, block }] of this.#held) {
      this.#registry.unregister(token);
      heap.release(block);
    }
    this.#held.clear();
    this.#live.clear();
  }
}
