import { readdirSync } from "node:fs";
import { expect, test } from "vitest";
import { weftProcess } from "./cli.js";

// The programs in examples/ are what a newcomer runs first: each must run, and print what it did
// when its golden output was last reviewed.
const dir = new URL("../../../examples/", import.meta.url).pathname;
// `*.test.weft` files hold deftests and no main: `weft test` runs them.
const examples = readdirSync(dir).filter((f) => f.endsWith(".weft") && !f.endsWith(".test.weft"));
const testFiles = readdirSync(dir).filter((f) => f.endsWith(".test.weft"));

test.each(examples)("examples/%s runs and prints its golden output", async (name) => {
  const r = weftProcess("run", `${dir}${name}`);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  await expect(r.stdout).toMatchFileSnapshot(`golden/examples/${name.replace(".weft", ".txt")}`);
});

test.each(testFiles)("examples/%s passes under weft test", (name) => {
  const r = weftProcess("test", `${dir}${name}`);
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
  expect(r.code).toBe(0);
});
