import type { Diagnostic, LineTable, Span } from "@weft/reader";
import { lineTables } from "./lineTables.js";
import type { Sources } from "../pipeline.js";
import { plain, type Style } from "./Style.js";
import { visible, visibleLine } from "./visible.js";
import { pathsIn } from "./paths.js";
import { window } from "./window.js";

/** A place in a code frame: a span with its text under the underline. */
interface Mark {
  readonly span: Span;
  readonly message: string;
  readonly primary: boolean;
}

/**
 * Renders a diagnostic as LANGUAGE.md §8 shows it: header, location, a code frame with the
 * primary span underlined by `^` and each secondary span (in the same file) by `-`, then help.
 */
export function renderHuman(d: Diagnostic, sources: Sources, style: Style = plain, cwdRelative = (p: string) => p): string {
  const table = lineTables(sources);
  const colorOf = d.severity === "error" ? style.error : style.warning;
  const start = table(d.span.file).position(d.span.start);
  const out: string[] = [];
  out.push(`${style.bold(colorOf(`${d.severity}[${d.code}]`))}${style.bold(`: ${visible(pathsIn(d.message, cwdRelative))}`)}`);

  const sameFile = d.notes.filter((n) => n.span.file === d.span.file);
  const otherFiles = d.notes.filter((n) => n.span.file !== d.span.file);
  const marks: Mark[] = [
    { span: d.span, message: d.label ?? "", primary: true },
    ...sameFile.map((n) => ({ span: n.span, message: pathsIn(n.message, cwdRelative), primary: false })),
  ];
  const gutterWidth = Math.max(
    ...marks.map((m) => String(table(m.span.file).position(m.span.start).line).length),
    ...otherFiles.map((n) => String(table(n.span.file).position(n.span.start).line).length),
  );
  const pad = " ".repeat(gutterWidth);
  out.push(`${pad}${style.gutter("-->")} ${visible(cwdRelative(d.span.file))}:${start.line}:${start.col}`);
  out.push(...frame(marks, table(d.span.file), gutterWidth, colorOf, style));
  for (const n of otherFiles) {
    const p = table(n.span.file).position(n.span.start);
    out.push(`${pad}${style.gutter(":::")} ${cwdRelative(n.span.file)}:${p.line}:${p.col}`);
    out.push(...frame([{ span: n.span, message: pathsIn(n.message, cwdRelative), primary: false }], table(n.span.file), gutterWidth, colorOf, style));
  }
  if (d.help) out.push(`${pad} ${style.gutter("=")} ${style.bold("help")}: ${visible(d.help)}`);
  return out.join("\n") + "\n";
}

/** The code frame: each marked line once, in order, with its underlines and their labels. */
function frame(marks: readonly Mark[], table: LineTable, gutterWidth: number, colorOf: (s: string) => string, style: Style): string[] {
  const byLine = new Map<number, Mark[]>();
  for (const m of marks) {
    const line = table.position(m.span.start).line;
    byLine.set(line, [...(byLine.get(line) ?? []), m]);
  }
  const pad = " ".repeat(gutterWidth);
  const out = [`${pad} ${style.gutter("|")}`];
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const raw = table.lineText(line);
    const shown = visibleLine(raw);
    const lineLength = [...raw].length;
    // Primary marks last, so the one that matters is nearest the next line of text.
    const lineMarks = byLine.get(line)!.sort((a, b) => Number(a.primary) - Number(b.primary));
    const columns = lineMarks.map((m) => {
      const from = table.position(m.span.start);
      const to = table.position(m.span.end);
      const startCol = shown.col(from.col);
      return { startCol, endCol: Math.max(startCol + 1, shown.col(to.line === line ? to.col : lineLength + 1)) };
    });
    const primary = lineMarks.findIndex((m) => m.primary);
    const cut = window(shown.text, columns, columns[primary < 0 ? 0 : primary]!);
    out.push(`${style.gutter(`${String(line).padStart(gutterWidth)} |`)} ${cut.text}`.trimEnd());
    lineMarks.forEach((m, i) => {
      const startCol = cut.col(columns[i]!.startCol);
      const width = Math.max(1, cut.col(columns[i]!.endCol) - startCol);
      const underline = " ".repeat(startCol - 1) + (m.primary ? "^" : "-").repeat(width);
      const painted = m.primary ? colorOf(underline) : style.note(underline);
      const message = visible(m.message);
      out.push(`${pad} ${style.gutter("|")} ${painted}${message ? ` ${m.primary ? colorOf(message) : style.note(message)}` : ""}`);
    });
  }
  return out;
}
