import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { describe, expect, test } from "vitest";
import { compile } from "./run.js";

const src = `(defn find-boss ()
  (fail "boss not found"))

(defn main ()
  (println "before")
  (let ((x (/ 1 0)))
    (find-boss)))
`;

/** Where the source map puts the first generated occurrence of `needle`. */
function origin(js: string, map: object, needle: string): { line: number | null; column: number | null } {
  const at = js.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  const before = js.slice(0, at).split("\n");
  const line = before.length;
  const column = before[before.length - 1]!.length + needle.indexOf(".") + 1;
  const p = originalPositionFor(new TraceMap(map as never), { line, column });
  return { line: p.line, column: p.column };
}

describe("source maps", () => {
  const { modules } = compile({ "boss.weft": src });
  const m = modules[0]!;

  test.each([
    ["the fail call", "$rt.fail(", 2, 2],
    ["a call through the function table", "$fn.find$minusboss(", 7, 4],
    ["an Int division that can raise", "$rt.divInt(", 6, 11],
    ["a println", "$rt.println(", 5, 2],
  ])("%s maps back to its Weft line and column", (_name, needle, line, col) => {
    expect(origin(m.js, m.map, needle)).toEqual({ line, column: col });
  });

  test("the map names the Weft file and embeds its source", () => {
    expect(m.map.sources).toEqual(["boss.weft"]);
    expect(m.map.sourcesContent).toEqual([src]);
    expect(m.js).not.toMatch(/[\uE000\uE001]/);
  });
});

describe("source maps of defs", () => {
  const { modules } = compile({
    "defs.weft": `(defn main () (println "main"))
(def log (mut-vec))
  (def first-item (nth [1] 3))
`,
  });
  const m = modules[0]!;

  test.each([
    ["a def's evaluation on the main thread", "$defs.local(", 2, 0],
    ["a shipped def's evaluation", "$defs.shared(", 3, 2],
  ])("%s maps to the def, not to the function written before it", (_name, needle, line, col) => {
    expect(origin(m.js, m.map, needle)).toEqual({ line, column: col });
  });
});
