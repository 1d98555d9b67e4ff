import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { collectDownTo, settledLiveBlocks } from "../../gc/test/support/collect.js";
import { finished } from "../../gc/test/support/finished.js";
import { channel, sharedChannelsOnThisThread } from "../src/index.js";

const CHANNELS = 200;

test(`${CHANNELS} channels handed to a thread and dropped everywhere free their blocks, rings and buffered values; no dead entry stays`, async () => {
  const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  const heap = processHeap();
  const baseline = await settledLiveBlocks(heap);
  const held = sharedChannelsOnThisThread();
  await (async () => {
    const chans = Array.from({ length: CHANNELS }, (_, i) => channel<string>(i % 2 === 0 ? 4 : "unbounded"));
    const w = new Worker(new URL("./support/drop.worker.mjs", import.meta.url), {
      workerData: { bundle: bundle.urls.channels, heap: heap.descriptor(), channels: chans.map((c) => c[SHARE]()) },
    });
    await finished(w);
    expect(chans[0]!.tryRecv()).toEqual({ some: true, value: "value 0" });
    for (const v of ["a", "b", "c"]) expect(chans[2]!.trySend(v)).toBe(true);
    const abort = new AbortController();
    const parked = chans[2]!.send("x", abort.signal).catch(() => "cancelled");
    abort.abort();
    // The cancelled send leaves its record in the full channel's list: freed with the channel.
    expect(await parked).toBe("cancelled");
    expect(heap.stats().liveBlocks).toBeGreaterThan(baseline + 2 * CHANNELS);
  })();
  const freed = await collectDownTo(heap, baseline);
  expect(heap.stats().liveBlocks - baseline).toBe(0);
  expect(freed).toBe(true);
  expect(sharedChannelsOnThisThread()).toBe(held);
});
