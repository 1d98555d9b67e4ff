import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, inject, test } from "vitest";
import { read, type Form } from "../src/index.js";

// Property runs are sized for `npm test` on a slow machine; `npm run test:long` multiplies them by 10.
const runs = (n: number) => (inject("long") ? n * 10 : n);

const casesRoot = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/conformance/cases");

function weftFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? weftFiles(path) : name.endsWith(".weft") ? [path] : [];
  });
}

const corpus = weftFiles(casesRoot).map((path) => readFileSync(path, "utf8"));
const encoder = new TextEncoder();

/** Reads `text` and checks what must hold for any input: no throw, every span inside the text. */
function readsSafely(text: string): void {
  const byteLength = encoder.encode(text).length;
  const { forms, diagnostics } = read("p.weft", text);
  const inside = (s: { start: number; end: number }) =>
    Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= byteLength;
  for (const d of diagnostics) {
    if (!inside(d.span)) throw new Error(`diagnostic ${d.code} span ${d.span.start}..${d.span.end} outside 0..${byteLength}`);
    for (const n of d.notes) if (!inside(n.span)) throw new Error(`note span outside 0..${byteLength}`);
  }
  const pending: Form[] = [...forms];
  while (pending.length > 0) {
    const f = pending.pop()!;
    if (!inside(f.span)) throw new Error(`${f.kind} span ${f.span.start}..${f.span.end} outside 0..${byteLength}`);
    if (f.kind === "list" || f.kind === "vector") pending.push(...f.items);
    else if (f.kind === "map") for (const [k, v] of f.entries) pending.push(k, v);
  }
}

// Pieces of Weft syntax, so random inputs hit the reader's interesting paths far more often
// than random characters alone would.
const piece = fc.constantFrom(
  "(", ")", "[", "]", "{", "}", '"', "\\", "\\u{", "}", "\\n", "\\q", ";", "\n", " ", ",", "@", "'", "#_", "#",
  ":", ":k", "-", "-1", "0x", "0b", "1_0", "1.", ".5", "1e", "2147483648", "-2147483648", "1e400", "12abc",
  "😀", "é", "\uD800", "\uDC00", "true", "sym", "Vec2", "->", "swap!", "\r\n", "\t", "\0",
);
const weftish = fc.array(fc.oneof(piece, fc.string({ maxLength: 4, unit: "grapheme" }), fc.string({ maxLength: 3, unit: "binary" })), {
  maxLength: 40,
}).map((parts) => parts.join(""));

/** A corpus file with a few edits: a span deleted, duplicated, or replaced by a syntax piece. */
const mutated =
  corpus.length === 0
    ? weftish
    : fc
        .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.nat({ max: 2 }), piece), { minLength: 1, maxLength: 4 }))
        .map(([text, edits]) => {
          let t = text;
          for (const [at, len, op, p] of edits) {
            const i = at % (t.length + 1);
            if (op === 0) t = t.slice(0, i) + t.slice(i + len);
            else if (op === 1) t = t.slice(0, i) + t.slice(i, i + len) + t.slice(i);
            else t = t.slice(0, i) + p + t.slice(i + len);
          }
          return t;
        });

describe("the reader on any input", () => {
  test("random syntax-heavy inputs never throw and keep every span inside the text", () => {
    fc.assert(fc.property(weftish, (text) => readsSafely(text)), { numRuns: runs(1_000) });
  });

  test("mutated conformance files never throw and keep every span inside the text", () => {
    fc.assert(fc.property(mutated, (text) => readsSafely(text)), { numRuns: runs(400) });
  });

  test("arbitrary unicode strings never throw and keep every span inside the text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => readsSafely(text)), { numRuns: runs(500) });
  });

  test.skipIf(corpus.length === 0)("every prefix of every conformance file reads safely", () => {
    let count = 0;
    for (const text of corpus) {
      for (let i = 0; i <= text.length; i++) {
        readsSafely(text.slice(0, i));
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  test.runIf(corpus.length === 0)("the prefix check is skipped: ../shared/conformance/cases is not beside this checkout", () => {});
});

// ---- printing then reading gives the same forms -----------------------------------------------

type Shape = unknown;

/** Writes a form the way a person would, with escapes, for the round trip. */
function print(f: PrintForm): string {
  switch (f.kind) {
    case "list": return `(${f.items.map(print).join(" ")})`;
    case "vector": return `[${f.items.map(print).join(", ")}]`;
    case "map": return `{${f.entries.map(([k, v]) => `${print(k)} ${print(v)}`).join(" ")}}`;
    case "int": return String(f.value);
    case "float": return /[.e]/.test(String(f.value)) ? String(f.value) : `${f.value}.0`;
    case "bool": return String(f.value);
    case "keyword": return `:${f.name}`;
    case "symbol": return f.name;
    case "string": {
      let out = "";
      for (const ch of f.value) {
        if (ch === '"' || ch === "\\") out += `\\${ch}`;
        else if (ch === "\n") out += "\\n";
        else if (ch === "\t") out += "\\t";
        else if (ch === "\r") out += "\\r";
        else if (ch === "\0") out += "\\0";
        else if (ch.codePointAt(0)! > 0x7f && ch.length === 2) out += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
        else out += ch;
      }
      return `"${out}"`;
    }
  }
}

type PrintForm =
  | { kind: "list" | "vector"; items: PrintForm[] }
  | { kind: "map"; entries: [PrintForm, PrintForm][] }
  | { kind: "int" | "float"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "string"; value: string }
  | { kind: "keyword" | "symbol"; name: string };

function shapeOf(f: Form | PrintForm): Shape {
  switch (f.kind) {
    case "list":
    case "vector": return [f.kind, f.items.map(shapeOf)];
    case "map": return ["map", f.entries.map(([k, v]) => [shapeOf(k), shapeOf(v)])];
    case "keyword":
    case "symbol": return [f.kind, f.name];
    default: return [f.kind, f.value];
  }
}

const name = fc.stringMatching(/^[a-z][a-z0-9\-!?*+<>=]{0,8}$/).filter((s) => s !== "true" && s !== "false");
const atom: fc.Arbitrary<PrintForm> = fc.oneof(
  fc.integer({ min: -2147483648, max: 2147483647 }).map((value) => ({ kind: "int" as const, value })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)).map((value) => ({ kind: "float" as const, value })),
  fc.boolean().map((value) => ({ kind: "bool" as const, value })),
  fc.string({ unit: "binary", maxLength: 12 }).map((value) => ({ kind: "string" as const, value })),
  name.map((n) => ({ kind: "keyword" as const, name: n })),
  fc.oneof(name, fc.constantFrom("+", "-", "->", ".x", "swap!", "Vec2", "not=", "<=")).map((n) => ({ kind: "symbol" as const, name: n })),
);
const { form: anyForm } = fc.letrec<{ form: PrintForm }>((tie) => ({
  form: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.array(tie("form"), { maxLength: 4 }).map((items) => ({ kind: "list" as const, items })),
    fc.array(tie("form"), { maxLength: 4 }).map((items) => ({ kind: "vector" as const, items })),
    fc.array(fc.tuple(tie("form"), tie("form")), { maxLength: 3 }).map((entries) => ({ kind: "map" as const, entries })),
  ),
}));

test("printing a form and reading it back gives the same form, without diagnostics", () => {
  fc.assert(
    fc.property(anyForm, (f) => {
      const { forms, diagnostics } = read("p.weft", print(f));
      expect(diagnostics).toEqual([]);
      expect(forms.map(shapeOf)).toEqual([shapeOf(f)]);
    }),
    { numRuns: runs(300) },
  );
});
