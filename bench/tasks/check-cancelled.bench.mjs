#!/usr/bin/env node
// `(check-cancelled)` in a busy compiled loop, 10M calls, inside a task: the check with its turn
// budget (it gives way for a setImmediate turn every 4 ms, so timers fire) against the check as
// it was before the budget, a plain read of the task's cancelled flag, in the same run. "old"
// is the same generated module with the call site rewritten to the old form
// (`$tasks.checkCancelled();`) and bound to the old body, restated below from git history
// (`checkIn(activeFrame())`: on the main thread the spawn-thread poll is a no-op and the flag is
// the current frame's). The JS baseline is what a JS user writes: an async loop reading
// `signal.aborted` on every iteration.
//
//   npm run build && node bench/tasks/check-cancelled.bench.mjs
//   WEFT_BENCH_CLOCK=cpu node bench/tasks/check-cancelled.bench.mjs   # CPU time, for a loaded machine
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { header, interleaved, table, weftProgram } from "../lib/measure.mjs";

header("(check-cancelled) 10M times in a busy compiled loop, inside a task");

const N = 10_000_000;
const source = `
(defn spin (n) (loop ((i 0)) (if (< i n) (do (check-cancelled) (recur (+ i 1))) i)))
(defn spin-in-task (n) (with-tasks (await (spawn (spin n)))))
(defn main () (println (spin-in-task 10)))
`;
const current = await weftProgram("check_cancelled", source);

// The old build: the call site as a statement, one call that reads the flag.
const builtPath = fileURLToPath(new URL("../../node_modules/.cache/weft-bench/check_cancelled/out/check_cancelled.js", import.meta.url));
const built = readFileSync(builtPath, "utf8");
const site = /\(\$tasks\.checkCancelled\(\) \? \$tasks\.resumeBusy\(\$task, await \$tasks\.busyTurn\(\)\) : undefined\)/g;
if (!site.test(built)) throw new Error("the generated check-cancelled site has changed: update this benchmark");
const oldText = built
  .replace(site, "$tasks.checkCancelled()")
  .replace('import { compiled as $tasks } from "@weft/runtime-tasks";', 'import { oldTasks as $tasks } from "./old-runtime.mjs";');
const oldPath = builtPath.replace(/check_cancelled\.js$/, "check_cancelled_old.js");
writeFileSync(oldPath, oldText.replace(/\/\/# sourceMappingURL=.*$/m, ""));
// WEFT_OLD_TASKS=/path/to/old/packages/runtime-tasks/dist/index.js runs "old" on a build of
// runtime-tasks from before the budget instead of the restated body.
const oldRuntime = process.env.WEFT_OLD_TASKS
  ? `export { compiled as oldTasks } from ${JSON.stringify(pathToFileURL(process.env.WEFT_OLD_TASKS).href)};\n`
  : `import { compiled, toCancelled } from "@weft/runtime-tasks";
// runtime-tasks' compiled.checkCancelled before the turn budget: checkIn(activeFrame()).
export const oldTasks = { ...compiled, checkCancelled() { const frame = compiled.current(); if (frame?.cancelled) throw toCancelled(frame.reason); } };
`;
writeFileSync(builtPath.replace(/check_cancelled\.js$/, "old-runtime.mjs"), oldRuntime);
if (process.env.WEFT_OLD_TASKS) console.log(`old: ${process.env.WEFT_OLD_TASKS}`);
const old = await import(pathToFileURL(oldPath).href);

async function jsLoop(n, signal) {
  let i = 0;
  for (; i < n; i++) if (signal.aborted) throw signal.reason;
  return i;
}

function check(got) {
  if (got !== N) throw new Error(`wrong count ${got}`);
}

const controller = new AbortController();
const rows = await interleaved(
  [
    { name: "weft new (flag + turn budget)", run: async () => check(await current.$fn["spin$minusin$minustask"](N)) },
    { name: "weft old (flag only)", run: async () => check(await old.$fn["spin$minusin$minustask"](N)) },
    { name: "JS async loop reading signal.aborted", run: async () => check(await jsLoop(N, controller.signal)) },
  ],
  { rounds: 11, warm: 3 },
);
table(`${N / 1e6}M calls (median of 11 interleaved rounds)`, rows, "weft old (flag only)");
for (const r of rows) console.log(`  ${r.name}: ${((r.ms * 1e6) / N).toFixed(2)} ns/call`);
