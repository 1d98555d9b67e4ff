#!/usr/bin/env node
// A/B of the type checker on the compile benchmark's program: two builds of
// @weft/typeck-shareable in one process, interleaved round by round, medians. For a change to
// the checker, against the build it changes (build the base from `main` anywhere, e.g.
// `git archive main packages/typeck-shareable/src | tar -x -C DIR` and `tsup src/index.ts`
// there, inside a folder whose node_modules reach @weft/reader).
//
//   node bench/compile/check-ab.mjs BASE_DIST_INDEX [CHANGED_DIST_INDEX]
//   BENCH_ROUNDS=15 BENCH_LINES=20000 change the defaults.
//
// The build loaded second runs ~10% slower in one process whatever it holds (measured with
// the two builds swapped), so the script runs twice, in a child process per load order, and
// reports the geometric mean of the two ratios, which cancels that bias.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { read } from "@weft/reader";
import { writeGenerated } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const LINES = Number(process.env.BENCH_LINES ?? 20_000);
const [basePath, changedPath] = process.argv.slice(2);
if (!basePath) {
  console.error("usage: node bench/compile/check-ab.mjs BASE_DIST_INDEX [CHANGED_DIST_INDEX]");
  process.exit(2);
}
if (!process.env.CHECK_AB_ORDER) {
  const changedArg = changedPath ?? fileURLToPath(import.meta.resolve("@weft/typeck-shareable"));
  const ratios = [];
  for (const [order, args] of [["base first", [basePath, changedArg]], ["changed first", [changedArg, basePath]]]) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: "utf8", env: { ...process.env, CHECK_AB_ORDER: order } });
    process.stdout.write(r.stdout);
    if (r.status !== 0) throw new Error(r.stderr);
    const m = /second\/first ([\d.]+)/.exec(r.stdout);
    ratios.push(order === "base first" ? Number(m[1]) : 1 / Number(m[1]));
  }
  console.log(`changed/base, geometric mean of both load orders: ${Math.sqrt(ratios[0] * ratios[1]).toFixed(3)}`);
  process.exit(0);
}
const load = async (p) => (p ? await import(pathToFileURL(resolve(p)).href) : await import("@weft/typeck-shareable")).check;
const base = await load(basePath);
const changed = await load(changedPath);

const gen = writeGenerated(LINES);
const rel = relative(root, gen.weftPath);
const text = readFileSync(gen.weftPath, "utf8");
// Each build reads its own forms: sharing one input between them measurably slows whichever
// is timed second (the objects' shapes and inline caches are settled by the first).
const inputOf = () => ({ entry: rel, files: new Map([[rel, read(rel, text).forms]]) });
const inputs = new Map([[base, inputOf()], [changed, inputOf()]]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
// CPU time of this thread's process (user + system), not wall time: on a machine shared with
// other sessions, wall time mostly measures how long the process waited for a core.
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const once = (check) => {
  const t0 = cpuMs();
  const r = check(inputs.get(check));
  const ms = cpuMs() - t0;
  if (r.diagnostics.some((d) => d.severity === "error")) throw new Error(`the program does not check: ${r.diagnostics[0].code} ${r.diagnostics[0].message}`);
  return ms;
};

once(base);
once(changed);
const times = { base: [], changed: [] };
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which goes first, so neither always runs on a warmer heap.
  if (i % 2 === 0) {
    times.base.push(once(base));
    times.changed.push(once(changed));
  } else {
    times.changed.push(once(changed));
    times.base.push(once(base));
  }
}
const b = median(times.base);
const c = median(times.changed);
console.log(`check of ${rel} (${gen.weftLines} lines), ${ROUNDS} interleaved rounds, medians of CPU time, ${process.env.CHECK_AB_ORDER}`);
console.log(`  first   ${b.toFixed(1)} ms  (${basePath})`);
console.log(`  second  ${c.toFixed(1)} ms  (${changedPath})`);
console.log(`  second/first ${(c / b).toFixed(3)}`);
