import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, inject, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { finished } from "../../gc/test/support/finished.js";
import { type Channel, channel } from "../src/index.js";
import { PARTICLE } from "./support/particle.js";

const PRODUCERS = 4;
const CONSUMERS = 3;
// 100,000 messages in `npm test`; a million under `npm run test:long`.
const PER_PRODUCER = inject("long") ? 250_000 : 25_000;
const TOTAL = PRODUCERS * PER_PRODUCER;

// Each worker gets its own descriptor: each carries one reference to the channel, which its decode adopts.
function start(
  bundle: string,
  ch: Channel<unknown>,
  role: string,
  from: number,
  tally: SharedArrayBuffer,
  kind: "int" | "particle",
  count: number,
): Promise<void> {
  const w = new Worker(new URL("./support/stress.worker.mjs", import.meta.url), {
    workerData: { bundle, heap: processHeap().descriptor(), channel: ch[SHARE]().data, role, from, count, tally, kind },
  });
  return finished(w);
}

/** Runs the producers and consumers over `ch`; returns the values that did not arrive exactly once, and how many arrived torn. */
async function stress(ch: Channel<unknown>, kind: "int" | "particle", perProducer: number): Promise<{ wrong: number[]; torn: number }> {
  const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  const url = bundle.urls.channels!;
  const total = PRODUCERS * perProducer;
  const tally = new SharedArrayBuffer((total + 1) * 4);
  const consumers = Array.from({ length: CONSUMERS }, () => start(url, ch, "consumer", 0, tally, kind, perProducer));
  const producers = Array.from({ length: PRODUCERS }, (_, p) => start(url, ch, "producer", p * perProducer, tally, kind, perProducer));
  await Promise.all(producers);
  ch.close();
  await Promise.all(consumers);
  const seen = new Int32Array(tally);
  const wrong: number[] = [];
  for (let i = 0; i < total && wrong.length < 10; i++) if (seen[i] !== 1) wrong.push(i);
  return { wrong, torn: seen[total]! };
}

// 64 and 4: parked operations mark ring slots (capacity = ring size ≥ 4); 3 and 1: they do not.
test.each([64, 4, 3, 1])(
  `${PRODUCERS} producer threads and ${CONSUMERS} consumer threads pass ${TOTAL.toLocaleString("en")} Ints through a channel of capacity %i: each arrives exactly once`,
  async (capacity) => {
    const ch = channel<unknown>(capacity);
    expect(await stress(ch, "int", PER_PRODUCER)).toEqual({ wrong: [], torn: 0 });
    expect(ch.length).toBe(0);
  },
);

// Plain-data structs sit inline in the ring's slots: a torn slot would show as a particle whose
// fields disagree with its id.
const PARTICLES_PER_PRODUCER = inject("long") ? 100_000 : 10_000;
test.each([64, 4, 1])(
  `${PRODUCERS} producer threads and ${CONSUMERS} consumer threads pass ${(PRODUCERS * PARTICLES_PER_PRODUCER).toLocaleString("en")} nested plain structs through a channel of capacity %i: each arrives exactly once and whole`,
  async (capacity) => {
    const ch = channel<unknown>(capacity, "block", PARTICLE);
    expect(await stress(ch, "particle", PARTICLES_PER_PRODUCER)).toEqual({ wrong: [], torn: 0 });
    expect(ch.length).toBe(0);
  },
);
