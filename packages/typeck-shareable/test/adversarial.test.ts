import { describe, expect, test } from "vitest";
import { adversarialRows, type Row } from "./adversarial.js";
import { functionRows, issueRows } from "./adversarial-functions.js";
import { methodRows } from "./adversarial-methods.js";
import { pathRows } from "./adversarial-paths.js";
import { checkSource } from "./helpers.js";

const rows = adversarialRows();
const paths = pathRows();
const functions = functionRows();

const explain = (src: string, c: ReturnType<typeof checkSource>): string => `${src}\n${c.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")}`;

describe("adversarial table: value kind × path × crossing point", () => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    const c = checkSource(r.src);
    expect(c.readErrors).toEqual([]);
    expect(c.errors, explain(r.src, c)).toEqual(r.expected);
  });
});

function sorted(title: string, table: readonly Row[]): void {
  describe(title, () => {
    test.each(table.map((r) => [r.name, r] as const))("%s", (_name, r) => {
      const c = checkSource(r.src);
      expect(c.readErrors).toEqual([]);
      expect([...c.errors].sort(), explain(r.src, c)).toEqual(r.expected);
    });
  });
}

sorted("adversarial table: every crossing point through every path a value can take", paths);
sorted("adversarial table: a function that suspends or prints, through every path, where it must not", functions);
sorted("adversarial table: the issue's own examples", issueRows());
sorted("adversarial table: a scope-bound value given to a class method is rejected exactly when the instance keeps it", methodRows());

test("each table holds at least 40 rejected and 40 accepted programs, the path table at least 80 rejected", () => {
  for (const t of [rows, paths, functions]) {
    expect(t.filter((r) => r.expected.length > 0).length).toBeGreaterThanOrEqual(40);
    expect(t.filter((r) => r.expected.length === 0).length).toBeGreaterThanOrEqual(40);
  }
  expect(paths.filter((r) => r.expected.length > 0).length).toBeGreaterThanOrEqual(80);
});
