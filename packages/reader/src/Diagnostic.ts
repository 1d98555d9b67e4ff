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

type Extra = { label?: string; notes?: readonly Label[]; help?: string };

function make(severity: Severity) {
  return (code: string, message: string, span: Span, extra: Extra = {}): Diagnostic => {
    const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code, severity, message, span, notes: extra.notes ?? [] };
    if (extra.label !== undefined) d.label = extra.label;
    if (extra.help !== undefined) d.help = extra.help;
    return d;
  };
}

/** An error diagnostic: `error("E0100", "cannot find …", span, { label, notes, help })`. */
export const error = make("error");
/** A warning diagnostic, built like `error`. */
export const warning = make("warning");

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
