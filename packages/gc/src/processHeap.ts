import { SharedHeap, type SharedHeapDescriptor } from "./SharedHeap.js";

// One heap per process: created by the first thread that needs shared memory (the main thread,
// in practice), attached by every worker the threads runtime starts, before any value arrives.
let current: SharedHeap | null = null;

/**
 * The process-wide shared heap that atoms and channels move their state into when they first
 * cross a thread. The main thread creates it on first use; a worker attaches to it with
 * {@link useProcessHeap} (the threads runtime does that before the worker runs any task).
 * `WEFT_HEAP_VERIFY=1` in the environment creates it in verification mode.
 */
export function processHeap(): SharedHeap {
  // WEFT_HEAP_VERIFY=1 turns on the heap's verification mode (poisoning, use-after-free checks).
  current ??= SharedHeap.create({ verify: globalThis.process?.env?.WEFT_HEAP_VERIFY === "1" });
  return current;
}

/**
 * Attaches this thread to the process heap another thread created. Does nothing if this thread
 * already has one: every thread of a process shares the first heap.
 */
export function useProcessHeap(descriptor: SharedHeapDescriptor): SharedHeap {
  current ??= SharedHeap.attach(descriptor);
  return current;
}
