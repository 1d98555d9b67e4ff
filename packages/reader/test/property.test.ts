import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { read, type Form } from "../src/index.js";

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
    fc.assert(fc.property(weftish, (text) => readsSafely(text)), { numRuns: 6_000 });
  });

  test("mutated conformance files never throw and keep every span inside the text", () => {
    fc.assert(fc.property(mutated, (text) => readsSafely(text)), { numRuns: 4_000 });
  });

  test("arbitrary unicode strings never throw and keep every span inside the text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => readsSafely(text)), { numRuns: 2_000 });
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
