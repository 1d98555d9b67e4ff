import { read, hasErrors, type Decoded, type Diagnostic, type Form } from "@weft/reader";
import { check, importsOf, type Program } from "@weft/typeck-shareable";
import { generate, type GenerateOptions, type JsModule } from "@weft/codegen";
import { entryMainDiagnostics } from "./entryMain.js";

/** How the pipeline reaches files: the driver's one IO seam, so tests run it in memory. */
export interface SourceHost {
  /** The text of `path` (decoded, with what was wrong with its bytes), or `undefined` when it cannot be read. */
  readFile(path: string): string | Decoded | undefined;
  /** After a failed `readFile`, why (`no such file`, `it is a directory`), when the host knows. */
  whyUnreadable?(path: string): string | undefined;
}

/** Every source file the program reads, by path: the renderer needs them for code frames. */
export type Sources = ReadonlyMap<string, string>;

export interface Compiled {
  readonly sources: Sources;
  readonly diagnostics: readonly Diagnostic[];
  /** Present when the program type-checked. */
  readonly program?: Program;
  /** Present when `generate` was asked for and the program type-checked. */
  readonly modules?: readonly JsModule[];
}

/**
 * The whole compiler: read every file the entry reaches, check, generate.
 * `read → check → generate`; each step returns its value and its diagnostics, and a step runs
 * only when the ones before it reported no error.
 */
export function compile(
  entry: string,
  host: SourceHost,
  options: { generate: boolean; codegen?: GenerateOptions },
): Compiled {
  const { sources, files, diagnostics } = readAll(entry, host);
  if (hasErrors(diagnostics)) return { sources, diagnostics };

  const checked = check({ entry, files });
  const afterCheck = [...diagnostics, ...checked.diagnostics, ...(checked.program ? entryMainDiagnostics(checked.program) : [])];
  if (!checked.program || hasErrors(afterCheck) || !options.generate) {
    return checked.program ? { sources, diagnostics: afterCheck, program: checked.program } : { sources, diagnostics: afterCheck };
  }

  const generated = generate(checked.program, { sources, ...options.codegen });
  return {
    sources,
    diagnostics: [...afterCheck, ...generated.diagnostics],
    program: checked.program,
    modules: generated.modules,
  };
}

/** Reads the entry and, transitively, every file it imports. */
function readAll(entry: string, host: SourceHost) {
  const sources = new Map<string, string>();
  const files = new Map<string, readonly Form[]>();
  const diagnostics: Diagnostic[] = [];
  const pending: { path: string; from?: Diagnostic["span"] }[] = [{ path: entry }];
  while (pending.length > 0) {
    const { path, from } = pending.pop()!;
    if (sources.has(path)) continue;
    const got = host.readFile(path);
    if (got === undefined) {
      const reason = host.whyUnreadable?.(path);
      if (from) diagnostics.push(unreadableImport(path, from, reason));
      else throw new UnreadableEntry(path, reason);
      continue;
    }
    const text = typeof got === "string" ? got : got.text;
    if (typeof got !== "string") diagnostics.push(...got.diagnostics);
    sources.set(path, text);
    const result = read(path, text);
    files.set(path, result.forms);
    diagnostics.push(...result.diagnostics);
    for (const imported of importsOf(path, result.forms)) pending.push({ path: imported.path, from: imported.span });
  }
  return { sources, files, diagnostics };
}

function unreadableImport(path: string, span: Diagnostic["span"], reason: string | undefined): Diagnostic {
  return {
    code: "E0100",
    severity: "error",
    message: `cannot read the imported file \`${path}\`${reason ? `: ${reason}` : ""}`,
    span,
    label: "imported here",
    notes: [],
    help: "check the path: it is relative to the importing file",
  };
}

/** The file named on the command line cannot be read: a usage error, not a diagnostic. */
export class UnreadableEntry extends Error {
  constructor(
    readonly path: string,
    readonly reason?: string,
  ) {
    super(`cannot read \`${path}\`${reason ? `: ${reason}` : ""}`);
  }
}
