import { decode, encode, processHeap, S } from "@weft/gc";
import { expect, test } from "vitest";
import { collectDownTo, collectUntil, settledLiveBlocks } from "../../gc/test/support/collect.js";
import { channel, type Channel, sharedChannelsOnThisThread } from "../src/index.js";

/** A channel with a cancelled send's record left in its list, handed to `outer` (a shared channel) and dropped here. */
async function parkAndHandOver(outer: Channel<Channel<string>>): Promise<void> {
  const inner = channel<string>(1);
  expect(outer.trySend(inner)).toBe(true); // moves inner onto a shared core; outer's buffered value names it
  expect(inner.shared).toBe(true);
  expect(inner.trySend("a")).toBe(true);
  const abort = new AbortController();
  const parked = inner.send("b", abort.signal).catch(() => "cancelled");
  abort.abort();
  // The cancelled send's record stays in the full channel's list until a partner skips it.
  expect(await parked).toBe("cancelled");
}

test("a channel whose last reference is a value buffered in another channel frees the records its cancelled operations left", async () => {
  const heap = processHeap();
  const baseline = await settledLiveBlocks(heap);
  const held = sharedChannelsOnThisThread();
  await (async () => {
    const outer = channel<Channel<string>>("unbounded");
    // Crossing a thread moves it onto a shared core (a round trip through the codec, as a message would).
    expect(decode(encode(outer, S.any), S.any)).toBe(outer);
    await parkAndHandOver(outer);
    // Once this thread's object for inner is collected, outer's buffered value is its last reference.
    expect(await collectUntil(() => sharedChannelsOnThisThread() === held + 1)).toBe(true);
  })();
  const freed = await collectDownTo(heap, baseline);
  expect(sharedChannelsOnThisThread()).toBe(held);
  expect(heap.stats().liveBlocks - baseline).toBe(0);
  expect(freed).toBe(true);
});
