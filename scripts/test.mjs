#!/usr/bin/env node
// `npm test`: every package's build, type check and tests (turbo), then the conformance suite.
// turbo runs with --continue so one failing package does not hide the others, and the
// conformance suite runs even when a package failed (the CLI it needs is built either way).
// Concurrency is capped at the 2 cores the project is sized for: more parallel vitest processes
// on a busy 2-core machine only add contention.
//
//   node scripts/test.mjs          what `npm test` runs
//   WEFT_LONG=1 node scripts/test.mjs   full-size generated sweeps and soaks (`npm run test:long`)
import { spawnSync } from "node:child_process";

const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1;

const turbo = run("npx", ["turbo", "run", "build", "check-types", "test", "--continue", "--concurrency=2"]);
const conformance = run(process.execPath, ["scripts/conformance.mjs", "--timeout", "120"]);
if (turbo !== 0) console.log("\nnpm test: a package's build, type check or tests failed (see turbo's summary above)");
process.exit(turbo !== 0 || conformance !== 0 ? 1 : 0);
