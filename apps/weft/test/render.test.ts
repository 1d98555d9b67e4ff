import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Diagnostic } from "@weft/reader";
import { renderHuman, toJson, colored, styleFor } from "../src/index.js";

const game = [
  "(defn add-points (n) n)",
  "",
  "",
  "",
  "",
  "",
  "",
  "(defn main ()",
  "  (let ((mut score 0))",
  "    (with-tasks",
  "      ()",
  "      (spawn (add-points score))",
  "      ())))",
].join("\n");

function at(text: string, needle: string, line: number): { start: number; end: number } {
  const lines = text.split("\n");
  const before = lines.slice(0, line - 1).join("\n").length + 1;
  const start = Buffer.byteLength(text.slice(0, before + lines[line - 1]!.indexOf(needle)));
  return { start, end: start + Buffer.byteLength(needle) };
}

const e0303: Diagnostic = {
  code: "E0303",
  severity: "error",
  message: "mutable binding `score` cannot be captured by `spawn`",
  span: { file: "game.weft", ...at(game, "score)", 12), end: at(game, "score)", 12).start + 5 },
  label: "captured here, crossing a task boundary",
  notes: [{ span: { file: "game.weft", ...at(game, "mut score", 9) }, message: "declared mutable here" }],
  help: "share it through an atom: (let ((score (atom 0))) ...)",
};
const sources = new Map([["game.weft", game]]);

describe("human rendering", () => {
  test("renders the E0303 example of LANGUAGE.md §8 exactly", () => {
    expect(renderHuman(e0303, sources)).toBe(readFileSync(new URL("golden/e0303.txt", import.meta.url), "utf8"));
  });

  test("colours only when asked to", () => {
    expect(renderHuman(e0303, sources, colored)).toContain("\x1b[31m");
    expect(renderHuman(e0303, sources)).not.toContain("\x1b[");
  });

  test.each([
    ["a TTY without NO_COLOR is coloured", { isTTY: true }, {}, true],
    ["a TTY with NO_COLOR is plain", { isTTY: true }, { NO_COLOR: "1" }, false],
    ["a pipe is plain", { isTTY: false }, {}, false],
  ])("%s", (_name, stream, env, coloured) => {
    expect(styleFor(stream, env) === colored).toBe(coloured);
  });

  test("a note in another file gets its own frame", () => {
    const other = "(sig speed (Fn (Int) Float))\n";
    const d: Diagnostic = { ...e0303, notes: [{ span: { file: "math.weft", start: 0, end: 28 }, message: "the sig says so" }] };
    const text = renderHuman(d, new Map([...sources, ["math.weft", other]]));
    // The gutter is as wide as the widest line number of the whole diagnostic (12).
    expect(text).toContain("  ::: math.weft:1:1\n   |\n 1 | (sig speed (Fn (Int) Float))\n   | ---------------------------- the sig says so\n");
  });
});

describe("JSON rendering", () => {
  test("gives every field of LANGUAGE.md §8 with 1-based lines and columns", () => {
    expect(toJson([e0303], sources)).toEqual([
      {
        code: "E0303",
        severity: "error",
        message: "mutable binding `score` cannot be captured by `spawn`",
        file: "game.weft",
        line: 12,
        col: 26,
        endLine: 12,
        endCol: 31,
        notes: [{ message: "declared mutable here", line: 9, col: 10 }],
        help: "share it through an atom: (let ((score (atom 0))) ...)",
      },
    ]);
  });

  test("leaves out help when the diagnostic has none", () => {
    const { help: _, ...bare } = e0303;
    expect(Object.keys(toJson([bare], sources)[0]!)).not.toContain("help");
  });
});

describe("what reaches the terminal", () => {
  const ctl = '(defn main ()\n  (println "a\x1b[31mred\u202e\tx" (foo)))';
  const foo = { start: Buffer.byteLength(ctl.slice(0, ctl.indexOf("(foo") + 1)), end: Buffer.byteLength(ctl.slice(0, ctl.indexOf("(foo") + 4)) };
  const d: Diagnostic = { code: "E0100", severity: "error", message: "cannot find the name `f\x1b[2Jo`", span: { file: "c.weft", ...foo }, label: "not found", notes: [] };

  test("control characters, bidi overrides and tabs in source are shown escaped, and the underline still lines up", () => {
    expect(renderHuman(d, new Map([["c.weft", ctl]]))).toBe(
      [
        "error[E0100]: cannot find the name `f\\u{1b}[2Jo`",
        " --> c.weft:2:28",
        "  |",
        '2 |   (println "a\\u{1b}[31mred\\u{202e}    x" (foo)))',
        "  |                                           ^^^ not found",
        "",
      ].join("\n"),
    );
  });

  test.each([
    ["FORCE_COLOR=1 colours piped output", { FORCE_COLOR: "1" }, false, true],
    ["FORCE_COLOR wins over NO_COLOR, as in Node", { FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
    ["FORCE_COLOR=0 turns a terminal's colour off", { FORCE_COLOR: "0" }, true, false],
    ["NO_COLOR turns a terminal's colour off", { NO_COLOR: "1" }, true, false],
    ["a terminal is coloured by default", {}, true, true],
    ["piped output is plain by default", {}, false, false],
  ])("%s", (_name, env, isTTY, coloured) => {
    expect(styleFor({ isTTY }, env) === colored).toBe(coloured);
  });
});

describe("a line too long to show whole", () => {
  const ones = Array(300).fill("1").join(" ");
  const twos = Array(300).fill("2").join(" ");
  const long = `(def x [${ones} "s" ${twos}])`;
  const s = long.indexOf('"s"');
  const d: Diagnostic = { code: "E0101", severity: "error", message: "mixed", span: { file: "l.weft", start: s, end: s + 3 }, label: "this is a String", notes: [] };

  test("is cut to 40 columns either side of its mark, with ... where it was cut", () => {
    const forty = (digit: string) => Array(20).fill(digit).join(" ");
    expect(renderHuman(d, new Map([["l.weft", long]]))).toBe(
      [
        "error[E0101]: mixed",
        " --> l.weft:1:609",
        "  |",
        `1 | ...${forty("1")} "s" ${forty("2")}...`,
        `  | ${" ".repeat(43)}^^^ this is a String`,
        "",
      ].join("\n"),
    );
  });

  const forty = (digit: string) => Array(20).fill(digit).join(" ");
  test("keeps two marks together when they fit, and centres on the primary one when they do not", () => {
    const near: Diagnostic = { ...d, notes: [{ span: { file: "l.weft", start: s - 4, end: s - 3 }, message: "an Int" }] };
    const lines = renderHuman(near, new Map([["l.weft", long]])).split("\n");
    expect(lines[4]).toBe(`  | ${" ".repeat(43)}- an Int`);
    expect(lines[5]).toBe(`  | ${" ".repeat(47)}^^^ this is a String`);
    const far: Diagnostic = { ...d, notes: [{ span: { file: "l.weft", start: 8, end: 9 }, message: "the 1st" }] };
    const farLines = renderHuman(far, new Map([["l.weft", long]])).split("\n");
    expect(farLines[3]).toBe(`1 | ...${forty("1")} "s" ${forty("2")}...`);
    expect(farLines[5]).toBe(`  | ${" ".repeat(43)}^^^ this is a String`);
  });
});

describe("paths named in a message", () => {
  const src = '(import "./nope.weft" g)\n';
  const d: Diagnostic = {
    code: "E0100",
    severity: "error",
    message: "cannot read the imported file `/game/src/nope.weft`: no such file",
    span: { file: "/game/src/main.weft", start: 0, end: 24 },
    label: "imported here",
    notes: [{ span: { file: "/game/src/main.weft", start: 1, end: 7 }, message: "the cycle goes /game/src/a.weft → /game/src/main.weft" }],
  };
  const sources = new Map([["/game/src/main.weft", src]]);
  const rel = (p: string) => p.replace("/game/", "");

  test("are shown relative to the working directory, as the --> line is, for a person and in JSON", () => {
    expect(renderHuman(d, sources, undefined, rel)).toBe(
      [
        "error[E0100]: cannot read the imported file `src/nope.weft`: no such file",
        " --> src/main.weft:1:1",
        "  |",
        '1 | (import "./nope.weft" g)',
        "  |  ------ the cycle goes src/a.weft → src/main.weft",
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^ imported here",
        "",
      ].join("\n"),
    );
    const [json] = toJson([d], sources, rel);
    expect([json!.message, json!.notes[0]!.message]).toEqual([
      "cannot read the imported file `src/nope.weft`: no such file",
      "the cycle goes src/a.weft → src/main.weft",
    ]);
  });
});
