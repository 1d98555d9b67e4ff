import { describe, expect, test } from "vitest";
import { adversarialRows } from "./adversarial.js";
import { pathRows } from "./adversarial-paths.js";
import { checkSource } from "./helpers.js";

const rows = adversarialRows();
const paths = pathRows();

const explain = (src: string, c: ReturnType<typeof checkSource>): string => `${src}\n${c.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")}`;

describe("adversarial table: value kind × path × crossing point", () => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const c = checkSource(r.src);
    expect(c.readErrors).toEqual([]);
    expect(c.errors, explain(r.src, c)).toEqual(r.expected);
  });
});

describe("adversarial table: every crossing point through every path a value can take", () => {
  test.each(paths.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const c = checkSource(r.src);
    expect(c.readErrors).toEqual([]);
    expect([...c.errors].sort(), explain(r.src, c)).toEqual(r.expected);
  });
});

test("the tables hold at least 80 rejected and 40 accepted programs each", () => {
  for (const t of [rows, paths]) {
    expect(t.filter((r) => r.expected.length > 0).length).toBeGreaterThanOrEqual(80);
    expect(t.filter((r) => r.expected.length === 0).length).toBeGreaterThanOrEqual(40);
  }
});
