/**
 * Weft names and strings as JavaScript source. Every Weft symbol becomes a valid identifier that
 * cannot be a reserved word, a global the generated code relies on, or one of codegen's own
 * names (those all start with `$` followed by a lowercase letter run that mangling never makes).
 */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async of get set " +
    "arguments eval undefined NaN Infinity globalThis Object Array Function String Number Boolean Symbol Error " +
    "Math JSON Promise Map Set WeakMap Reflect Proxy BigInt Date RegExp process require module exports " +
    "constructor prototype __proto__ toString valueOf hasOwnProperty"
  ).split(" "),
);

const CHARS: Record<string, string> = {
  "+": "plus", "-": "minus", "*": "star", "/": "slash", "<": "lt", ">": "gt", "=": "eq", "!": "bang", "?": "qmark",
  ".": "dot", "&": "amp", "%": "pct", "^": "caret", "~": "tilde", "|": "bar", ":": "colon", "#": "hash", "@": "at",
  $: "dollar", "'": "apos", "`": "tick",
};

/** A Weft name as a JS identifier: `vec+` → `vec$plus`, `swap!` → `swap$bang`, `class` → `class$`. */
export function mangle(name: string): string {
  let out = "";
  for (const ch of name) {
    if (/[A-Za-z0-9_]/.test(ch)) out += ch;
    else {
      const word = CHARS[ch];
      out += word !== undefined ? `$${word}` : `$u${ch.codePointAt(0)!.toString(16)}_`;
    }
  }
  if (out === "" || /^[0-9]/.test(out)) out = `_${out}`;
  return RESERVED.has(out) ? `${out}$` : out;
}

/**
 * A JS string literal that holds exactly `s` and cannot end early in any context: JSON quoting,
 * every non-ASCII character escaped (U+2028/2029 and source-map markers never appear raw), and
 * `</` written `<\/` (and `<!--`, `-->` escaped) so the text is also safe inside `<script>`.
 */
export function jsString(s: string): string {
  return JSON.stringify(s)
    .replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/<\//g, "<\\/")
    .replace(/<!--/g, "\\u003c!--")
    .replace(/-->/g, "--\\u003e");
}

/**
 * The exported name of a class dictionary a program defines. Every place that defines or refers
 * to one goes through here, so a definition and its uses cannot disagree: a user instance
 * (`{ instance: "Show$Box$3" }` → `$inst_Show_Box_3`, the id is unique in the program) or a
 * derived one (`{ derived: "Show", type: "Vec2" }` → `$show_Vec2`).
 */
export function dictName(d: { readonly instance: string } | { readonly derived: string; readonly type: string }): string {
  if ("instance" in d) return `$inst_${d.instance.replace(/[^A-Za-z0-9_]/g, "_")}`;
  return `$${d.derived.toLowerCase()}_${mangle(d.type)}`;
}

/** A module's output file name from its path: `lib/math.weft` → `math.js` (made unique by the caller). */
export function fileStem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  // A file name only has to be a safe URL path segment, not an identifier: keep `uses-math`.
  const stem = base.replace(/\.weft$/, "").replace(/[^A-Za-z0-9_.-]/g, "_");
  return stem === "" || stem.startsWith(".") ? `module${stem}` : stem;
}
