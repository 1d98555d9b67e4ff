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
      },
    ]);
  });
});
