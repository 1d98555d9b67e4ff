import { describe, expect, test } from "vitest";
import { adversarialRows } from "./adversarial.js";
import { checkSource } from "./helpers.js";

const rows = adversarialRows();

describe("adversarial table: value kind × path × crossing point", () => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const c = checkSource(r.src);
    expect(c.readErrors).toEqual([]);
    expect(c.errors, `${r.src}\n${c.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")}`).toEqual(r.expected);
  });
  test("the table holds at least 80 rejected and 40 accepted programs", () => {
    expect(rows.filter((r) => r.expected.length > 0).length).toBeGreaterThanOrEqual(80);
    expect(rows.filter((r) => r.expected.length === 0).length).toBeGreaterThanOrEqual(40);
  });
});
