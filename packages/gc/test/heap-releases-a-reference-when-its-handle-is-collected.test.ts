import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { SharedHeap } from "../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

test("a dropped BlockHandle releases its reference through FinalizationRegistry", async () => {
  const heap = SharedHeap.create({ verify: true });
  const p = heap.alloc(64);
  (() => {
    heap.handle(p); // dropped at once
  })();
  for (let i = 0; i < 20 && heap.stats().liveBlocks > 0; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(heap.stats().liveBlocks).toBe(0);
});

test("dispose releases at once, and only once", () => {
  const heap = SharedHeap.create({ verify: true });
  const h = heap.handle(heap.alloc(64));
  h.dispose();
  h.dispose();
  expect(heap.stats().liveBlocks).toBe(0);
});
