import { inject, describe, expect, test } from "vitest";
import { checkSource, rng } from "./helpers.js";

const nest = (open: string, inner: string, close: string, n: number): string => open.repeat(n) + inner + close.repeat(n);
const DEEP = "E0107: this form is nested more than 256 levels deep, which the checker does not accept";
const summary = (src: string): string[] => checkSource(src).diagnostics.map((d) => `${d.code}: ${d.message}`);

describe("deep inputs get a diagnostic with a location, never an internal error", () => {
  test("3,000 nested `do`", () => {
    const r = checkSource(`(defn main ()\n  ${nest("(do ", "1", ")", 3000)})`);
    expect(r.errors).toEqual(["E0107 2"]);
    expect(summary(`(defn main () ${nest("(do ", "1", ")", 3000)})`)).toEqual([DEEP]);
  });
  test("20,000 nested vectors", () => {
    expect(summary(`(defn main () (count ${nest("[", "1", "]", 20_000)}))`)).toEqual([DEEP]);
  });
  test("a 10,000-deep arithmetic expression", () => {
    expect(summary(`(defn main () ${nest("(+ 1 ", "1", ")", 10_000)})`)).toEqual([DEEP]);
  });
  test("the diagnostic points at the opener of the first form past the limit", () => {
    const src = `(defn main () ${nest("(do ", "1", ")", 300)})`;
    const d = checkSource(src).diagnostics[0]!;
    // `(defn` is level 1, so the 256th `(do` is level 257.
    expect(d.span.start).toBe("(defn main () ".length + 255 * "(do ".length);
    expect(d.span.end - d.span.start).toBe(1);
  });
  test("a 1,000-step `->` pipeline, which expands into 1,000 nested calls", () => {
    const steps = Array<string>(1000).fill("inc1").join(" ");
    const r = checkSource(`(defn inc1 (x) (+ x 1))\n(defn main ()\n  (-> 1 ${steps}))`);
    expect(r.errors).toEqual(["E0107 3"]);
    expect(r.diagnostics[0]!.message).toBe("this form is nested more than 256 levels deep once `->`, `dotimes`, `when-let` and `if-let` are expanded, which the checker does not accept");
  });
  test("a 200-step `->` pipeline checks", () => {
    expect(summary(`(defn inc1 (x) (+ x 1))\n(defn main () (-> 1 ${Array<string>(200).fill("inc1").join(" ")}))`)).toEqual([]);
  });
  test("nesting up to the limit checks", () => {
    expect(summary(`(defn main () ${nest("(do ", "1", ")", 250)})`)).toEqual([]);
    expect(summary(`(defn main () (count ${nest("[", "1", "]", 250)}))`)).toEqual([]);
    expect(summary(`(defn main () ${nest("(if true ", "1", " 2)", 250)})`)).toEqual([]);
  });
  test("a type that doubles at each of 12 calls is checked, and a message about it stays short", () => {
    const dup = "(defn d (x) (if true (Ok x) (Err x)))\n";
    expect(summary(`${dup}(defn main () (println ${nest("(d ", "1", ")", 12)}))`)).toEqual([]);
    const r = summary(`${dup}(defn main () (+ ${nest("(d ", "1", ")", 12)} 1))`);
    expect(r.map((m) => m.slice(0, 5))).toEqual(["E0101"]);
    expect(r[0]!.length).toBeLessThan(1500);
    expect(r[0]).toContain("…");
  });
});

test("a literal negative channel capacity is a compile error", () => {
  expect(checkSource("(defn main () (channel Int -1) ())").errors).toEqual(["E0107 1"]);
  expect(summary("(defn main () (channel Int -1 :dropping) ())")).toEqual(["E0107: a channel's capacity cannot be negative, but this is -1"]);
  expect(checkSource("(defn main () (channel Int 0) ())").errors).toEqual([]);
});

// ---- fuzzing -----------------------------------------------------------------------------------

const HEADS = [
  "defn", "def", "defonce", "let", "fn", "if", "do", "when", "match", "loop", "recur", "set!", "the", "try", "catch",
  "with-tasks", "spawn", "spawn-thread", "await", "timeout", "race", "sleep", "par-map", "par-for-each", "select", "for-msg",
  "channel", "send", "recv", "try-send", "close!", "atom", "swap!", "reset!", "deref", "with-arena", "arena-vec", "mut-vec",
  "push!", "set-nth!", "nth", "freeze", "map", "filter", "reduce", "for-each", "count", "conj", "get", "assoc", "println",
  "str", "+", "-", "*", "/", "=", "<", "defstruct", "defenum", "defclass", "instance", "sig", "Some", "None", "Ok", "Err",
  "->", "dotimes", "when-let", "if-let", "with", "Fn", "LocalFn", "Int", "Vec", "MutVec", "x", "y", "f", "main", "P",
];
const ATOMS = ["x", "y", "f", "xs", "main", "P", "a", "b", "Int", "Float", "(Vec a)", ":suspends", ":dropping", ":unbounded", "mut", "_", "true", "1", "-1", "0", "2.5", '"s"', ":k", "()", "[]", "{}"];

/** A random program: top-level forms built from Weft's special forms and builtins, well bracketed. */
function program(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const form = (depth: number): string => {
    const r = next();
    if (depth > 6 || r < 0.35) return pick(ATOMS);
    const n = Math.floor(next() * 4);
    const kids = Array.from({ length: n }, () => form(depth + 1)).join(" ");
    if (r < 0.45) return `[${kids}]`;
    if (r < 0.5) return `{${kids}${n % 2 ? " 1" : ""}}`;
    return `(${pick(HEADS)}${kids ? " " + kids : ""})`;
  };
  const tops = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
    next() < 0.5 ? `(defn ${pick(["main", "f", "g"])} (${pick(["", "x", "x y"])}) ${form(1)})` : form(0));
  return tops.join("\n");
}

/** Random characters from the reader's alphabet: unbalanced, unterminated, anything. */
function noise(next: () => number): string {
  const alphabet = "()[]{}  \n\"\\:@'-19.ax#;";
  return Array.from({ length: Math.floor(next() * 80) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}

function fuzz(seed: number, count: number): void {
  const next = rng(seed);
  for (let i = 0; i < count; i++) {
    const src = i % 5 === 4 ? noise(next) : program(next);
    let r: ReturnType<typeof checkSource>;
    try {
      r = checkSource(src);
    } catch (e) {
      throw new Error(`seed ${seed}, input ${i} threw ${(e as Error).message}:\n${src}`);
    }
    const internal = r.diagnostics.find((d) => d.message.includes("internal checker error"));
    if (internal) throw new Error(`seed ${seed}, input ${i}: ${internal.message}\n${src}`);
  }
}

describe("fuzzed inputs never crash the reader or the checker", () => {
  test("600 seeded random programs and texts", () => fuzz(8, 600));
  test.runIf(inject("long"))("100,000 seeded random programs and texts (npm run test:long)", () => fuzz(80, 100_000));
});
