import { watch as watchDir, mkdtempSync, type FSWatcher } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, basename } from "node:path";
import { pathToFileURL } from "node:url";
import { hasErrors } from "@weft/reader";
import { showType, type Program } from "@weft/typeck-shareable";
import type { JsModule } from "@weft/codegen";
import { compile, UnreadableEntry, type Compiled, type SourceHost } from "./pipeline.js";
import { writeModules, runtimeFileUrl } from "./output.js";

/** What `weft run --watch` tells the person at each step. */
export interface WatchReporter {
  diagnostics(compiled: Compiled): void;
  runtimeError(error: unknown, compiled: Compiled): void;
  status(line: string): void;
}

type FunctionTable = Record<string, unknown>;

/**
 * One loaded version of the program. Its function tables are kept so that a later reload can
 * point every older table at the new functions: code already running finishes on its version,
 * and its next call of a top-level function gets the new one (LANGUAGE.md §7).
 */
interface Generation {
  readonly compiled: Compiled & { program: Program; modules: readonly JsModule[] };
  readonly tables: ReadonlyMap<string, FunctionTable>;
  readonly main: () => unknown;
}

/**
 * `weft run --watch`: runs `main`, then recompiles whenever a source file changes. A reload that
 * fails to type-check, or changes a struct's fields or an enum's variants, is refused with its
 * diagnostics and the old code keeps running. `defonce` values survive (runtime-core keeps them);
 * `def`s are re-evaluated. When `main` has returned, the new `main` runs.
 * Resolves when `signal` aborts.
 */
export async function watchAndRun(entry: string, host: SourceHost, report: WatchReporter, signal: AbortSignal): Promise<void> {
  const older: Generation[] = [];
  let mainRunning = false;
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;

  const load = async (): Promise<void> => {
    let compiled: Compiled;
    try {
      compiled = compile(entry, host, { generate: true, codegen: { runtimeSpecifier: runtimeFileUrl } });
    } catch (e) {
      if (!(e instanceof UnreadableEntry)) throw e;
      report.status(`cannot read ${basename(entry)}; waiting for a change`);
      return;
    }
    watchers = rewatch(watchers, compiled, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 50);
    });
    const previous = older.at(-1);
    if (hasErrors(compiled.diagnostics) || !compiled.program || !compiled.modules) {
      report.diagnostics(compiled);
      report.status(previous ? "reload refused: the program has errors; the old code keeps running" : "waiting for a change");
      return;
    }
    report.diagnostics(compiled);
    if (previous) {
      const changed = changedLayouts(previous.compiled.program, compiled.program);
      if (changed.length > 0) {
        report.status(`reload refused: ${changed.join("; ")}; restart to change a type's layout. The old code keeps running`);
        return;
      }
    }
    const complete = { ...compiled, program: compiled.program, modules: compiled.modules };
    let generation: Generation | undefined;
    try {
      generation = await importGeneration(complete);
    } catch (error) {
      // A top-level `def` failed while the new version loaded.
      report.runtimeError(error, complete);
      report.status(previous ? "reload refused; the old code keeps running" : "waiting for a change");
      return;
    }
    if (!generation) {
      report.status("the program has no `main` function to run; waiting for a change");
      return;
    }
    for (const old of older) {
      for (const [path, table] of old.tables) {
        const fresh = generation.tables.get(path);
        if (fresh) Object.assign(table, fresh);
      }
    }
    older.push(generation);
    if (previous) report.status(`reloaded ${basename(entry)}`);
    if (!mainRunning) {
      mainRunning = true;
      try {
        await generation.main();
      } catch (error) {
        report.runtimeError(error, generation.compiled);
      } finally {
        mainRunning = false;
      }
      report.status("main returned; watching for changes (Ctrl-C to stop)");
    }
  };

  await load();
  await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
  clearTimeout(timer);
  for (const w of watchers) w.close();
}

/** Writes a version into a fresh directory (ES modules are cached by URL) and imports it. */
async function importGeneration(compiled: Generation["compiled"]): Promise<Generation | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "weft-watch-"));
  writeModules(compiled.modules, dir, "url");
  const tables = new Map<string, FunctionTable>();
  let main: (() => unknown) | undefined;
  for (const m of compiled.modules) {
    const loaded = (await import(pathToFileURL(join(dir, m.fileName)).href)) as { $fn: FunctionTable } & Record<string, unknown>;
    tables.set(m.path, loaded.$fn);
    if (m.path === compiled.program.entry && m.exports.main !== undefined) main = loaded[m.exports.main] as () => unknown;
  }
  return main ? { compiled, tables, main } : undefined;
}

/** Structs whose fields, or enums whose variants, differ between two versions. */
export function changedLayouts(before: Program, after: Program): string[] {
  const layouts = (p: Program) => {
    const out = new Map<string, string>();
    for (const m of p.modules) {
      for (const s of m.structs) out.set(`struct \`${s.name}\``, s.fields.map((f) => `${f.name}:${showType(f.type)}`).join(" "));
      for (const e of m.enums) out.set(`enum \`${e.name}\``, e.variants.map((v) => `${v.name}(${v.fields.map(showType).join(" ")})`).join(" "));
    }
    return out;
  };
  const old = layouts(before);
  const changed: string[] = [];
  for (const [name, layout] of layouts(after)) {
    const was = old.get(name);
    if (was !== undefined && was !== layout) changed.push(`${name} changed its ${name.startsWith("struct") ? "fields" : "variants"}`);
  }
  return changed;
}

/** Watches the directories of every source file (editors often replace a file rather than write it). */
function rewatch(old: FSWatcher[], compiled: Compiled, onChange: () => void): FSWatcher[] {
  for (const w of old) w.close();
  const files = new Set(compiled.sources.keys());
  const dirs = new Set([...files].map((f) => dirname(f)));
  return [...dirs].map((dir) =>
    watchDir(dir, (_event, name) => {
      if (name !== null && files.has(join(dir, name.toString()))) onChange();
    }),
  );
}
