import type { Diagnostic, Form, Span } from "@weft/reader";
import type { Module, Program } from "../IR.js";
import { Reporter } from "./Errors.js";
import { joinPath, ModuleChecker, type ProgramState } from "./Module.js";
import { MAX_DEPTH, tooDeep } from "./Depth.js";
import { collectTests } from "./Tests.js";
import { newSummaries } from "./passes/Summaries.js";

/** The files an `import` form names, resolved against the importing file. */
export function importsOf(path: string, forms: readonly Form[]): { path: string; span: Span }[] {
  const out: { path: string; span: Span }[] = [];
  for (const f of forms) {
    if (f.kind !== "list") continue;
    const [h, p] = f.items;
    if (h?.kind === "symbol" && h.name === "import" && p?.kind === "string") out.push({ path: joinPath(path, p.value), span: f.span });
  }
  return out;
}

/**
 * Type-checks the program whose entry is `entry`: every module it reaches, dependencies first.
 * Returns the typed IR when there is no error.
 */
export function check(input: { entry: string; files: ReadonlyMap<string, readonly Form[]> }): { program?: Program; diagnostics: Diagnostic[] } {
  const rep = new Reporter();
  const state: ProgramState = { rep, instances: new Map(), typesByKey: new Map(), exports: new Map(), instanceCount: 0, summaries: newSummaries() };
  const modules: Module[] = [];
  const status = new Map<string, "active" | "done">();
  const visit = (path: string, stack: string[]): void => {
    const forms = input.files.get(path);
    if (!forms) {
      state.exports.set(path, null);
      return;
    }
    status.set(path, "active");
    for (const imp of importsOf(path, forms)) {
      const s = status.get(imp.path);
      if (s === "active") {
        const cycle = [...stack.slice(stack.indexOf(imp.path)), path, imp.path];
        rep.report("E0107", `import cycle: ${cycle.join(" → ")}`, imp.span, {
          label: "this import closes the cycle",
          help: "modules cannot import each other in a circle; move what they share into a third module",
        });
        continue;
      }
      if (s === undefined) visit(imp.path, [...stack, path]);
    }
    const deep = tooDeep(forms);
    if (deep) {
      rep.report("E0107", `this form is nested more than ${MAX_DEPTH} levels deep, which the checker does not accept`, { ...deep.span, end: deep.span.start + 1 }, {
        label: `nesting level ${MAX_DEPTH + 1} starts here`,
        help: "name the inner parts: bind them with `let` or move them into functions",
      });
      state.exports.set(path, null);
      status.set(path, "done");
      return;
    }
    try {
      const withTests = collectTests(forms, rep);
      const { module, exports } = new ModuleChecker(path, withTests.forms, state).run();
      modules.push(withTests.tests.length > 0 ? { ...module, tests: withTests.tests } : module);
      state.exports.set(path, exports);
    } catch (e) {
      // A checker bug must not take the driver down: report it as a diagnostic.
      rep.report("E0107", `internal checker error: ${(e as Error).message}`, { file: path, start: 0, end: 0 });
      state.exports.set(path, null);
    }
    status.set(path, "done");
  };
  visit(input.entry, []);
  const diagnostics = byPosition(rep.diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { program: { modules, entry: input.entry }, diagnostics };
}

/**
 * ARCHITECTURE.md "report": a reader meets a file's problems top to bottom, whichever pass found
 * them. Files keep the order they were checked in (dependencies first); the sort is stable, so
 * two reports at one place keep the order they were made in.
 */
function byPosition(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileRank = new Map<string, number>();
  for (const d of diagnostics) if (!fileRank.has(d.span.file)) fileRank.set(d.span.file, fileRank.size);
  return [...diagnostics].sort((a, b) => fileRank.get(a.span.file)! - fileRank.get(b.span.file)! || a.span.start - b.span.start);
}
