#!/usr/bin/env node
// Atoms against what a JS programmer writes instead, measured in the same run (interleaved
// rounds, medians). Needs the built packages: `npm run bench` (or `npx turbo run build` first).
//
//   node bench/atoms/atoms.bench.mjs
//
// (a) 1M swap! on a local atom vs a field updated through a function (library, then compiled Weft)
// (b) 1M swap! on a shared atom, one thread, vs a raw Atomics.compareExchange loop
// (c) swap! on a shared atom from 2 threads at once, 1M each, vs the same raw CAS loop in 2 workers
// (d) a compiled Weft program: 2 spawn-threads × 1M swap! vs 2 new workers × 1M raw CAS
// Counts are checked after every run.
import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { atom } from "@weft/runtime-atoms";
import { group, interleavedByName, quietly, report, weftProgram } from "../lib/measure.mjs";

const N = 1_000_000;
const inc = (x) => x + 1;
function check(what, got, want) {
  if (got !== want) throw new Error(`${what}: counted ${got}, expected ${want}`);
}

const only = group(import.meta.url, ["local-library", "local-weft", "shared", "threads", "weft-threads"]);
if (only === null) process.exit(0);

// ---- (a) local
const local = atom(0);
const field = { v: 0 };
const bump = (f, g) => {
  f.v = g(f.v);
};
if (only === "local-library") {
  const a = await interleavedByName({
    atom: () => {
      local.reset(0);
      for (let i = 0; i < N; i++) local.swap(inc);
      check("local atom", local.deref(), N);
    },
    field: () => {
      field.v = 0;
      for (let i = 0; i < N; i++) bump(field, inc);
      check("field", field.v, N);
    },
  });
  report(`(a) ${N.toLocaleString("en")} swap! on a local atom`, [
    { name: "library: atom.swap(inc)", weft: a.atom, base: a.field, baseName: "field through a function", unit: "per-item", items: N },
  ]);
}
if (only === "local-weft") {
  const compiledLocal = await weftProgram(
    "atoms-local",
    `(defn inc1 (x) (+ x 1))
(defn main ()
  (let ((a (atom 0)))
    (loop ((i 0)) (when (< i ${N}) (swap! a inc1) (recur (+ i 1))))
    (println @a)))
`
  );
  const a = await interleavedByName({
    field: () => {
      field.v = 0;
      for (let i = 0; i < N; i++) bump(field, inc);
      check("field", field.v, N);
    },
    weft: () => quietly(() => compiledLocal.main()),
  });
  report(`(a) ${N.toLocaleString("en")} swap! on a local atom, compiled`, [
    { name: "compiled Weft (swap! a inc1)", weft: a.weft, base: a.field, baseName: "field through a function", unit: "per-item", items: N },
  ]);
}

// ---- (b) shared, one thread
const shared = atom(0);
shared[SHARE]();
const rawBuf = new SharedArrayBuffer(64);
const raw = new Int32Array(rawBuf);
if (only === "shared") {
  const b = await interleavedByName({
    atom: () => {
      shared.reset(0);
      for (let i = 0; i < N; i++) shared.swap(inc);
      check("shared atom", shared.deref(), N);
    },
    raw: () => {
      Atomics.store(raw, 0, 0);
      for (let i = 0; i < N; i++) {
        for (;;) {
          const old = Atomics.load(raw, 0);
          if (Atomics.compareExchange(raw, 0, old, inc(old)) === old) break;
        }
      }
      check("raw CAS", raw[0], N);
    },
  });
  report(`(b) ${N.toLocaleString("en")} swap! on a shared atom, 1 thread`, [
    { name: "shared atom.swap(inc)", weft: b.atom, base: b.raw, baseName: "raw Atomics.compareExchange", unit: "per-item", items: N },
  ]);
}

// ---- (c) shared, two threads at once
if (only === "threads") {
  const workers = [0, 1].map(
    () =>
      new Worker(new URL("./swap.worker.mjs", import.meta.url), {
        workerData: { heap: processHeap().descriptor(), atom: shared[SHARE](), raw: rawBuf },
      })
  );
  const onBoth = (mode) =>
    Promise.all(workers.map((w) => new Promise((resolve) => (w.once("message", resolve), w.postMessage({ mode, n: N })))));
  const c = await interleavedByName({
    atom: async () => {
      shared.reset(0);
      await onBoth("atom");
      check("shared atom, 2 threads", shared.deref(), 2 * N);
    },
    raw: async () => {
      Atomics.store(raw, 0, 0);
      await onBoth("raw");
      check("raw CAS, 2 threads", raw[0], 2 * N);
    },
  });
  for (const w of workers) await w.terminate();
  report(`(c) swap! on a shared atom from 2 threads, ${N.toLocaleString("en")} each`, [
    { name: "shared atom.swap(inc)", weft: c.atom, base: c.raw, baseName: "raw CAS loop", unit: "per-item", items: 2 * N },
  ]);
}

// ---- (d) compiled Weft with spawn-thread, thread start included on both sides
if (only === "weft-threads") {
  const compiledThreads = await weftProgram(
    "atoms-threads",
    `(defn inc1 (x) (+ x 1))
(defn main ()
  (let ((a (atom 0)))
    (with-tasks
      (spawn-thread (loop ((i 0)) (when (< i ${N}) (swap! a inc1) (recur (+ i 1)))))
      (spawn-thread (loop ((i 0)) (when (< i ${N}) (swap! a inc1) (recur (+ i 1))))))
    (println @a)))
`
  );
  const d = await interleavedByName(
    {
      weft: () => quietly(() => compiledThreads.main()),
      raw: async () => {
        Atomics.store(raw, 0, 0);
        const fresh = [0, 1].map(
          () =>
            new Worker(new URL("./swap.worker.mjs", import.meta.url), {
              workerData: { heap: processHeap().descriptor(), atom: shared[SHARE](), raw: rawBuf },
            })
        );
        await Promise.all(fresh.map((w) => new Promise((resolve) => (w.once("message", resolve), w.postMessage({ mode: "raw", n: N })))));
        await Promise.all(fresh.map((w) => w.terminate()));
        check("raw CAS in new workers", raw[0], 2 * N);
      },
    },
    { rounds: 5, warm: 1 }
  );
  report(`(d) compiled Weft: 2 spawn-threads × ${N.toLocaleString("en")} swap! (thread start included)`, [
    { name: "weft build + main()", weft: d.weft, base: d.raw, baseName: "2 new Workers × raw CAS", unit: "ms" },
  ]);
}
process.exit(0);
