import type { Span } from "./Span.js";

export type Severity = "error" | "warning";

/** A secondary place the diagnostic points at, with what it says there. */
export interface Label {
  readonly span: Span;
  readonly message: string;
}

/**
 * A problem found in a program, as data. Every phase reports through this one type; the
 * driver renders it for a terminal or as JSON.
 */
export interface Diagnostic {
  /** `E0001`…, `W0321`… (LANGUAGE.md §8). */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where the problem is; `label` is printed under the carets there. */
  readonly span: Span;
  readonly label?: string;
  /** Other places that explain the problem (a `mut` declaration, a `sig`…). */
  readonly notes: readonly Label[];
  /** How to fix it, one line. */
  readonly help?: string;
}

export function error(
  code: string,
  message: string,
  span: Span,
  extra: { label?: string; notes?: readonly Label[]; help?: string } = {},
): Diagnostic {
  return { code, severity: "error", message, span, notes: extra.notes ?? [], ...pick(extra) };
}

export function warning(
  code: string,
  message: string,
  span: Span,
  extra: { label?: string; notes?: readonly Label[]; help?: string } = {},
): Diagnostic {
  return { code, severity: "warning", message, span, notes: extra.notes ?? [], ...pick(extra) };
}

function pick(extra: { label?: string; help?: string }): { label?: string; help?: string } {
  const out: { label?: string; help?: string } = {};
  if (extra.label !== undefined) out.label = extra.label;
  if (extra.help !== undefined) out.help = extra.help;
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
