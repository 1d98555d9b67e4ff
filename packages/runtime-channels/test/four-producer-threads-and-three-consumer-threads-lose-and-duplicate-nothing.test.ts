import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, inject, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { type Channel, channel } from "../src/index.js";

const PRODUCERS = 4;
const CONSUMERS = 3;
// 100,000 messages in `npm test`; a million under `npm run test:long`.
const PER_PRODUCER = inject("long") ? 250_000 : 25_000;
const TOTAL = PRODUCERS * PER_PRODUCER;

// Each worker gets its own descriptor: each carries one reference to the channel, which its decode adopts.
function start(bundle: string, ch: Channel<number>, role: string, from: number, tally: SharedArrayBuffer): Promise<unknown> {
  const w = new Worker(new URL("./support/stress.worker.mjs", import.meta.url), {
    workerData: { bundle, heap: processHeap().descriptor(), channel: ch[SHARE]().data, role, from, count: PER_PRODUCER, tally },
  });
  return new Promise((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
}

test.each([64, 3, 1])(
  `${PRODUCERS} producer threads and ${CONSUMERS} consumer threads pass ${TOTAL.toLocaleString("en")} Ints through a channel of capacity %i: each arrives exactly once`,
  async (capacity) => {
    const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
    onTestFinished(() => bundle.dispose());
    const url = bundle.urls.channels!;
    const ch = channel<number>(capacity);
    const tally = new SharedArrayBuffer(TOTAL * 4);
    const consumers = Array.from({ length: CONSUMERS }, () => start(url, ch, "consumer", 0, tally));
    const producers = Array.from({ length: PRODUCERS }, (_, p) => start(url, ch, "producer", p * PER_PRODUCER, tally));
    await Promise.all(producers);
    ch.close();
    await Promise.all(consumers);
    const seen = new Int32Array(tally);
    const wrong: number[] = [];
    for (let i = 0; i < TOTAL && wrong.length < 10; i++) if (seen[i] !== 1) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(ch.length).toBe(0);
  },
);
