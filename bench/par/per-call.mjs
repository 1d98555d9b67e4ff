// Run by par-map.bench.mjs in a child process with WEFT_PAR_INLINE=0, so that every par-map goes
// to the pool however small: the per-call overhead of a par-map over `threads` elements of no
// work, against the same round trip with plain piscina (one empty task per thread, awaited
// together). Prints one JSON line of medians in milliseconds.
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { interleaved } from "../lib/measure.mjs";

const [file, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const { $fn } = await import(pathToFileURL(file).href);
const xs = Array.from({ length: threads }, (_, i) => i);
const pool = new Piscina({ filename: new URL("./busy.worker.mjs", import.meta.url).href, minThreads: threads, maxThreads: threads });
const CALLS = 200;
const rows = await interleaved(
  [
    {
      name: "par-map, every element on the pool",
      run: async () => {
        for (let c = 0; c < CALLS; c++) await $fn["tiny$minuspar"](xs);
      },
    },
    {
      name: "piscina, one empty task per thread",
      run: async () => {
        for (let c = 0; c < CALLS; c++) await Promise.all(xs.map((i) => pool.run({ from: i, to: i })));
      },
    },
  ],
  { rounds: 9, warm: 2 },
);
console.log(JSON.stringify(rows.map((r) => ({ name: r.name, ms: r.ms / CALLS }))));
await pool.destroy();
process.exit(0);
