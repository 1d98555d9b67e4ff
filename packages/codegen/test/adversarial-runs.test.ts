import { describe, expect, test } from "vitest";
import { adversarialRows } from "../../typeck-shareable/test/adversarial.js";
import { runInNode, runtimesBuilt, testPrograms } from "./run.js";

/**
 * Every program the checker accepts in its adversarial table (value kind × path × crossing
 * point, typeck-shareable/test/adversarial.ts) also runs and gives the value the table says, so
 * "accepted and misbehaves" cannot hide behind a passing type check.
 */
const accepted = adversarialRows().filter((r) => r.expected.length === 0);
const asFn = (src: string, name: string): string => src.replace("(defn main ()", `(defn ${name} ()`);
const onThreads = accepted.filter((r) => r.src.includes("spawn-thread") || r.src.includes("(par-"));

describe("accepted adversarial programs run and give the expected value", () => {
  testPrograms(
    accepted.filter((r) => !onThreads.includes(r)).map((r) => [r.name, `${asFn(r.src, "body")}\n(defn main () (println (body)))`, `${r.value}\n`] as const),
  );
  // Worker threads import the compiled modules with plain Node: one process runs them all.
  test.skipIf(!runtimesBuilt())("the spawn-thread, par-map and par-for-each ones, in one process on the built runtimes", () => {
    // Each row's helper gets its own name in the one program.
    const fns = onThreads.map((r, i) => asFn(r.src, `body${i}`).replace(/\bcross\b/g, `cross${i}`)).join("\n");
    const main = `(defn main ()\n${onThreads.map((_, i) => `  (println (body${i}))`).join("\n")})`;
    const got = runInNode({ "main.weft": `${fns}\n${main}` });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(onThreads.map((r) => `${r.value}\n`).join(""));
  });
});
