// Source text and names echoed into a terminal must not act on it: an escape sequence in a
// string literal would recolour the terminal, a bidirectional override would reorder what the
// reader sees (Trojan Source), a zero-width character would hide. They are shown as escapes.

const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

const escape = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;

/** `text` with every hidden or controlling character written as `\u{1b}`. */
export function visible(text: string): string {
  return HIDDEN.test(text) ? [...text].map((ch) => (HIDDEN.test(ch) ? escape(ch) : ch)).join("") : text;
}

/**
 * A line of source as shown in a code frame: hidden characters escaped, tabs as four spaces;
 * `col` maps a column of the line (1-based, in code points) to its column in `text`.
 */
export function visibleLine(line: string): { readonly text: string; readonly col: (c: number) => number } {
  const starts: number[] = [];
  let text = "";
  let width = 0;
  for (const ch of line) {
    starts.push(width + 1);
    const shown = ch === "\t" ? "    " : HIDDEN.test(ch) ? escape(ch) : ch;
    text += shown;
    width += [...shown].length;
  }
  return { text, col: (c) => starts[c - 1] ?? width + 1 + (c - 1 - starts.length) };
}
