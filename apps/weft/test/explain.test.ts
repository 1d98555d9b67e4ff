import { describe, expect, test } from "vitest";
import { compile } from "../src/index.js";
import { pages } from "../src/explain/pages.js";

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
  test.each(Object.entries(pages))("%s: the wrong example has the code and the right one checks", (code, page) => {
    expect(codesOf(asModule(page.wrong))).toContain(code);
    expect(codesOf(asModule(page.right))).toEqual([]);
  });
});
