import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { read } from "@weft/reader";
import { expect, test } from "vitest";
import { check } from "../src/index.js";
import { adversarialRows } from "./adversarial.js";
import { functionRows, issueRows } from "./adversarial-functions.js";
import { methodRows } from "./adversarial-methods.js";
import { pathRows } from "./adversarial-paths.js";
import { SPEC_EXAMPLES } from "./spec-examples.js";

/**
 * On demand: the diagnostics of every program the repository holds (conformance cases,
 * examples, apps' fixtures, every adversarial row, the spec examples, the programs quoted in the
 * test files of typeck-shareable, codegen and apps/weft), compared program by program with
 * another build of this checker, to show a refactoring changes nothing (or exactly what it
 * means to). Build the base from a commit with
 *   git archive BASE packages/typeck-shareable/src packages/typeck-shareable/tsconfig.json | tar -x -C node_modules/.base
 *   (cd node_modules/.base/packages/typeck-shareable && npx tsup src/index.ts --format esm)
 * then `WEFT_COMPARE_BASE=$PWD/node_modules/.base/packages/typeck-shareable/dist/index.mjs npx vitest run test/compare-base.test.ts`.
 */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BASE = process.env.WEFT_COMPARE_BASE;
function walk(dir: string, out: string[]): string[] {
  for (const n of readdirSync(dir)) {
    if (n === "node_modules" || n === "dist") continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
test.skipIf(!BASE)("every program has the same diagnostics, in the same order, as under the base build", async () => {
  const base = (await import(BASE!)) as typeof import("../src/index.js");
  const progs: [string, string][] = [];
  for (const f of [...walk(join(ROOT, "../shared/conformance"), []), ...walk(`${ROOT}/examples`, []), ...walk(`${ROOT}/apps`, [])]) if (f.endsWith(".weft")) progs.push([f, readFileSync(f, "utf8")]);
  for (const r of [...adversarialRows(), ...functionRows(), ...issueRows(), ...methodRows(), ...pathRows()]) progs.push([r.name, r.src]);
  for (const [n, s] of SPEC_EXAMPLES) progs.push([n, s]);
  for (const f of [...walk(`${ROOT}/packages/typeck-shareable/test`, []), ...walk(`${ROOT}/packages/codegen/test`, []), ...walk(`${ROOT}/apps/weft/test`, [])]) {
    if (!f.endsWith(".ts") || f.endsWith("compare-base.test.ts")) continue;
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/`([^`$]*\(defn [^`$]*)`/g)) progs.push([f, m[1]!.replace(/\\\\/g, "\\")]);
  }
  const differ: string[] = [];
  let diags = 0;
  for (const [name, src] of progs) {
    const forms = new Map([["main.weft", read("main.weft", src).forms]]);
    const show = (ds: readonly { code: string; span: { start: number }; message: string }[]) => ds.map((d) => `${d.code}@${d.span.start} ${d.message}`).join("\n");
    const a = show(base.check({ entry: "main.weft", files: forms }).diagnostics);
    const b = show(check({ entry: "main.weft", files: forms }).diagnostics);
    diags += b.split("\n").filter(Boolean).length;
    if (a !== b) differ.push(`${name}\n--- base\n${a}\n--- new\n${b}`);
  }
  console.log(`${progs.length} programs, ${diags} diagnostics, ${differ.length} differ`);
  expect(differ).toEqual([]);
}, 600_000);
