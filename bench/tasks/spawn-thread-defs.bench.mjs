#!/usr/bin/env node
// Starting a `spawn-thread` worker that uses the program's top-level values (LANGUAGE.md §6:
// evaluated once on the main thread; each worker gets the main thread's values): a `def` of
// 10,000 Ints and a `def` atom the worker swaps. Against what a JavaScript programmer writes: a
// `Worker` given the array in `workerData` and an `Int32Array` on a SharedArrayBuffer for the
// counter. Also a spawn-thread whose program has no defs, for the cost of the values alone.
//
//   npm run build && node bench/tasks/spawn-thread-defs.bench.mjs
import { Worker } from "node:worker_threads";
import { header, interleaved, table, weftProgram } from "../lib/measure.mjs";

header("spawn-thread + join, with top-level values");

const withDefs = await weftProgram(
  "spawn_thread_defs",
  `
(def table (map (range 10000) (fn (i) (* i 2))))
(def hits (atom 0))
(defn use-defs () (with-tasks (await (spawn-thread (do (swap! hits (fn (h) (+ h 1))) (count table))))))
(defn bare () (with-tasks (await (spawn-thread 10000))))
(defn main () (println (use-defs)))
`,
);

const js = `
const { parentPort, workerData } = require("node:worker_threads");
Atomics.add(workerData.hits, 0, 1);
parentPort.postMessage(workerData.table.length);
`;
const jsTable = Array.from({ length: 10_000 }, (_, i) => i * 2);
const jsHits = new Int32Array(new SharedArrayBuffer(4));
function jsSpawn() {
  return new Promise((resolve, reject) => {
    const w = new Worker(js, { eval: true, workerData: { table: jsTable, hits: jsHits } });
    w.once("message", (n) => {
      void w.terminate();
      resolve(n);
    });
    w.once("error", reject);
  });
}

const check = (n) => {
  if (n !== 10_000) throw new Error(`wrong count ${n}`);
};
const rows = await interleaved(
  [
    { name: "JS Worker + workerData", run: async () => check(await jsSpawn()) },
    { name: "weft, using two defs", run: async () => check(await withDefs.$fn["use$minusdefs"]()) },
    { name: "weft, no def used", run: async () => check(await withDefs.$fn.bare()) },
  ],
  { rounds: 15, warm: 3 },
);
table("one thread started and joined", rows, "JS Worker + workerData");
