#!/usr/bin/env node
// Runs the shared conformance suite (../shared/conformance/run.mjs) against this build's
// `weft`, and fails when a case listed in conformance.expected.json fails. Cases outside that
// list belong to layers not built yet: they are run and shown, and counted as skipped.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";

const runner = resolve("../shared/conformance/run.mjs");
if (!existsSync(runner)) {
  console.log("conformance: skipped — ../shared/conformance is not beside this checkout");
  process.exit(0);
}
const { expected } = JSON.parse(readFileSync("conformance.expected.json", "utf8"));
// The runner names cases by their real path: ../shared is often a symlink (worktrees, clean clones).
const casesDir = realpathSync(resolve("../shared/conformance/cases"));
const run = spawnSync(process.execPath, [runner, ...process.argv.slice(2)], { encoding: "utf8", maxBuffer: 64 << 20 });
process.stderr.write(run.stderr);

let passed = 0, failed = 0, skipped = 0;
let showDetail = true;
const regressions = [], unexpectedPasses = [];
for (const line of run.stdout.split("\n")) {
  const m = /^(ok|FAIL)\s+(\S+)$/.exec(line);
  if (!m) {
    if (line && showDetail && !/^conformance: /.test(line)) console.log(line);
    continue;
  }
  const name = resolve(m[2]).slice(casesDir.length + 1);
  const isExpected = expected.some((prefix) => name.startsWith(prefix));
  showDetail = isExpected;
  if (m[1] === "ok") {
    passed++;
    if (!isExpected) unexpectedPasses.push(name);
    console.log(`ok    ${m[2]}`);
  } else if (isExpected) {
    failed++;
    regressions.push(name);
    console.log(`FAIL  ${m[2]}`);
  } else {
    skipped++;
    console.log(`todo  ${m[2]}  (its layer is not built yet)`);
  }
}
if (run.status !== 0 && run.status !== 1) {
  console.log(`conformance runner exited ${run.status}`);
  process.exit(1);
}
if (regressions.length) console.log(`\nexpected to pass but failed: ${regressions.join(", ")}`);
if (unexpectedPasses.length) console.log(`\npassing, but not yet in conformance.expected.json: ${unexpectedPasses.join(", ")}`);
console.log(`conformance: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
