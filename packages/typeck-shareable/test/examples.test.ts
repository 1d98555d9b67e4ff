import { readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { checkSource } from "./helpers.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../../examples");
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".weft")).sort() : [];

test.each(files)("examples/%s checks cleanly", (f) => {
  const r = checkSource(readFileSync(join(dir, f), "utf8"));
  expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
});
