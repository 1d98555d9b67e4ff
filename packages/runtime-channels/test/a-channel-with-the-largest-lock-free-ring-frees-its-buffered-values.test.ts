import { decode, encode, processHeap, S } from "@weft/gc";
import { expect, test } from "vitest";
import { collectDownTo, settledLiveBlocks } from "../../gc/test/support/collect.js";
import { channel } from "../src/index.js";

// A block records how many boxed slots it holds in 16 bits. A lock-free ring of 32,768 boxed slots
// (capacity 16,385 to 32,768) is 65,536 words of 64 bits: it must still release the values it holds.
test.each([20_000, 32_768])("a shared channel of capacity %i frees the values still buffered in it when it is dropped", async (capacity) => {
  const heap = processHeap();
  const baseline = await settledLiveBlocks(heap);
  await (async () => {
    const ch = channel<string>(capacity);
    expect(decode(encode(ch, S.any), S.any)).toBe(ch); // onto a shared core, as crossing a thread does
    for (let i = 0; i < 3; i++) expect(ch.trySend(`value ${i}`)).toBe(true); // each in a heap block of its own
    expect(ch.tryRecv()).toEqual({ some: true, value: "value 0" });
  })();
  expect(await collectDownTo(heap, baseline)).toBe(true);
  expect(heap.stats().liveBlocks - baseline).toBe(0);
});
