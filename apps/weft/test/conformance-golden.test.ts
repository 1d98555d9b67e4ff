import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { weft } from "./cli.js";

// Each error case of the shared conformance suite, rendered for a person, is pinned by a golden
// file: a change in wording, spans or layout shows up in review.
const cases = new URL("../../../../shared/conformance/cases/", import.meta.url).pathname;
const folders = ["reader", "types"];
const errorCases = existsSync(cases)
  ? folders.flatMap((folder) =>
      readdirSync(join(cases, folder))
        .filter((f) => f.endsWith(".weft") && readFileSync(join(cases, folder, f), "utf8").startsWith(";; expect: error"))
        .map((f) => `${folder}/${f}`),
    )
  : [];

describe.skipIf(errorCases.length === 0)("rendered diagnostics of the conformance error cases (skipped when ../shared is absent)", () => {
  test.each(errorCases)("%s", async (name) => {
    const r = await weft("check", join(cases, name));
    expect(r.code).toBe(1);
    await expect(r.stderr.replace(/\S*shared\/conformance\/cases\//g, "")).toMatchFileSnapshot(`golden/conformance/${name.replace(".weft", ".txt")}`);
  });
});
