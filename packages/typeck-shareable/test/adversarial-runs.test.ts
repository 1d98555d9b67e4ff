import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { pathRows } from "./adversarial-paths.js";

/**
 * Every program the path table accepts also runs under the built `weft run` and gives the value
 * the table says, so "accepted and misbehaves" cannot hide behind a passing check. The rows run
 * as one program (one process, one worker pool), each row's names suffixed by its index;
 * `npm test` runs every third row, `npm run test:long` all of them.
 */
const weft = new URL("../../../node_modules/.bin/weft", import.meta.url).pathname;
const accepted = pathRows()
  .filter((r) => r.expected.length === 0)
  .filter((_r, i) => inject("long") || i % 3 === 0);

const renamed = (src: string, i: number): string =>
  src
    .replace("(defn main ()", `(defn body-${i} ()`)
    .replace(/\b(cross2|cross|via|val)\b/g, `$1-${i}`)
    .replace(/\b(Box|Cross)\b/g, `$1${i}`);

test.skipIf(!existsSync(weft))("accepted path-table programs run under `weft run` and give the expected value", () => {
  const main = `(defn main ()\n${accepted.map((_r, i) => `  (println (body-${i}))`).join("\n")})`;
  const dir = mkdtempSync(join(tmpdir(), "weft-adversarial-"));
  const file = join(dir, "main.weft");
  writeFileSync(file, `${accepted.map((r, i) => renamed(r.src, i)).join("\n")}\n${main}\n`);
  const got = spawnSync(process.execPath, [weft, "run", file], { encoding: "utf8" });
  expect(got.stderr).toBe("");
  const lines = got.stdout.split("\n").slice(0, -1);
  expect(lines.map((l, i) => `${accepted[i]?.name}: ${l}`)).toEqual(accepted.map((r) => `${r.name}: ${r.value}`));
});
