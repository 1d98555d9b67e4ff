// Shared by the channels and atoms benchmarks: interleaved rounds, medians, a ratio table, and
// compiling a Weft program with `weft build` so its `main` can be imported and timed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Runs every case of `cases` (`{ name: async () => void }`) once per round, in turn, for
 * `rounds` rounds after `warm` warm-up rounds, so load from other processes falls on all of
 * them alike. Returns each case's median milliseconds.
 */
export async function interleave(cases, { rounds = 7, warm = 2 } = {}) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < warm + rounds; r++) {
    for (const [name, run] of Object.entries(cases)) {
      const t0 = performance.now();
      await run();
      if (r >= warm) times[name].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** Prints one comparison: the Weft figure, its baseline, and how many times faster Weft is. */
export function report(title, rows) {
  console.log(`\n${title}`);
  const head = ["case", "Weft", "baseline", "Weft speed vs baseline"];
  const body = rows.map((r) => [
    r.name,
    fmt(r.weft, r.unit, r.items),
    `${fmt(r.base, r.unit, r.items)} (${r.baseName})`,
    `${(r.base / r.weft).toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => "  " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("   ");
  console.log(line(head));
  console.log("  " + widths.map((w) => "-".repeat(w)).join("   "));
  for (const b of body) console.log(line(b));
}

function fmt(ms, unit, items) {
  if (unit === "per-item") return `${((ms * 1e6) / items).toFixed(1)} ns/item`;
  if (unit === "round-trip") return `${((ms * 1e3) / items).toFixed(2)} µs/rt`;
  return `${ms.toFixed(1)} ms`;
}

/**
 * Compiles `source` (Weft) with the workspace's `weft build` into bench/.generated/NAME and
 * imports it: returns the module, whose `main` the caller times.
 */
export async function compileWeft(name, source) {
  const dir = join(root, "bench", ".generated", name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.weft`);
  writeFileSync(file, source);
  execFileSync(join(root, "node_modules", ".bin", "weft"), ["build", "-o", dir, file], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  return import(pathToFileURL(join(dir, `${name}.js`)).href);
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
