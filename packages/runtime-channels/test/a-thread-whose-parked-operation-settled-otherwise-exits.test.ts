import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { finished } from "../../gc/test/support/finished.js";
import { channel } from "../src/index.js";

// A thread parked on a shared channel watches it (asleep in `Atomics.waitAsync`, with a timer
// holding its event loop open). When its operation ends some other way — a timeout, an abort —
// the watcher must stop too: left asleep until the channel next changed, it kept the thread
// alive for good, and once the channel was freed and its memory reused by a new channel, its
// late wake-up corrupted that channel's count of sleepers, so a later wake-up there was lost.
// Each worker below ends its only operation that way and must then exit by itself.
test.each([
  ["select-times-out", "a select whose timer fires before its channel has a value", "timed out"],
  ["recv-aborted", "a recv whose signal aborts", "aborted"],
  ["send-aborted", "a send to a full channel whose signal aborts", "aborted"],
] as const)("a thread whose only parked operation, %s (%s), ends that way and then exits", async (how, _what, ended) => {
  const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  const ch = channel<string>(1);
  if (how === "send-aborted") ch.trySend("fills it");
  const w = new Worker(new URL("./support/settle-elsewhere.worker.mjs", import.meta.url), {
    workerData: { bundle: bundle.urls.channels!, heap: processHeap().descriptor(), channel: ch[SHARE]().data, how },
  });
  const said = new Promise((resolve) => w.once("message", resolve));
  await finished(w);
  expect(await said).toBe(ended);
  expect(ch.length).toBe(how === "send-aborted" ? 1 : 0);
});
