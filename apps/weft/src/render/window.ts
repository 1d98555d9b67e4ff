// A code frame's line, cut to fit a terminal when it is too long (minified or generated code).

/** The widest line a code frame shows whole; a longer one (minified, generated) is cut to its marks. */
const MAX_LINE = 160;
/** How much of a cut line is kept on each side of its marks. */
const CONTEXT = 40;
const ELLIPSIS = "...";

/** Columns of a mark in a shown line: 1-based, end exclusive. */
interface Columns {
  readonly startCol: number;
  readonly endCol: number;
}

/**
 * `text` (a shown line) cut to the part around `marks` when it is wider than {@link MAX_LINE},
 * with `...` where it was cut; around `focus` alone when the marks are too far apart to show
 * together. `col` maps a column of `text` to one of the cut text (clamped to it).
 */
export function window(text: string, marks: readonly Columns[], focus: Columns): { text: string; col: (c: number) => number } {
  const chars = [...text];
  if (chars.length <= MAX_LINE) return { text, col: (c) => c };
  const together = Math.max(...marks.map((m) => m.endCol)) - Math.min(...marks.map((m) => m.startCol)) <= MAX_LINE - 2 * CONTEXT;
  const first = together ? Math.min(...marks.map((m) => m.startCol)) : focus.startCol;
  const last = together ? Math.max(...marks.map((m) => m.endCol)) : focus.endCol;
  const from = Math.max(1, first - CONTEXT);
  const to = Math.min(chars.length + 1, Math.min(last, first + MAX_LINE - 2 * CONTEXT) + CONTEXT);
  const head = from > 1 ? ELLIPSIS : "";
  const tail = to <= chars.length ? ELLIPSIS : "";
  return {
    text: head + chars.slice(from - 1, to - 1).join("") + tail,
    col: (c) => Math.min(Math.max(c, from), to) - from + 1 + head.length,
  };
}
