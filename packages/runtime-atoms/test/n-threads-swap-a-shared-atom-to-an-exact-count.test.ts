import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { type Atom, atom } from "../src/index.js";

const THREADS = 4; // workers, besides the main thread
const TIMES = 20_000;

// Each worker gets its own descriptor: each carries one reference to the cell, which its decode adopts.
function runWorkers(shared: Atom<unknown>, kind: string): Promise<unknown[]> {
  const bundle = bundleForWorkers({ atoms: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  return Promise.all(
    Array.from({ length: THREADS }, () => {
      const w = new Worker(new URL("./support/swap.worker.mjs", import.meta.url), {
        workerData: { bundle: bundle.urls.atoms, heap: processHeap().descriptor(), descriptor: shared[SHARE](), times: TIMES, kind },
      });
      return new Promise((resolve, reject) => {
        w.once("message", resolve);
        w.once("error", reject);
      });
    }),
  );
}

test(`${THREADS} workers and the main thread swap! an Int atom ${TIMES.toLocaleString("en")} times each: the count is exact`, async () => {
  const counter = atom(0);
  const done = runWorkers(counter as Atom<unknown>, "int");
  for (let i = 0; i < TIMES; i++) counter.swap((c) => c + 1);
  await done;
  expect(counter.deref()).toBe((THREADS + 1) * TIMES);
});

test(`${THREADS} workers and the main thread swap! a Float atom by 0.5: the sum is exact`, async () => {
  const total = atom(0.0);
  const done = runWorkers(total as Atom<unknown>, "float");
  for (let i = 0; i < TIMES; i++) total.swap((c) => c + 0.5);
  await done;
  expect(total.deref()).toBe(((THREADS + 1) * TIMES) / 2);
});

test(`${THREADS} workers and the main thread swap! a struct atom: the count is exact and every replaced block is freed`, async () => {
  const heap = processHeap();
  const stats = atom({ n: 0 });
  stats[SHARE](); // moves it into the heap before the baseline is taken
  const live = heap.stats().liveBlocks;
  const done = runWorkers(stats as Atom<unknown>, "struct");
  for (let i = 0; i < TIMES; i++) stats.swap((s) => ({ n: s.n + 1 }));
  await done;
  expect(stats.deref()).toEqual({ n: (THREADS + 1) * TIMES });
  heap.drain();
  // The current value's block, in place of the first one: nothing else stays.
  expect(heap.stats().liveBlocks).toBe(live);
});
