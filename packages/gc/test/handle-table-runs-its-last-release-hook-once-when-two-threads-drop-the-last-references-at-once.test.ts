import { expect, test } from "vitest";
import { HandleTable, SharedHeap } from "../src/index.js";

test("a handle table runs its last-release hook exactly once when two threads drop the last two references at once", () => {
  const heap = SharedHeap.create({ verify: true });
  // Two threads' views of one heap, each with its own table (as each thread has its own).
  const a = SharedHeap.attach(heap.descriptor());
  const b = SharedHeap.attach(heap.descriptor());
  const seen: number[] = [];
  const hook = (h: SharedHeap, block: number): void => {
    // The block is still allocated while the hook runs: what it must release is named inside it.
    seen.push(h.i32[block >> 2]!);
  };
  const tableA = new HandleTable<object>(hook);
  const tableB = new HandleTable<object>(hook);
  const block = heap.alloc(16);
  heap.i32[block >> 2] = 42;
  const objA = {};
  const objB = {};
  tableA.hold(a, block, objA); // takes over alloc's reference
  heap.retain(block);
  tableB.hold(b, block, objB);
  // Thread B drops its reference in the middle of thread A's release: between any look A takes
  // at the count and A's own decrement. With "check the count, then release" both saw 2 and
  // neither ran the hook, so a channel's parked records leaked with its block.
  const countOf = a.countOf.bind(a);
  let interleaved = false;
  a.countOf = (ptr: number): number => {
    const c = countOf(ptr);
    if (!interleaved) {
      interleaved = true;
      b.retire();
    }
    return c;
  };
  a.retire(); // thread A exits: its table releases its reference
  b.retire(); // thread B exits (a no-op if it already did, above)
  expect(seen).toEqual([42]);
  expect(heap.stats().liveBlocks).toBe(0);
  void [objA, objB];
});
