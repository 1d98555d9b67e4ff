import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkSource } from "./helpers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/conformance/cases");
const dirs = ["core", "types", "tasks", "par", "channels", "atoms", "arenas"];

function cases(): [string, string][] {
  if (!existsSync(root)) return [];
  return dirs.flatMap((d) =>
    existsSync(join(root, d))
      ? readdirSync(join(root, d)).filter((f) => f.endsWith(".weft")).sort().map((f): [string, string] => [`${d}/${f}`, readFileSync(join(root, d, f), "utf8")])
      : [],
  );
}

const all = cases();

describe("conformance cases", () => {
  if (all.length === 0) test.skip(`conformance cases not found at ${root}: skipped`, () => {});
  else test.each(all)("%s checks as its header says", (_name, text) => {
    const expected = [...text.matchAll(/^;; error: (E\d{4}) (\d+)\s*$/gm)].map((m) => `${m[1]} ${m[2]}`);
    const r = checkSource(text);
    expect(r.readErrors).toEqual([]);
    if (/^;; expect: error/m.test(text)) {
      expect(r.errors).toEqual(expected);
    } else {
      expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      expect(r.program).toBeDefined();
    }
  });
});
