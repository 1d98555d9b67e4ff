import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { readmeExamples, runExample } from "./support/readme.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const examples = readmeExamples(packageDir, ["@weft/runtime-tasks", "@weft/runtime-tasks/effect"]);

test("the README has runnable examples for the library, openScope and the Effect entry point", () => {
  expect(examples.map((e) => e.expected[0])).toEqual(["level loaded, audio loaded", "assets loaded", "42", "level loaded, audio loaded"]);
});

test.each(examples.map((example, i) => [i, example] as const))("README example %i prints what its comments say", async (i, example) => {
  expect(await runExample(packageDir, example, `tasks-${i}`)).toEqual(example.expected);
});
