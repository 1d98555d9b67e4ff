#!/usr/bin/env node
// Compile benchmark: how fast the Weft compiler reads, checks and generates a ~20,000-line
// program, phase by phase and as the whole `weft check` command, side by side with what a user
// would otherwise pick — TypeScript's compiler on the same program written in TypeScript.
//
//   npm run bench                          (builds every package first)
//   node bench/compile/compile.bench.mjs   (uses what is built now)
//   BENCH_RUNS=7 BENCH_CMD_RUNS=5 BENCH_LINES=20000 change the defaults.
//
// It imports the BUILT packages (dist), as a user of the compiler would. A phase that is not
// built yet is named as missing; everything that exists is still timed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { writeGenerated } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CMD_RUNS = Number(process.env.BENCH_CMD_RUNS ?? 5);
const LINES = Number(process.env.BENCH_LINES ?? 20_000);
const CHECK_LIMIT_MS = 2000; // the target for `weft check` on this program

const ts = createRequire(import.meta.url)("typescript");

// ---- the inputs -------------------------------------------------------------------------------
const gen = writeGenerated(LINES);
const weftText = readFileSync(gen.weftPath, "utf8");
const tsText = readFileSync(gen.tsPath, "utf8");
const weftRel = relative(root, gen.weftPath);
console.log(`compile bench: ${weftRel} (${gen.weftLines} lines) vs ${relative(root, gen.tsPath)} (${gen.tsLines} lines, TypeScript ${ts.version})`);
console.log(`node ${process.version}; ${RUNS} runs per phase (after one warm-up), ${CMD_RUNS} per command; medians\n`);

// ---- helpers ----------------------------------------------------------------------------------
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs `fn` once to warm up, then `runs` times; the median milliseconds and the last value. */
function time(fn, runs = RUNS) {
  let value = fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), value };
}

/** A phase function from a built package, or why it is missing. */
async function load(pkg, name) {
  try {
    const mod = await import(pkg);
    return typeof mod[name] === "function" ? { fn: mod[name] } : { missing: `${pkg} is built but exports no \`${name}\`` };
  } catch (e) {
    return { missing: `${pkg} is not built or cannot be imported (${e.code ?? e.message})` };
  }
}

const notes = [];
const missing = (phase, why) => notes.push(`MISSING ${phase}: ${why}`);
const errorsOf = (diagnostics) => (diagnostics ?? []).filter((d) => d.severity === "error");
function describe(diagnostics, text) {
  const lineOf = (offset) => new TextEncoder().encode(text).subarray(0, offset).filter((b) => b === 10).length + 1;
  return diagnostics.slice(0, 5).map((d) => `    ${d.code} line ${lineOf(d.span.start)}: ${d.message}`).join("\n");
}

// ---- Weft, phase by phase ---------------------------------------------------------------------
const reader = await load("@weft/reader", "read");
const checker = await load("@weft/typeck-shareable", "check");
const codegen = await load("@weft/codegen", "generate");

let forms, program;
let readMs, checkMs, generateMs;
if (reader.fn) {
  const r = time(() => reader.fn(weftRel, weftText));
  readMs = r.ms;
  forms = r.value.forms;
  const errs = errorsOf(r.value.diagnostics);
  if (errs.length) notes.push(`read reported ${errs.length} errors on the generated program:\n${describe(errs, weftText)}`);
} else missing("read", reader.missing);

if (checker.fn && forms) {
  try {
    const r = time(() => checker.fn({ entry: weftRel, files: new Map([[weftRel, forms]]) }));
    checkMs = r.ms;
    program = r.value.program;
    const errs = errorsOf(r.value.diagnostics);
    if (errs.length) notes.push(`check reported ${errs.length} errors on the generated program:\n${describe(errs, weftText)}`);
    if (!program) notes.push("check returned no program, so generate cannot be timed");
  } catch (e) {
    notes.push(`check threw: ${e.stack?.split("\n").slice(0, 3).join(" | ")}`);
  }
} else if (!checker.fn) missing("check", checker.missing);

if (codegen.fn && program) {
  try {
    // As the driver calls it: with the sources, for source maps.
    const sources = new Map([[weftRel, weftText]]);
    const r = time(() => codegen.fn(program, { sources }));
    generateMs = r.ms;
    const errs = errorsOf(r.value.diagnostics);
    if (errs.length) notes.push(`generate reported ${errs.length} errors:\n${describe(errs, weftText)}`);
  } catch (e) {
    notes.push(`generate threw: ${e.stack?.split("\n").slice(0, 3).join(" | ")}`);
  }
} else if (!codegen.fn) missing("generate", codegen.missing);

// ---- TypeScript, the same work ----------------------------------------------------------------
const tsOptions = ts.convertCompilerOptionsFromJson(
  JSON.parse(readFileSync(gen.tsconfigPath, "utf8")).compilerOptions,
  dirname(gen.tsconfigPath),
).options;

const tsParse = time(() => ts.createSourceFile(gen.tsPath, tsText, ts.ScriptTarget.ES2022, false)).ms;
const tsTranspile = time(() =>
  ts.transpileModule(tsText, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext }, fileName: gen.tsPath }),
).ms;
// A fresh program each run (parse, bind, check, with the ES2022 library, as `tsc` does), but
// file texts from memory so the disk is not what is measured.
const texts = new Map();
const host = ts.createCompilerHost(tsOptions);
const readText = host.readFile.bind(host);
host.readFile = (f) => {
  if (!texts.has(f)) texts.set(f, readText(f));
  return texts.get(f);
};
let tsCheckErrors = 0;
const tsCheck = time(() => {
  const p = ts.createProgram([gen.tsPath], tsOptions, host);
  tsCheckErrors = ts.getPreEmitDiagnostics(p).length;
}).ms;
if (tsCheckErrors) notes.push(`the TypeScript baseline reported ${tsCheckErrors} diagnostics (the generator should emit valid TypeScript)`);

// ---- whole commands ---------------------------------------------------------------------------
function command(label, cmd, args) {
  const ms = [];
  let last;
  for (let i = 0; i < CMD_RUNS; i++) {
    const t0 = performance.now();
    last = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
    ms.push(performance.now() - t0);
  }
  if (last.error || last.status !== 0) {
    const why = last.error ? last.error.message : `exit ${last.status}: ${(last.stderr || last.stdout).trim().split("\n").slice(0, 4).join(" | ")}`;
    notes.push(`\`${label}\` did not succeed (${why})`);
  }
  return { ms: median(ms), ok: !last.error && last.status === 0 };
}

const weftBin = join(root, "node_modules", ".bin", "weft");
const weftBuilt = existsSync(join(root, "apps", "weft", "dist", "main.js"));
const weftCmdLabel = `node_modules/.bin/weft check ${weftRel}`;
const tscCmdLabel = `node_modules/.bin/tsc -p ${relative(root, gen.tsconfigPath)}`;
const weftCmd = weftBuilt && existsSync(weftBin) ? command(weftCmdLabel, weftBin, ["check", weftRel]) : undefined;
if (!weftCmd) notes.push("MISSING `weft` command: apps/weft is not built (run `npm run build`)");
const tscCmd = command(tscCmdLabel, join(root, "node_modules", ".bin", "tsc"), ["-p", relative(root, gen.tsconfigPath)]);

// ---- the table --------------------------------------------------------------------------------
const sum = (...xs) => (xs.every((x) => x !== undefined) ? xs.reduce((a, b) => a + b, 0) : undefined);
const table = [
  { phase: "read", weft: readMs, base: "ts.createSourceFile (parse)", baseMs: tsParse },
  { phase: "check", weft: checkMs, base: "", baseMs: undefined },
  { phase: "generate", weft: generateMs, base: "", baseMs: undefined },
  { phase: "read + generate", weft: sum(readMs, generateMs), base: "ts.transpileModule", baseMs: tsTranspile },
  { phase: "read + check", weft: sum(readMs, checkMs), base: "ts.createProgram + diagnostics", baseMs: tsCheck },
  { phase: "read + check + generate", weft: sum(readMs, checkMs, generateMs), base: "", baseMs: undefined },
  { phase: "`weft check` command", weft: weftCmd?.ms, base: "`tsc -p` command (noEmit)", baseMs: tscCmd.ms },
];

const fmtMs = (ms) => (ms === undefined ? "missing" : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const fmtRate = (lines, ms) => (ms === undefined ? "" : `${Math.round(lines / (ms / 1000)).toLocaleString("en-US")}`);
const fmtRatio = (a, b) => (a === undefined || b === undefined ? "" : `${(a / b).toFixed(2)}x`);
const header = ["weft phase", "median", "lines/s", "TypeScript baseline", "median", "lines/s", "weft/ts time"];
const body = table.map((r) => [
  r.phase,
  fmtMs(r.weft),
  fmtRate(gen.weftLines, r.weft),
  r.base,
  r.baseMs === undefined ? "" : fmtMs(r.baseMs),
  r.baseMs === undefined ? "" : fmtRate(gen.tsLines, r.baseMs),
  fmtRatio(r.weft, r.baseMs),
]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of body) console.log(line(row));
console.log("\nweft/ts time: below 1.00x means Weft is faster than TypeScript on the same program.");
console.log(`commands: \`${weftCmdLabel}\` vs \`${tscCmdLabel}\`, median of ${CMD_RUNS}, process start included.`);
if (weftCmd) {
  const verdict = weftCmd.ok && weftCmd.ms < CHECK_LIMIT_MS ? "PASS" : "FAIL";
  console.log(`target: \`weft check\` under ${CHECK_LIMIT_MS} ms on ${gen.weftLines} lines: ${verdict} (${fmtMs(weftCmd.ms)}${weftCmd.ok ? "" : ", command failed"})`);
}
for (const n of notes) console.log(`\n${n}`);
