import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { hasErrors } from "@weft/reader";
import { useClock, VirtualClock } from "@weft/runtime-core";
import { compile, type Compiled, type SourceHost } from "./pipeline.js";
import { runtimeFileUrl, writeModules } from "./output.js";
import { renderRuntimeError, weftFrames } from "./runtimeError.js";
import { untilDry } from "./runner.js";

/** How one `deftest` ended. */
export interface TestOutcome {
  readonly file: string;
  readonly name: string;
  readonly ok: boolean;
  /** Virtual milliseconds the test's clock advanced. */
  readonly virtualMs: number;
  readonly error?: { readonly message: string; readonly file?: string; readonly line?: number; readonly col?: number; readonly rendered: string };
}

/** What `weft test` found in one file: its diagnostics when it did not compile, else its tests' outcomes. */
export interface FileOutcome {
  readonly file: string;
  readonly compiled: Compiled;
  readonly tests: readonly TestOutcome[];
}

/**
 * Compiles `entry` and runs each of its `deftest`s in source order, one at a time, each on a
 * fresh virtual clock starting at 0 (LANGUAGE.md §9). A test passes when it finishes; any error
 * (an assertion, a `fail`, a deadlock) fails it and the next test runs.
 */
export async function runTestFile(entry: string, host: SourceHost, cwd: string): Promise<FileOutcome> {
  const file = relative(cwd, entry) || entry;
  const compiled = compile(entry, host, { generate: true, codegen: { runtimeSpecifier: runtimeFileUrl } });
  if (hasErrors(compiled.diagnostics) || !compiled.modules || !compiled.program) return { file, compiled, tests: [] };
  const program = compiled.program;
  const tests = program.modules.find((m) => m.path === program.entry)?.tests ?? [];
  const entryModule = compiled.modules.find((m) => m.path === program.entry)!;
  const dir = mkdtempSync(join(tmpdir(), "weft-test-"));
  const outcomes: TestOutcome[] = [];
  try {
    writeModules(compiled.modules, dir, "url");
    const loaded = (await import(pathToFileURL(join(dir, entryModule.fileName)).href)) as Record<string, () => unknown>;
    for (const t of tests) {
      const time = new VirtualClock();
      useClock(time);
      try {
        await untilDry(() => loaded[entryModule.exports[t.fn]!]!(), DEADLOCK);
        outcomes.push({ file, name: t.name, ok: true, virtualMs: time.now() });
      } catch (error) {
        outcomes.push({ file, name: t.name, ok: false, virtualMs: time.now(), error: describe(error, compiled, cwd) });
      } finally {
        useClock(undefined);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { file, compiled, tests: outcomes };
}

/** The error `weft test` reports when a test waits on something that can never happen. */
export const DEADLOCK = "deadlock: every task of the test waits, and no timer or other thread can wake one";

function describe(error: unknown, compiled: Compiled, cwd: string): NonNullable<TestOutcome["error"]> {
  const message = error instanceof Error ? error.message : String(error);
  const at = weftFrames(error)[0];
  const rendered = renderRuntimeError(error, compiled.sources, cwd);
  return at ? { message, file: relative(cwd, at.file), line: at.line, col: at.col, rendered } : { message, rendered };
}

/** The human report: one line per test, a failure's error under it, then the totals. */
export function renderTestReport(files: readonly FileOutcome[]): string {
  const out: string[] = [];
  for (const f of files) {
    if (f.tests.length === 0 && hasErrors(f.compiled.diagnostics)) continue;
    out.push(`test ${f.file}`);
    if (f.tests.length === 0) out.push("  (no deftest)");
    for (const t of f.tests) {
      out.push(`  ${t.ok ? "ok  " : "FAIL"}  ${t.name}`);
      if (t.error) out.push(...t.error.rendered.trimEnd().split("\n").map((line) => `        ${line}`));
    }
  }
  const { passed, failed } = totals(files);
  out.push(`${passed} passed, ${failed} failed`);
  return out.join("\n") + "\n";
}

/** `weft test --json`: every test with its outcome; a failure with its message and Weft location. */
export function testReportJson(files: readonly FileOutcome[]): unknown {
  return {
    ...totals(files),
    tests: files.flatMap((f) =>
      f.tests.map((t) => ({
        file: t.file,
        name: t.name,
        ok: t.ok,
        virtualMs: t.virtualMs,
        ...(t.error ? { error: { message: t.error.message, file: t.error.file, line: t.error.line, col: t.error.col } } : {}),
      })),
    ),
  };
}

/** Tests passed and failed; a file that did not compile counts as one failure. */
export function totals(files: readonly FileOutcome[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const f of files) {
    if (hasErrors(f.compiled.diagnostics)) failed++;
    for (const t of f.tests) t.ok ? passed++ : failed++;
  }
  return { passed, failed };
}
