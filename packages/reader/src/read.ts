import { error, type Diagnostic, type Label } from "./Diagnostic.js";
import type { Form } from "./Form.js";
import type { Span } from "./Span.js";

/** What `read` returns: every top-level form it could build, and every error it found. */
export interface ReadResult {
  readonly forms: Form[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads a Weft source file into forms (LANGUAGE.md §1). Never throws: problems come back as
 * diagnostics (E0001–E0006; E0007 for bytes that are not UTF-8 comes from `decodeSource`), all of them in one pass, and spans are UTF-8 byte offsets.
 *
 * @example read("main.weft", "(println @score)").forms[0] // the list (println (deref score))
 */
export function read(file: string, text: string): ReadResult {
  return new Reader(file, text).run();
}

type Collection = "list" | "vector" | "map";

/** An open form waiting for what follows: a collection until its closer, sugar until its form. */
type Frame = CollectionFrame | SugarFrame;
interface CollectionFrame { readonly kind: Collection; readonly open: number; readonly items: Form[] }
interface SugarFrame { readonly kind: "deref" | "quote" | "discard"; readonly open: number; readonly len: number }

function isCollection(frame: Frame): frame is CollectionFrame {
  return frame.kind === "list" || frame.kind === "vector" || frame.kind === "map";
}

const OPENERS: Record<string, Collection> = { "(": "list", "[": "vector", "{": "map" };
const CLOSERS: Record<string, Collection> = { ")": "list", "]": "vector", "}": "map" };
const OPEN_CHAR: Record<Collection, string> = { list: "(", vector: "[", map: "{" };
const CLOSE_CHAR: Record<Collection, string> = { list: ")", vector: "]", map: "}" };
const SUGAR_TEXT = { deref: "@", quote: "'", discard: "#_" } as const;

const INT_MAX = 2147483647;
const NUMBER_FORMS = "numbers are written 42, -7, 1_000, 0xFF, 0b1010, 1.5, -2.5e3";

/**
 * Byte offset of every UTF-16 index of `text` (and of its end), as TextEncoder would encode it:
 * a surrogate pair is 4 bytes, a lone surrogate becomes U+FFFD (3 bytes). `null` for ASCII text,
 * where the two coincide.
 */
function byteOffsets(text: string): Int32Array | null {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return null;
  const out = new Int32Array(text.length + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    out[i] = b;
    const c = text.charCodeAt(i);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      out[i + 1] = b;
      b += 4;
      i++;
    } else b += 3;
  }
  out[text.length] = b;
  return out;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Whitespace: ASCII controls and space, commas, the BOM, and the rest of Unicode's
 * Pattern_White_Space (NEL, the direction marks, the line and paragraph separators), as Rust
 * reads them, so an invisible character never becomes part of a name.
 */
function isWhitespace(c: number): boolean {
  return c <= 0x20 || c === 0x2c /* , */ || c === 0xfeff || c === 0x85 || c === 0x200e || c === 0x200f || c === 0x2028 || c === 0x2029;
}

/** Characters that end a token. */
function isDelimiter(c: number): boolean {
  return (
    isWhitespace(c) ||
    c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || // ()[]{}
    c === 0x22 || c === 0x3b // " ;
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

class Reader {
  readonly #file: string;
  readonly #text: string;
  readonly #bytes: Int32Array | null;
  readonly #forms: Form[] = [];
  readonly #diagnostics: Diagnostic[] = [];
  readonly #stack: Frame[] = [];
  #i = 0;
  /** Hints for the end of the file. The first opener at the start of a line inside a top-level form: */
  #lineStartOpener: number | undefined;
  /** …and the opener of the last string that ran over several lines. */
  #multilineString: number | undefined;

  constructor(file: string, text: string) {
    this.#file = file;
    this.#text = text;
    this.#bytes = byteOffsets(text);
  }

  run(): ReadResult {
    const text = this.#text;
    const n = text.length;
    while (true) {
      this.#skipBlank();
      if (this.#i >= n) break;
      const ch = text[this.#i]!;
      const start = this.#i;
      if (ch in OPENERS) {
        if (this.#stack.length === 0) this.#lineStartOpener = undefined;
        else if (this.#lineStartOpener === undefined && (start === 0 || text[start - 1] === "\n")) this.#lineStartOpener = start;
        this.#stack.push({ kind: OPENERS[ch]!, open: start, items: [] });
        this.#i++;
      } else if (ch in CLOSERS) {
        this.#i++;
        this.#close(CLOSERS[ch]!, start);
      } else if (ch === '"') {
        if (!this.#string()) return this.#result(); // ran to the end of the file: E0002 alone
      } else if (ch === "@" || ch === "'") {
        this.#stack.push({ kind: ch === "@" ? "deref" : "quote", open: start, len: 1 });
        this.#i++;
      } else if (ch === "#" && text[start + 1] === "_") {
        this.#stack.push({ kind: "discard", open: start, len: 2 });
        this.#i += 2;
      } else {
        this.#token();
      }
    }
    this.#endOfFile();
    return this.#result();
  }

  #result(): ReadResult {
    return { forms: this.#forms, diagnostics: this.#diagnostics };
  }

  #span(start: number, end: number): Span {
    const b = this.#bytes;
    return b === null ? { file: this.#file, start, end } : { file: this.#file, start: b[start]!, end: b[end]! };
  }

  #skipBlank(): void {
    const text = this.#text;
    const n = text.length;
    let i = this.#i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) i++;
      else if (c === 0x3b) {
        while (i < n && text.charCodeAt(i) !== 0x0a) i++;
      } else break;
    }
    this.#i = i;
  }

  /** Hands a finished form to the innermost open frame (or the top level), applying sugar. */
  #emit(form: Form): void {
    let f: Form = form;
    while (true) {
      const top = this.#stack[this.#stack.length - 1];
      if (top === undefined) {
        this.#forms.push(f);
        return;
      }
      if (isCollection(top)) {
        top.items.push(f);
        return;
      }
      this.#stack.pop();
      if (top.kind === "discard") return;
      const sugar = this.#span(top.open, top.open + top.len);
      const head: Form = { kind: "symbol", name: top.kind, span: sugar };
      f = { kind: "list", items: [head, f], span: { file: this.#file, start: sugar.start, end: f.span.end } };
    }
  }

  /** A closing delimiter of `kind` at UTF-16 index `at`. */
  #close(kind: Collection, at: number): void {
    const closer = CLOSE_CHAR[kind];
    const closerSpan = this.#span(at, at + 1);
    // Sugar still waiting for its form: the closer came too early.
    let sugar: Frame | undefined;
    while (true) {
      const top = this.#stack[this.#stack.length - 1];
      if (top === undefined || isCollection(top)) break;
      sugar = this.#stack.pop();
    }
    if (sugar !== undefined && !isCollection(sugar)) {
      const text = SUGAR_TEXT[sugar.kind];
      this.#diagnostics.push(
        error("E0005", `expected a form after \`${text}\`, found \`${closer}\``, closerSpan, {
          label: `\`${text}\` needs a form before this \`${closer}\``,
          notes: [{ span: this.#span(sugar.open, sugar.open + sugar.len), message: `\`${text}\` is here` }],
          help: sugar.kind === "discard" ? "remove the `#_` or put the form to discard after it" : `write a form after \`${text}\`, e.g. \`${text}x\``,
        }),
      );
    }
    const top = this.#stack.pop();
    if (top === undefined || !isCollection(top)) {
      this.#diagnostics.push(
        error("E0005", `unexpected closing delimiter \`${closer}\``, closerSpan, {
          label: `no \`${OPEN_CHAR[kind]}\` is open here`,
          help: `remove this \`${closer}\`, or look for an extra one earlier in the form`,
        }),
      );
      return;
    }
    if (top.kind !== kind) {
      // Most often a typo for the right closer: report it and let it close the open form.
      this.#diagnostics.push(
        error("E0005", `mismatched closing delimiter \`${closer}\``, closerSpan, {
          label: `expected \`${CLOSE_CHAR[top.kind]}\` here`,
          notes: [{ span: this.#span(top.open, top.open + 1), message: `to close this \`${OPEN_CHAR[top.kind]}\`` }],
          help: `replace it with \`${CLOSE_CHAR[top.kind]}\``,
        }),
      );
    }
    this.#finish(top, this.#span(top.open, at + 1));
  }

  /** Builds the form of a closed (or abandoned) collection frame and emits it. */
  #finish(frame: { kind: Collection; items: Form[] }, span: Span): void {
    if (frame.kind === "list") return this.#emit({ kind: "list", items: frame.items, span });
    if (frame.kind === "vector") return this.#emit({ kind: "vector", items: frame.items, span });
    const items = frame.items;
    if (items.length % 2 !== 0) {
      const last = items[items.length - 1]!;
      this.#diagnostics.push(
        error("E0006", "map literal has an odd number of forms", span, {
          label: `${items.length} form${items.length === 1 ? "" : "s"}: a key is missing its value`,
          notes: [{ span: last.span, message: "this key has no value" }],
          help: "a map is written {key value ...}: add the missing value or remove the key",
        }),
      );
      return; // an odd map is not produced (Form.ts)
    }
    const entries: (readonly [Form, Form])[] = [];
    for (let k = 0; k < items.length; k += 2) entries.push([items[k]!, items[k + 1]!]);
    this.#emit({ kind: "map", entries, span });
  }

  #endOfFile(): void {
    const stack = this.#stack;
    const end = this.#text.length;
    const unclosed: { kind: Collection; open: number }[] = [];
    for (const frame of stack) {
      if (isCollection(frame)) unclosed.push(frame);
    }
    const sugar = stack[stack.length - 1];
    if (sugar !== undefined && !isCollection(sugar) && unclosed.length === 0) {
      const text = SUGAR_TEXT[sugar.kind];
      this.#diagnostics.push(
        error("E0001", `expected a form after \`${text}\`, found the end of the file`, this.#span(sugar.open, sugar.open + sugar.len), {
          label: `\`${text}\` is never followed by a form`,
          help: sugar.kind === "discard" ? "remove the `#_`" : `write a form after \`${text}\``,
        }),
      );
    }
    const outer = unclosed[0];
    if (outer !== undefined) {
      const notes: Label[] = unclosed.slice(1).map((f) => ({
        span: this.#span(f.open, f.open + 1),
        message: `this \`${OPEN_CHAR[f.kind]}\` is never closed either`,
      }));
      const suspect = this.#lineStartOpener;
      if (suspect !== undefined && suspect > outer.open) {
        const open = this.#text[suspect]!;
        notes.push({
          span: this.#span(suspect, suspect + 1),
          message: `this \`${open}\` starts a line: is a closing delimiter missing before it?`,
        });
      }
      const open = OPEN_CHAR[outer.kind];
      this.#diagnostics.push(
        error("E0001", `unclosed delimiter \`${open}\``, this.#span(outer.open, outer.open + 1), {
          label: `this \`${open}\` is never closed`,
          notes,
          help:
            unclosed.length === 1
              ? `add a \`${CLOSE_CHAR[outer.kind]}\` where this form ends`
              : `add the ${unclosed.length} missing closing delimiters where these forms end`,
        }),
      );
    }
    // Keep what was read: tools may still want the partial forms.
    const saved = this.#diagnostics.length;
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (isCollection(top)) this.#finish(top, this.#span(top.open, end));
    }
    this.#diagnostics.length = saved; // an unclosed odd map is already reported as unclosed
  }

  /**
   * A string literal starting at the current `"`. Returns false when it runs to the end of the
   * file: then E0002 is the only thing reported for it and everything still open.
   */
  #string(): boolean {
    const text = this.#text;
    const n = text.length;
    const start = this.#i;
    const escapes: Diagnostic[] = [];
    let value = "";
    let i = start + 1;
    let chunk = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        value += text.slice(chunk, i);
        this.#i = i + 1;
        if (text.lastIndexOf("\n", i) > start) this.#multilineString = start;
        this.#diagnostics.push(...escapes);
        this.#emit({ kind: "string", value, span: this.#span(start, i + 1) });
        return true;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      value += text.slice(chunk, i);
      if (i + 1 >= n) break;
      const e = text[i + 1]!;
      switch (e) {
        case "n": value += "\n"; i += 2; break;
        case "t": value += "\t"; i += 2; break;
        case "r": value += "\r"; i += 2; break;
        case "0": value += "\0"; i += 2; break;
        case "\\": value += "\\"; i += 2; break;
        case '"': value += '"'; i += 2; break;
        case "u": {
          const r = this.#unicodeEscape(i);
          if ("char" in r) value += r.char;
          else escapes.push(r.diagnostic);
          i = r.next;
          break;
        }
        default: {
          const cp = text.codePointAt(i + 1)!;
          const len = cp > 0xffff ? 2 : 1;
          const shown = cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16).toUpperCase()}}` : String.fromCodePoint(cp);
          escapes.push(
            error("E0003", `invalid escape \`\\${shown}\` in string`, this.#span(i, i + 1 + len), {
              label: "unknown escape",
              help: 'the escapes are \\n \\t \\r \\0 \\\\ \\" and \\u{HEX}; write \\\\ for a backslash',
            }),
          );
          i += 1 + len;
        }
      }
      chunk = i;
    }
    this.#i = n;
    const earlier = this.#multilineString;
    this.#diagnostics.push(
      error("E0002", "unterminated string", this.#span(start, start + 1), {
        label: "this string is never closed",
        notes:
          earlier === undefined
            ? []
            : [{ span: this.#span(earlier, earlier + 1), message: "this string runs over several lines: is its closing `\"` missing?" }],
        help: 'add a closing `"`; write \\" for a quote inside a string',
      }),
    );
    return false;
  }

  /** `\u{HEX}` at index `at` (the backslash): the character, or E0003 and where to go on. */
  #unicodeEscape(at: number): { char: string; next: number } | { diagnostic: Diagnostic; next: number } {
    const text = this.#text;
    const n = text.length;
    let k = at + 2;
    const malformed = (end: number, next: number) => ({
      diagnostic: error("E0003", "malformed unicode escape", this.#span(at, end), {
        label: "expected `\\u{HEX}`",
        help: "write a code point in hexadecimal between braces, e.g. \\u{1F600}",
      }),
      next,
    });
    if (text[k] !== "{") return malformed(k, k);
    k++;
    const digitsStart = k;
    while (k < n && /[0-9a-fA-F]/.test(text[k]!)) k++;
    if (text[k] !== "}" || k === digitsStart) {
      // Take in the rest of a `{…}` on this line, so the span covers what was meant as one escape.
      let close = k;
      while (close < n && text[close] !== "}" && text[close] !== '"' && text[close] !== "\n") close++;
      return text[close] === "}" ? malformed(close + 1, close + 1) : malformed(k, k);
    }
    const digits = text.slice(digitsStart, k);
    const cp = digits.length > 8 ? Infinity : parseInt(digits, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return {
        diagnostic: error("E0003", `invalid code point \`\\u{${digits}}\``, this.#span(at, k + 1), {
          label: cp > 0x10ffff ? "beyond the last code point, 10FFFF" : "a surrogate is not a character",
          help: "a code point is at most 10FFFF and not a surrogate (D800–DFFF)",
        }),
        next: k + 1,
      };
    }
    return { char: String.fromCodePoint(cp), next: k + 1 };
  }

  /** A number, boolean, keyword or symbol: everything up to the next delimiter. */
  #token(): void {
    const text = this.#text;
    const n = text.length;
    const start = this.#i;
    let i = start;
    while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
    this.#i = i;
    const tok = text.slice(start, i);
    const span = this.#span(start, i);
    const c0 = tok.charCodeAt(0);
    const c1 = tok.charCodeAt(1);
    const numeric =
      isDigit(c0) ||
      ((c0 === 0x2d /* - */ || c0 === 0x2e) /* . */ && isDigit(c1)) ||
      (c0 === 0x2d && c1 === 0x2e && isDigit(tok.charCodeAt(2)));
    if (numeric) {
      const r = parseNumber(tok);
      if ("kind" in r) this.#emit(r.kind === "int" ? { kind: "int", value: r.value, span } : { kind: "float", value: r.value, span });
      else {
        this.#diagnostics.push(error("E0004", r.message, span, { label: r.label, help: r.help }));
        // Keep the structure intact for later errors; the value does not matter.
        this.#emit({ kind: "int", value: 0, span });
      }
    } else if (tok === "true" || tok === "false") {
      this.#emit({ kind: "bool", value: tok === "true", span });
    } else if (c0 === 0x3a /* : */ && tok.length > 1) {
      this.#emit({ kind: "keyword", name: tok.slice(1), span });
    } else {
      this.#emit({ kind: "symbol", name: tok, span });
    }
  }
}

type NumberResult =
  | { kind: "int" | "float"; value: number }
  | { message: string; label: string; help: string };

const DEC = "[0-9]+(?:_[0-9]+)*";
const DECIMAL = new RegExp(`^(${DEC})(?:\\.(${DEC}))?(?:[eE]([+-]?${DEC}))?$`);
const HEX = /^0[xX]([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)$/;
const BIN = /^0[bB]([01]+(?:_[01]+)*)$/;

/** Parses a token that must be a number (it starts with a digit, `-` and a digit, or a `.`). */
function parseNumber(tok: string): NumberResult {
  const neg = tok.startsWith("-");
  const body = neg ? tok.slice(1) : tok;
  const radix = HEX.exec(body) ?? BIN.exec(body);
  if (radix !== null) {
    const magnitude = parseInt(radix[1]!.replace(/_/g, ""), /^0[xX]/.test(body) ? 16 : 2);
    return int(tok, neg, magnitude);
  }
  const dec = DECIMAL.exec(body);
  if (dec !== null) {
    if (dec[2] === undefined && dec[3] === undefined) return int(tok, neg, Number(dec[1]!.replace(/_/g, "")));
    const value = Number(tok.replace(/_/g, ""));
    if (!Number.isFinite(value)) {
      return {
        message: `float literal \`${tok}\` is out of range`,
        label: "too large for a 64-bit Float",
        help: "the largest Float is about 1.8e308",
      };
    }
    return { kind: "float", value };
  }
  return { message: `invalid number literal \`${tok}\``, label: "not a valid number", help: numberHelp(tok, body) };
}

function int(tok: string, neg: boolean, magnitude: number): NumberResult {
  if (magnitude > (neg ? INT_MAX + 1 : INT_MAX)) {
    return {
      message: `integer literal \`${tok}\` is out of range`,
      label: "does not fit in a 32-bit signed Int",
      help: "an Int is between -2147483648 and 2147483647; use a Float for larger numbers",
    };
  }
  return { kind: "int", value: (neg ? -magnitude : magnitude) | 0 };
}

function numberHelp(tok: string, body: string): string {
  if (body.startsWith(".")) return `a \`.\` needs a digit on both sides: write \`${tok.replace(".", "0.")}\``;
  if (/^[0-9_]+\.(?![0-9])/.test(body)) return "a `.` needs a digit on both sides: write e.g. `1.0`";
  if (/_(?![0-9a-fA-F])|__|[xXbB.eE]_|_[.eE]/.test(body)) return "a `_` goes only between two digits, as in 1_000";
  if (/^0[xX]/.test(body)) return "a hexadecimal Int is written 0xFF: digits 0-9 and a-f";
  if (/^0[bB]/.test(body)) return "a binary Int is written 0b1010: digits 0 and 1";
  if (/^[0-9][0-9_]*[a-zA-Z]/.test(body) && !/[eE][+-]?[0-9]/.test(body))
    return `a token that starts with a digit is a number; a name must start with a letter (${NUMBER_FORMS})`;
  return NUMBER_FORMS;
}
