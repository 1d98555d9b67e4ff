import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { LineTable, read } from "../src/index.js";

const casesDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../shared/conformance/cases/reader");
const present = existsSync(casesDir);
const cases = present ? readdirSync(casesDir).filter((f) => f.endsWith(".weft")).sort() : [];

/** The `;; error: CODE LINE` lines of a case: what the reader must report, in order. */
function expectedErrors(text: string): string[] {
  return [...text.matchAll(/^;; error: (E\d{4}) (\d+)\s*$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

describe.skipIf(!present)(`conformance reader cases (${casesDir})`, () => {
  test.each(cases)("%s gives exactly the codes and lines it lists", (name) => {
    const text = readFileSync(join(casesDir, name), "utf8");
    const lines = new LineTable(text);
    const got = read(name, text).diagnostics.map((d) => `${d.code} ${lines.position(d.span.start).line}`);
    expect(got).toEqual(expectedErrors(text));
  });
});

const otherCases = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "reader" ? [] : otherCases(join(dir, e.name))) : e.name.endsWith(".weft") ? [join(dir, e.name)] : [],
  );

describe.skipIf(!present)("the other conformance cases", () => {
  test("every case outside reader/ reads without a reader error", () => {
    const files = otherCases(dirname(casesDir));
    const failures = files.flatMap((path) => {
      const { diagnostics } = read(path, readFileSync(path, "utf8"));
      return diagnostics.map((d) => `${path}: ${d.code} ${d.message}`);
    });
    expect(files.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});

test.runIf(!present)("conformance reader cases are skipped: ../shared/conformance is not beside this checkout", () => {});
