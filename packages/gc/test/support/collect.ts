import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { SharedHeap } from "../../src/index.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * Collects garbage and lets FinalizationRegistry callbacks run, round after round, until `done()`
 * holds or `rounds` rounds have passed (a bound on work, not on time); returns `done()`.
 */
export async function collectUntil(done: () => boolean, rounds = 50): Promise<boolean> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done();
}

/** `heap`'s live blocks once garbage from earlier tests has been collected and its deferred frees done. */
export async function settledLiveBlocks(heap: SharedHeap): Promise<number> {
  await collectUntil(() => false, 3);
  heap.drain();
  return heap.stats().liveBlocks;
}

/** Collects until `heap` is back to `baseline` live blocks (see {@link collectUntil}); returns whether it got there. */
export function collectDownTo(heap: SharedHeap, baseline: number): Promise<boolean> {
  return collectUntil(() => {
    heap.drain();
    return heap.stats().liveBlocks === baseline;
  });
}
