#!/usr/bin/env node
// Memory soak (not part of `npm test`): each round hands 5,000 atoms and 5,000 channels to a
// worker thread, which uses and drops them; the main thread drops them too. Cells, channel
// blocks, rings and buffered values must be freed, so RSS stays flat: the run fails if RSS after
// the last round is more than 15% above RSS after round 3.
//
//   npm run soak                    (40 rounds)
//   node bench/soak/crossing-soak.mjs 400     (a longer run)
//   npm run soak:10min              (rounds until 10 minutes have passed: --minutes 10)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

if (typeof globalThis.gc !== "function") {
  const run = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}

const { processHeap, SHARE } = await import("@weft/gc");
const { atom, sharedAtomsOnThisThread } = await import("@weft/runtime-atoms");
const { channel, sharedChannelsOnThisThread } = await import("@weft/runtime-channels");

const minutesAt = process.argv.indexOf("--minutes");
const MINUTES = minutesAt >= 0 ? Number(process.argv[minutesAt + 1]) : 0;
const ROUNDS = MINUTES > 0 ? Number.POSITIVE_INFINITY : Number(process.argv[2] ?? 40);
const PER_ROUND = 5_000;
const heap = processHeap();
const worker = new Worker(new URL("./crossing.worker.mjs", import.meta.url));

async function settle() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  heap.drain();
}

async function round() {
  const atoms = Array.from({ length: PER_ROUND }, (_, i) => atom(i));
  const channels = Array.from({ length: PER_ROUND }, () => channel(4));
  const reply = new Promise((resolve) => worker.once("message", resolve));
  worker.postMessage({ heap: heap.descriptor(), atoms: atoms.map((a) => a[SHARE]()), channels: channels.map((c) => c[SHARE]()) });
  return reply;
}

const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
let rssAt3 = 0;
const t0 = performance.now();
let r = 0;
while (++r <= ROUNDS) {
  const last = r === ROUNDS || (MINUTES > 0 && performance.now() - t0 >= MINUTES * 60_000);
  const workerHeld = await round();
  await settle();
  const rss = process.memoryUsage().rss;
  if (r === 3) rssAt3 = rss;
  const s = heap.stats();
  if (r <= 3 || r % (MINUTES > 0 ? 50 : 10) === 0 || last)
    console.log(
      `round ${String(r).padStart(3)}: rss ${mib(rss)}, heap live ${s.liveBlocks} blocks / ${mib(s.liveBytes)}, high-water ${mib(s.highWaterBytes)}, ` +
        `handles held: main ${sharedAtomsOnThisThread()}+${sharedChannelsOnThisThread()}, worker ${workerHeld.atoms}+${workerHeld.channels}`,
    );
  if (last) break;
}
const rss = process.memoryUsage().rss;
await worker.terminate();
const growth = rss / rssAt3 - 1;
console.log(`${r} rounds in ${((performance.now() - t0) / 1000).toFixed(1)} s; RSS ${mib(rss)} vs ${mib(rssAt3)} after round 3: ${(growth * 100).toFixed(1)}% (bound 15%)`);
process.exit(growth <= 0.15 ? 0 : 1);
