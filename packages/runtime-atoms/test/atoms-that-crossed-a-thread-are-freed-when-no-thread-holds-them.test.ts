import { Worker } from "node:worker_threads";
import { decode, encode, processHeap, S, SHARE } from "@weft/gc";
import { expect, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { collectDownTo, settledLiveBlocks } from "../../gc/test/support/collect.js";
import { finished } from "../../gc/test/support/finished.js";
import { atom, sharedAtomsOnThisThread } from "../src/index.js";

const ATOMS = 200;

test(`${ATOMS} atoms handed to a thread and dropped everywhere free their cells and values; no dead entry stays`, async () => {
  const bundle = bundleForWorkers({ atoms: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  const heap = processHeap();
  const baseline = await settledLiveBlocks(heap);
  const held = sharedAtomsOnThisThread();
  await (async () => {
    const atoms = Array.from({ length: ATOMS }, (_, i) => (i % 2 === 0 ? atom(i) : atom({ name: `n${i}` })));
    // One of them also travels inside another atom's value, stored in the heap.
    const box = atom<unknown>(0);
    box.reset(atoms[0]);
    const w = new Worker(new URL("./support/drop.worker.mjs", import.meta.url), {
      workerData: { bundle: bundle.urls.atoms, heap: heap.descriptor(), descriptors: atoms.map((a) => a[SHARE]()) },
    });
    await finished(w);
    expect(atoms[1]!.deref()).toEqual({ name: "n1", seen: true });
    expect(atoms[2]!.deref()).toBe(3);
    expect(decode(encode(box, S.handle), S.handle)).toBe(box);
    expect(heap.stats().liveBlocks).toBeGreaterThan(baseline + ATOMS);
  })();
  const freed = await collectDownTo(heap, baseline);
  expect(heap.stats().liveBlocks - baseline).toBe(0);
  expect(freed).toBe(true);
  expect(sharedAtomsOnThisThread()).toBe(held);
});
