// What every benchmark shares: interleaved rounds with medians, ratio tables, compiling a Weft
// program with the weft CLI to import and time its functions, and one process per group.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// `WEFT_BENCH_CLOCK=cpu` times each case by this process's CPU time (user + system, every
// thread of the process) instead of the wall clock: on a machine loaded by other sessions, time
// spent waiting for a core is not counted. Only for cases that run on this thread and do not
// sleep (it would count a worker pool's threads, and not a timer's wait).
const cpuClock = process.env.WEFT_BENCH_CLOCK === "cpu";
function now() {
  if (!cpuClock) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Times every case once per round, the cases interleaved (so load from the other sessions on
 * the machine falls on all of them alike), after `warm` untimed rounds; returns each case's
 * median in milliseconds. A case is `{ name, run }`, `run` sync or async.
 */
export async function interleaved(cases, { rounds = 15, warm = 3 } = {}) {
  const times = cases.map(() => []);
  for (let r = 0; r < warm + rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      const t0 = now();
      await cases[i].run();
      const ms = now() - t0;
      if (r >= warm) times[i].push(ms);
    }
  }
  return cases.map((c, i) => ({ name: c.name, ms: median(times[i]) }));
}

/**
 * `interleaved` over an object of named runs (`{ weft, base }`); returns each name's median (ms).
 * Fewer rounds by default: its callers run one group per process (see `group`).
 */
export async function interleavedByName(runs, { rounds = 7, warm = 2 } = {}) {
  const rows = await interleaved(Object.entries(runs).map(([name, run]) => ({ name, run })), { rounds, warm });
  return Object.fromEntries(rows.map((r) => [r.name, r.ms]));
}

/** Prints `rows` (from `interleaved`) with each one's time as a multiple of the row named `base`. */
export function table(title, rows, base) {
  const b = rows.find((r) => r.name === base).ms;
  console.log(`\n${title}`);
  const cells = rows.map((r) => [r.name, fmt(r.ms), `${(r.ms / b).toFixed(2)}×`]);
  const head = ["case", "median", `÷ ${base}`];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cs) => "  " + cs.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
  console.log(line(head));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("   "));
  for (const c of cells) console.log(line(c));
}

function fmt(ms) {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

/** The machine's load, printed with every result (the VM is shared with other sessions). */
export function header(what) {
  const [one, five] = loadavg();
  const clock = cpuClock ? ", timed by CPU time (WEFT_BENCH_CLOCK=cpu)" : "";
  console.log(`${what} — Node ${process.version}, load average ${one.toFixed(2)} / ${five.toFixed(2)} (1 / 5 min)${clock}`);
}

/**
 * Compiles Weft `source` with the built CLI (`weft build`) into node_modules/.cache (so its
 * imports resolve to this checkout's packages) and imports it.
 */
export async function weftProgram(name, source) {
  const dir = join(root, "node_modules", ".cache", "weft-bench", name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.weft`);
  writeFileSync(file, source);
  const out = join(dir, "out");
  execFileSync(join(root, "node_modules", ".bin", "weft"), ["build", file, "-o", out], { stdio: ["ignore", "ignore", "inherit"] });
  return import(pathToFileURL(join(out, `${name}.js`)).href);
}

/** Prints one comparison: the Weft figure, its baseline, and how many times faster Weft is. */
export function report(title, rows) {
  console.log(`\n${title}`);
  const head = ["case", "Weft", "baseline", "Weft speed vs baseline"];
  const body = rows.map((r) => [
    r.name,
    perItem(r.weft, r.unit, r.items),
    `${perItem(r.base, r.unit, r.items)} (${r.baseName})`,
    `${(r.base / r.weft).toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
  console.log(line(head));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("   "));
  for (const b of body) console.log(line(b));
}

function perItem(ms, unit, items) {
  if (unit === "per-item") return `${((ms * 1e6) / items).toFixed(1)} ns/item`;
  if (unit === "round-trip") return `${((ms * 1e3) / items).toFixed(2)} µs/rt`;
  return `${ms.toFixed(1)} ms`;
}

/** Calls `fn` with console.log silenced (a compiled `main` prints its result). */
export async function quietly(fn) {
  const log = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await fn();
  } finally {
    process.stdout.write = log;
  }
}

/**
 * Runs each group of a benchmark file in its own Node process (`node FILE GROUP`), so one
 * group's call-site feedback (a `swap` that saw other functions, a warmed channel) cannot slow
 * down another's; a group interleaves its Weft case with its baseline inside its process.
 * Returns the group to run in this process, or `null` in the parent (which has then run them all).
 */
export function group(file, groups) {
  const chosen = process.argv[2];
  if (chosen !== undefined) return chosen;
  for (const g of groups) {
    const run = spawnSync(process.execPath, [fileURLToPath(file), g], { stdio: "inherit" });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  return null;
}
