import { Effect } from "effect";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { readmeExamples, runExample } from "../../runtime-tasks/test/support/readme.js";
import { atom } from "../src/index.js";
import { compareAndSet, deref, reset, swap } from "../src/effect.js";

test("atom operations run when the Effect runs, not when it is built", async () => {
  const a = atom(1);
  const bump = swap(a, (n, k: number) => n + k, 10);
  expect(a.deref()).toBe(1);
  expect(await Effect.runPromise(Effect.all([bump, bump, deref(a)]))).toEqual([11, 21, 21]);
});

test("reset and compareAndSet give what the atom's methods give", async () => {
  const a = atom("idle");
  expect(await Effect.runPromise(Effect.all([reset(a, "run"), compareAndSet(a, "idle", "x"), compareAndSet(a, "run", "done"), deref(a)]))).toEqual([
    "run",
    false,
    true,
    "done",
  ]);
});

test("a swap function that throws is a defect", async () => {
  const exit = await Effect.runPromiseExit(swap(atom(0), () => {
    throw new Error("bad update");
  }));
  expect(exit._tag === "Failure" && String(exit.cause)).toContain("bad update");
});

test("the README's Effect example prints what its comments say", async () => {
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  const examples = readmeExamples(packageDir, ["@weft/runtime-atoms/effect"]);
  expect(examples).toHaveLength(1);
  expect(await runExample(packageDir, examples[0]!, "atoms-effect")).toEqual(["15"]);
});
