import { Keyword } from "./Keyword.js";

/**
 * A Float as Weft prints it: JavaScript's `String(x)`, with `.0` appended when that text has no
 * `.`, `e`, `N` or `I`. `showFloat(1) === "1.0"`, `showFloat(-0) === "0.0"`, `showFloat(1e21) === "1e+21"`.
 */
export function showFloat(x: number): string {
  const s = String(x);
  return /[.eNI]/.test(s) ? s : `${s}.0`;
}

/** An Int in decimal: `showInt(-7) === "-7"`. */
export function showInt(x: number): string {
  return String(x);
}

const ESCAPES: Record<string, string> = { "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0", "\\": "\\\\", '"': '\\"' };

/** A String quoted with the reader's escapes: `quote('a"b') === '"a\\"b"'`. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const e = ESCAPES[ch];
    if (e !== undefined) out += e;
    else {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16).toUpperCase()}}` : ch;
    }
  }
  return out + '"';
}

/** A Keyword with its colon: `:hp`. */
export function showKeyword(k: Keyword): string {
  return `:${k.name}`;
}

/** Unit prints as `()`. */
export function showUnit(_u: unknown): string {
  return "()";
}

/** A Bool: `true` or `false`. */
export function showBool(b: boolean): string {
  return b ? "true" : "false";
}

/** How `println` and `str` print a value: strings bare, everything else through its `show`. */
export function display<T>(dict: { show(x: T): string }, x: T): string {
  return typeof x === "string" ? x : dict.show(x);
}
