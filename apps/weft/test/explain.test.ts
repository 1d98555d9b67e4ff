import { describe, expect, test } from "vitest";
import { compile } from "../src/index.js";
import { pages } from "../src/explain/pages.js";
import { readFileSync } from "node:fs";
import { STDLIB } from "@weft/typeck-shareable";
import { weft } from "./cli.js";

/** An example as a module: a fragment that is not a definition runs inside `main`. */
function asModule(example: string): string {
  return /^\((defn|def|defstruct|defenum|defclass|instance|sig|defonce|import) /m.test(example.split("\n").filter((l) => l.startsWith("(")).at(-1) ?? "")
    ? example
    : `(defn main ()\n${example})`;
}

function codesOf(source: string): string[] {
  const files = new Map([["example.weft", source]]);
  return compile("example.weft", { readFile: (p) => files.get(p) }, { generate: false }).diagnostics.map((d) => d.code);
}

describe("every explain page tells the truth", () => {
  // E0007 is about a file's bytes, which an example written as text cannot hold (see diagnostics-golden).
  test.each(Object.entries(pages).filter(([code]) => code !== "E0007"))("%s: the wrong example has the code and the right one checks", (code, page) => {
    expect(codesOf(asModule(page.wrong))).toContain(code);
    expect(codesOf(asModule(page.right))).toEqual([]);
  });
});

describe("weft explain CODE", () => {
  test("every code of LANGUAGE.md §8 has a page", () => {
    const table = "E0001 E0002 E0003 E0004 E0005 E0006 E0100 E0101 E0103 E0104 E0105 E0106 E0107 E0108 E0109 E0201 E0301 E0302 E0303 E0305 E0310 E0311 E0320 E0322 E0330 E0401 E0501";
    expect(table.split(" ").filter((code) => !(code in pages))).toEqual([]);
  });
});

describe("the standard library reference comes from the checker's table", () => {
  test("weft explain NAME prints a library function's type, group, doc and example", async () => {
    const r = await weft("explain", "sort-by");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "sort-by : (Fn ((Vec a) (LocalFn (a) k)) (Vec a)) where (Ord k)\n\nVectors. The elements in ascending order of (key x), computed once each; stable.\n\nExample:\n\n    (sort-by items (fn (i) (.weight i)))\n",
    );
  });

  test("weft explain names a variadic function's arity and explains the sugar forms", async () => {
    expect((await weft("explain", "min")).stdout.split("\n")[0]).toBe("min : (Fn (a a) a) where (Ord a) (two or more arguments)");
    expect((await weft("explain", "when-let")).stdout.split("\n")[0]).toBe("(when-let ((x opt)...) body...)");
  });

  test("weft explain -> explains the threading form, though it starts like an option", async () => {
    const r = await weft("explain", "->");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("(-> x step...)");
    expect(r.stderr).toBe("");
  });

  test("an unknown name is a usage error", async () => {
    const r = await weft("explain", "no-such-fn");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown code or library name `no-such-fn`");
  });

  test("docs/stdlib.md is exactly what `weft explain stdlib` prints", async () => {
    const doc = readFileSync(new URL("../../../docs/stdlib.md", import.meta.url), "utf8");
    expect((await weft("explain", "stdlib")).stdout).toBe(doc);
  });

  test("every function of LANGUAGE.md §4.1 has a typed entry", () => {
    const names = new Set(STDLIB.map((e) => e.name));
    const spec = "inc dec min max round ceil pow exp log tan asin acos atan atan2 hypot clamp pi bit-and bit-or bit-xor bit-not bit-shift-left bit-shift-right random random-int seed-random! now-ms subs split join index-of includes? starts-with? ends-with? upper-case lower-case trim replace repeat-str pad-left pad-right parse-int parse-float format-float first last rest reverse concat take drop slice repeat empty? any? all? find index-where map-indexed sum sort sort-by group-by dedupe pop! contains? update get-or entries map-vals merge from-entries";
    expect(spec.split(" ").filter((n) => !names.has(n))).toEqual([]);
  });
});
