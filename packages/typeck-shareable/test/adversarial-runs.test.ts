import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, inject, test } from "vitest";
import { functionRows, issueRows } from "./adversarial-functions.js";
import { methodRows } from "./adversarial-methods.js";
import { pathRows } from "./adversarial-paths.js";

/**
 * Every program the path, function, issue and method tables accept (warnings allowed) also runs under the built `weft run` and gives the value
 * the table says, so "accepted and misbehaves" cannot hide behind a passing check. The rows run
 * as one program (one process, one worker pool), each row's names suffixed by its index;
 * `npm test` runs every third row, `npm run test:long` all of them.
 */
const weft = new URL("../../../node_modules/.bin/weft", import.meta.url).pathname;
const accepted = [...pathRows(), ...functionRows(), ...issueRows(), ...methodRows()]
  .filter((r) => r.expected.every((e) => e.startsWith("W")))
  .filter((_r, i) => inject("long") || i % 3 === 0);

const renamed = (src: string, i: number): string =>
  src
    .replace("(defn main ()", `(defn body-${i} ()`)
    .replace(/\b(cross2|cross|via|val|apply-to|make|f2|f|step|run-it|run|size|note|log|work|fire|stash|peek|go|reach|apply-sigd|through|fs)\b/g, `$1-${i}`)
    .replace(/\b(Box|Cross|Step|Holder|Run|Size|Note|Cb|Fire|Job)\b/g, `$1${i}`);

test.skipIf(!existsSync(weft))("accepted adversarial programs run under `weft run` and give the expected value", () => {
  const main = `(defn main ()\n${accepted.map((_r, i) => `  (println (body-${i}))`).join("\n")})`;
  const dir = mkdtempSync(join(tmpdir(), "weft-adversarial-"));
  const file = join(dir, "main.weft");
  writeFileSync(file, `${accepted.map((r, i) => renamed(r.src, i)).join("\n")}\n${main}\n`);
  const got = spawnSync(process.execPath, [weft, "run", file], { encoding: "utf8" });
  // W0321 rows warn (on stderr) and run all the same.
  expect(got.stderr.split("\n").filter((l) => l !== "" && !/^(warning\[W0321\]| |\s*-->|\s*\||\s*=|\d+ \|)/.test(l)), got.stderr.slice(0, 4000)).toEqual([]);
  expect(got.status).toBe(0);
  const lines = got.stdout.split("\n").slice(0, -1);
  expect(lines.map((l, i) => `${accepted[i]?.name}: ${l}`)).toEqual(accepted.map((r) => `${r.name}: ${r.value}`));
});
