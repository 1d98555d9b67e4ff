import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, inject, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { channel } from "../src/index.js";
import { PARTICLE } from "./support/particle.js";

// A lost wake-up shows only when nothing else changes the channel afterwards: at the end of an
// exchange, when a parked thread's partner has finished. So this runs many short exchanges (a
// fresh channel each round, five values per producer) between threads that live across rounds.
// A sender that filled the room a receiver had just made with a parked sender's value, and found
// no room left for its own, used not to announce that completion: the parked sender slept through
// it, its round never ended, and this test hung (about once in 1,500 rounds on a 2-core machine).
// With capacity 4 a parked operation marks the ring slot it waits on instead, and its partner's
// publishing or releasing exchange finds the mark: a mark missed shows here the same way.
const PRODUCERS = 4;
const CONSUMERS = 3;
const PER_PRODUCER = 5;
const ROUNDS = inject("long") ? 20_000 : 1_000;

// Capacity 4 is the smallest ring whose parked operations mark the slot they wait on (SharedCore#markWaits).
test.each([
  ["particle", 1],
  ["int", 1],
  ["particle", 4],
  ["int", 4],
] as const)(
  `${PRODUCERS} producer and ${CONSUMERS} consumer threads finish ${ROUNDS.toLocaleString("en")} short rounds of %ss through fresh channels of capacity %i, each value arriving exactly once`,
  async (kind, capacity) => {
    const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
    onTestFinished(() => bundle.dispose());
    const total = PRODUCERS * PER_PRODUCER;
    const tally = new SharedArrayBuffer((total + 1) * 4);
    const seen = new Int32Array(tally);
    const workerData = { bundle: bundle.urls.channels!, heap: processHeap().descriptor(), tally, kind };
    const url = new URL("./support/rounds.worker.mjs", import.meta.url);
    const producers = Array.from({ length: PRODUCERS }, () => new Worker(url, { workerData }));
    const consumers = Array.from({ length: CONSUMERS }, () => new Worker(url, { workerData }));
    const workers = [...producers, ...consumers];
    onTestFinished(() => Promise.all(workers.map((w) => w.terminate())).then(() => undefined));
    const run = (w: Worker, message: object): Promise<void> =>
      new Promise((resolve, reject) => {
        const fail = (e: unknown) => reject(e instanceof Error ? e : new Error(`worker exited with ${String(e)}`));
        w.once("message", (m: unknown) => {
          w.off("error", fail).off("exit", fail);
          if (m === "done") resolve();
          else reject(new Error((m as { error: string }).error));
        });
        w.once("error", fail).once("exit", fail);
        w.postMessage(message);
      });
    const wrongRounds: string[] = [];
    for (let round = 0; round < ROUNDS && wrongRounds.length === 0; round++) {
      seen.fill(0);
      const ch = kind === "particle" ? channel<unknown>(capacity, "block", PARTICLE) : channel<unknown>(capacity);
      // Each worker gets its own descriptor: each carries one reference, which its decode adopts.
      const received = consumers.map((w) => run(w, { channel: ch[SHARE]().data, role: "consumer" }));
      const sent = producers.map((w, p) => run(w, { channel: ch[SHARE]().data, role: "producer", from: p * PER_PRODUCER, count: PER_PRODUCER }));
      await Promise.all(sent);
      ch.close();
      await Promise.all(received);
      const wrong = [...seen.subarray(0, total)].flatMap((n, i) => (n === 1 ? [] : [`${i}×${n}`]));
      if (wrong.length > 0 || seen[total] !== 0) wrongRounds.push(`round ${round}: ${wrong.join(" ")} torn ${seen[total]}`);
    }
    expect(wrongRounds).toEqual([]);
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once("exit", resolve).postMessage("stop"))));
  },
);
