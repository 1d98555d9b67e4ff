#!/usr/bin/env node
// par-map against map and what a JavaScript programmer writes instead, on this machine's cores
// (WEFT_THREADS, default one per core), all in one process with interleaved rounds:
//   (a) a frame of 10,000 entities (`Ent` with two `Vec2`, about 1 µs of float math each),
//       30 frames, each frame's result fed to the next: compiled Weft `par-map` vs compiled Weft
//       `map`, JavaScript `Array.map`, and hand-chunked piscina over a SharedArrayBuffer;
//   (a') the main thread's own CPU per frame of (a) with every element on the pool (a child
//       process with WEFT_PAR_INLINE=0): what par-map costs its caller beyond the work;
//   (b) a tiny par-map (10 elements), 1,000 times in a compiled Weft loop, vs `map`; and the
//       same called from JavaScript, where each call of a function that may suspend is a promise;
//   (c) 100,000 elements × about 10 µs: `par-map` vs `map` and hand-chunked piscina;
//   (d) the per-call overhead of the pool: a par-map of one trivial element per thread with
//       every element sent to the pool (a child process with WEFT_PAR_INLINE=0), vs the same
//       round trip with plain piscina.
//
//   npm run build && node bench/par/par-map.bench.mjs
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { header, interleaved, table, weftProgram } from "../lib/measure.mjs";
import { busy } from "./busy.worker.mjs";

const threads = Number(process.env.WEFT_THREADS) || availableParallelism();
header(`par-map on ${threads} threads`);

const w = await weftProgram(
  "par_map",
  `
(defstruct Vec2 (x Float) (y Float))
(defstruct Ent (id Int) (pos Vec2) (vel Vec2))

(defn drag (v)
  (loop ((k 0) (s v))
    (if (= k 500) s (recur (+ k 1) (* s 0.999)))))

(defn step (e)
  (let ((vx (drag (.x (.vel e))))
        (vy (- (drag (.y (.vel e))) 0.16)))
    (Ent (.id e) (Vec2 (+ (.x (.pos e)) (* vx 0.016)) (+ (.y (.pos e)) (* vy 0.016))) (Vec2 vx vy))))

(defn entities (n)
  (map (range n) (fn (i) (Ent i (Vec2 (float i) 0.0) (Vec2 1.0 2.0)))))

(defn frames-map (es n)
  (loop ((i 0) (es es)) (if (= i n) (.x (.pos (nth es 0))) (recur (+ i 1) (map es step)))))

(defn frames-par (es n)
  (loop ((i 0) (es es)) (if (= i n) (.x (.pos (nth es 0))) (recur (+ i 1) (par-map es step)))))

(defn busy (i)
  (loop ((k 0) (acc 0.0))
    (if (= k 5000) (+ acc (float i)) (recur (+ k 1) (+ acc (sqrt (float k)))))))

(defn heavy-map (n) (count (map (range n) busy)))
(defn heavy-par (n) (count (par-map (range n) busy)))
(defn tiny-map (xs) (count (map xs (fn (x) (* x 2)))))
(defn tiny-par (xs) (count (par-map xs (fn (x) (* x 2)))))
(defn tiny-map-loop (xs n)
  (loop ((i 0) (acc 0)) (if (= i n) acc (recur (+ i 1) (+ acc (count (map xs (fn (x) (* x 2)))))))))
(defn tiny-par-loop (xs n)
  (loop ((i 0) (acc 0)) (if (= i n) acc (recur (+ i 1) (+ acc (count (par-map xs (fn (x) (* x 2)))))))))

(defn main () (println (frames-par (entities 100) 2)))
`,
);
const fn = w.$fn;
// Where weftProgram wrote it, for the child process of (d).
const compiledFile = fileURLToPath(new URL("../../node_modules/.cache/weft-bench/par_map/out/par_map.js", import.meta.url));

// (a) ------------------------------------------------------------------------------------------
const ents = fn.entities(10_000);
const FRAMES = 30;
class JsVec2 {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
class JsEnt {
  constructor(id, pos, vel) {
    this.id = id;
    this.pos = pos;
    this.vel = vel;
  }
}
const drag = (v) => {
  let s = v;
  for (let k = 0; k < 500; k++) s *= 0.999;
  return s;
};
const jsStep = (e) => {
  const vx = drag(e.vel.x);
  const vy = drag(e.vel.y) - 0.16;
  return new JsEnt(e.id, new JsVec2(e.pos.x + vx * 0.016, e.pos.y + vy * 0.016), new JsVec2(vx, vy));
};
const jsEnts = Array.from({ length: 10_000 }, (_, i) => new JsEnt(i, new JsVec2(i, 0), new JsVec2(1, 2)));
const expectX = await fn["frames$minusmap"](ents, FRAMES);
// Hand-chunked piscina: entities as float64s in two SharedArrayBuffers, stepped from one into
// the other each frame, threads × 4 chunks a frame, awaited together.
const entityPool = new Piscina({ filename: new URL("./entities.worker.mjs", import.meta.url).href, minThreads: threads, maxThreads: threads });
const soa = () => {
  const b = new SharedArrayBuffer(10_000 * 5 * 8);
  const f = new Float64Array(b);
  for (let i = 0; i < 10_000; i++) f.set([i, i, 0, 1, 2], i * 5);
  return b;
};
let [soaA, soaB] = [soa(), soa()];
const piscinaFrames = async () => {
  const chunks = threads * 4;
  const size = Math.ceil(10_000 / chunks);
  for (let f = 0; f < FRAMES; f++) {
    const parts = [];
    for (let from = 0; from < 10_000; from += size) parts.push(entityPool.run({ src: soaA, dst: soaB, from, to: Math.min(10_000, from + size) }));
    await Promise.all(parts);
    [soaA, soaB] = [soaB, soaA];
  }
};
const rowsA = await interleaved(
  [
    { name: "map (compiled Weft)", run: () => fn["frames$minusmap"](ents, FRAMES) },
    {
      name: "par-map (compiled Weft)",
      run: async () => {
        const x = await fn["frames$minuspar"](ents, FRAMES);
        if (x !== expectX) throw new Error(`par-map gave ${x}, map ${expectX}`);
      },
    },
    {
      name: "Array.map (JavaScript)",
      run: () => {
        let es = jsEnts;
        for (let f = 0; f < FRAMES; f++) es = es.map(jsStep);
      },
    },
    { name: "hand-chunked piscina over a SharedArrayBuffer", run: piscinaFrames },
  ],
  { rounds: 11, warm: 2 },
);
await entityPool.destroy();
table(`(a) 10,000 entities × ${FRAMES} frames (goal: par-map ≤ 0.75× map on 2 cores)`, rowsA, "map (compiled Weft)");
// (a') What par-map costs the main thread per frame beyond the work (a child process with
// WEFT_PAR_INLINE=0): what is left to shrink, measured without the other processes' load.
const mainCpu = JSON.parse(
  execFileSync(process.execPath, [fileURLToPath(new URL("./main-thread-cpu.mjs", import.meta.url)), compiledFile], {
    env: { ...process.env, WEFT_PAR_INLINE: "0" },
    encoding: "utf8",
  }),
);
if (mainCpu !== null) table("(a') the main thread's CPU per frame of (a), every element on the pool (Linux /proc, 10 ms ticks summed over 15 × 30 frames)", mainCpu, "map: the main thread's CPU");

// (b) ------------------------------------------------------------------------------------------
const tiny = Array.from({ length: 10 }, (_, i) => i);
const CALLS = 1000;
// Many calls a round: the per-call cost in steady state, not the JIT's warm-up.
const LOOP = 20_000;
const rowsB = await interleaved(
  [
    { name: "map (compiled Weft)", run: () => fn["tiny$minusmap$minusloop"](tiny, LOOP) },
    { name: "par-map (compiled Weft)", run: () => fn["tiny$minuspar$minusloop"](tiny, LOOP) },
  ],
  { rounds: 21, warm: 5 },
);
table(`(b) ${LOOP.toLocaleString("en")} par-maps over 10 elements in a compiled Weft loop (goal: par-map ≤ 1.5× map)`, rowsB, "map (compiled Weft)");
const rowsB2 = await interleaved(
  [
    {
      name: "map (compiled Weft)",
      run: () => {
        for (let c = 0; c < CALLS; c++) fn["tiny$minusmap"](tiny);
      },
    },
    {
      name: "par-map (compiled Weft)",
      run: async () => {
        for (let c = 0; c < CALLS; c++) await fn["tiny$minuspar"](tiny);
      },
    },
  ],
  { rounds: 15, warm: 3 },
);
table(`(b') ${CALLS} calls from JavaScript of a compiled function doing one such par-map (an async function: a promise per call)`, rowsB2, "map (compiled Weft)");

// (c) ------------------------------------------------------------------------------------------
const N = 100_000;
const pool = new Piscina({ filename: new URL("./busy.worker.mjs", import.meta.url).href, minThreads: threads, maxThreads: threads });
const handChunked = async () => {
  const chunks = threads * 4;
  const size = Math.ceil(N / chunks);
  const parts = [];
  for (let from = 0; from < N; from += size) parts.push(pool.run({ from, to: Math.min(N, from + size) }));
  return (await Promise.all(parts)).reduce((n, p) => n + p.length, 0);
};
const rowsC = await interleaved(
  [
    { name: "map (compiled Weft)", run: () => fn["heavy$minusmap"](N) },
    { name: "par-map (compiled Weft)", run: () => fn["heavy$minuspar"](N) },
    {
      name: "Array.map (JavaScript)",
      run: () => {
        const out = new Array(N);
        for (let i = 0; i < N; i++) out[i] = busy(i);
      },
    },
    { name: "hand-chunked piscina", run: handChunked },
  ],
  { rounds: 7, warm: 1 },
);
table(`(c) ${N.toLocaleString("en")} elements × ~10 µs (goal: par-map ≥ 1.9× faster than map on 2 threads)`, rowsC, "map (compiled Weft)");
await pool.destroy();

// (d) ------------------------------------------------------------------------------------------
const perCall = JSON.parse(
  execFileSync(process.execPath, [fileURLToPath(new URL("./per-call.mjs", import.meta.url)), compiledFile, String(threads)], {
    env: { ...process.env, WEFT_PAR_INLINE: "0" },
    encoding: "utf8",
  }),
);
table(`(d) per-call overhead on the pool, ${threads} threads (goal: ≤ 60 µs)`, perCall, "piscina, one empty task per thread");
process.exit(0);
