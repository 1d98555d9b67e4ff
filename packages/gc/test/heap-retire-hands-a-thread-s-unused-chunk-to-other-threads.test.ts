import { expect, test } from "vitest";
import { SharedHeap } from "../src/index.js";

test("a retired thread's unused chunk is reused by another thread instead of carving a new one", () => {
  const first = SharedHeap.create({ verify: true });
  const p = first.alloc(8);
  const highWater = first.stats().highWaterBytes;
  first.retire();
  const second = SharedHeap.attach(first.descriptor()); // another thread's view of the same heap
  const blocks = [second.alloc(16_000), second.alloc(8_000), second.alloc(100)];
  expect(second.stats().highWaterBytes).toBe(highWater);
  for (const b of blocks) second.release(b);
  second.flush();
  expect(second.verify([p], { leaks: true }).liveBlocks).toBe(1);
});

test("retire first runs the thread's retire hooks, so references held by its objects are dropped", () => {
  const heap = SharedHeap.create({ verify: true });
  const memo = heap.alloc(8);
  const calls: string[] = [];
  heap.onRetire(() => {
    calls.push("memo");
    heap.release(memo);
  });
  const off = heap.onRetire(() => calls.push("unsubscribed"));
  off();
  heap.retire();
  expect(calls).toEqual(["memo"]);
  expect(heap.verify([], { leaks: true }).liveBlocks).toBe(0);
});
