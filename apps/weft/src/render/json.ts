import { pathsIn } from "./paths.js";
import type { Diagnostic } from "@weft/reader";
import { lineTables } from "./lineTables.js";
import type { Sources } from "../pipeline.js";

/** One diagnostic in `weft check --json` form (LANGUAGE.md §8). */
export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly notes: readonly { readonly message: string; readonly line: number; readonly col: number }[];
  /** The `= help:` line of the human form, when there is one. */
  readonly help?: string;
}

export function toJson(diagnostics: readonly Diagnostic[], sources: Sources, cwdRelative = (p: string) => p): JsonDiagnostic[] {
  const table = lineTables(sources);
  return diagnostics.map((d) => {
    const start = table(d.span.file).position(d.span.start);
    const end = table(d.span.file).position(d.span.end);
    return {
      code: d.code,
      severity: d.severity,
      message: pathsIn(d.message, cwdRelative),
      file: cwdRelative(d.span.file),
      line: start.line,
      col: start.col,
      endLine: end.line,
      endCol: end.col,
      notes: d.notes.map((n) => {
        const p = table(n.span.file).position(n.span.start);
        return { message: pathsIn(n.message, cwdRelative), line: p.line, col: p.col };
      }),
      ...(d.help !== undefined ? { help: d.help } : {}),
    };
  });
}
