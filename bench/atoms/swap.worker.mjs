// A worker for atoms.bench.mjs: on each message swaps the shared atom (or, for the baseline,
// runs a raw compareExchange loop on an Int32Array) `n` times, then answers.
import { parentPort, workerData } from "node:worker_threads";
import { useProcessHeap } from "@weft/gc";
import { Atom } from "@weft/runtime-atoms";

useProcessHeap(workerData.heap);
const atom = Atom.fromShared(workerData.atom.data);
const raw = new Int32Array(workerData.raw);
const inc = (x) => x + 1;

function rawCas(n) {
  for (let i = 0; i < n; i++) {
    for (;;) {
      const old = Atomics.load(raw, 0);
      if (Atomics.compareExchange(raw, 0, old, inc(old)) === old) break;
    }
  }
}

parentPort.on("message", ({ mode, n }) => {
  if (mode === "atom") for (let i = 0; i < n; i++) atom.swap(inc);
  else rawCas(n);
  parentPort.postMessage("done");
});
