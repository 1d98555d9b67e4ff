import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkSource } from "./helpers.js";
import { SPEC_EXAMPLES } from "./spec-examples.js";

const weft = new URL("../../../node_modules/.bin/weft", import.meta.url).pathname;

describe("every example and rule of LANGUAGE.md §5–6 checks as the spec says", () => {
  test.each(SPEC_EXAMPLES.map((e) => [e[0], e] as const))("%s", (_name, [, src, codes]) => {
    const c = checkSource(src);
    expect(c.readErrors).toEqual([]);
    expect(c.errors, c.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")).toEqual(codes);
  });
});

describe.skipIf(!existsSync(weft))("and the accepted ones print what the spec says under `weft run`", () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-spec-"));
  test.each(SPEC_EXAMPLES.filter((e) => e[2].length === 0).map((e, i) => [e[0], e, i] as const))("%s", (_name, [, src, , stdout], i) => {
    const file = join(dir, `example${i}.weft`);
    writeFileSync(file, src);
    const got = spawnSync(process.execPath, [weft, "run", file], { encoding: "utf8" });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(stdout);
  });
});
