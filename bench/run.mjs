#!/usr/bin/env node
// Runs every benchmark, `bench/*/*.bench.mjs`, one after another, each in its own Node process
// so one cannot warm up or slow down the next. `npm run bench` builds first, then runs this.
//
//   node bench/run.mjs            every benchmark
//   node bench/run.mjs compile    only those whose path contains "compile"
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, "..");
const filters = process.argv.slice(2);

const benches = readdirSync(benchDir)
  .filter((name) => !name.startsWith(".") && name !== "node_modules")
  .map((name) => join(benchDir, name))
  .filter((dir) => statSync(dir).isDirectory())
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).map((f) => join(dir, f)))
  .map((path) => relative(root, path))
  .filter((path) => filters.length === 0 || filters.some((f) => path.includes(f)))
  .sort();

if (benches.length === 0) {
  console.log(filters.length ? `no benchmark matches ${filters.join(", ")}` : "no benchmarks under bench/*/");
  process.exit(filters.length ? 1 : 0);
}

const failed = [];
for (const bench of benches) {
  console.log(`\n=== ${bench} ${"=".repeat(Math.max(0, 72 - bench.length))}`);
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [bench], { cwd: root, stdio: "inherit" });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (run.error || run.status !== 0) {
    failed.push(bench);
    console.log(`--- ${bench} FAILED (${run.error?.message ?? `exit ${run.status ?? run.signal}`}) after ${seconds} s`);
  } else console.log(`--- ${bench} done in ${seconds} s`);
}

console.log(`\n${benches.length - failed.length} of ${benches.length} benchmarks ran${failed.length ? `; failed: ${failed.join(", ")}` : ""}`);
process.exit(failed.length ? 1 : 0);
