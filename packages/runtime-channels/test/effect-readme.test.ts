import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { readmeExamples, runExample } from "../../runtime-tasks/test/support/readme.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const examples = readmeExamples(packageDir, ["@weft/runtime-channels/effect"]);

test("the README's Effect example prints what its comments say", async () => {
  expect(examples).toHaveLength(1);
  expect(await runExample(packageDir, examples[0]!, "channels-effect")).toEqual(["1 2 3", "send on closed channel"]);
});
