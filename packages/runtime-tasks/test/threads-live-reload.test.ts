import { registry } from "@weft/gc";
import { expect, test } from "vitest";
import { runOnThread } from "../src/threads/index.js";
import { $lambdas, $path } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

const threads = testThreadsForThisFile();

test("a live reload reaches a spawn-thread worker that is already running: its next call runs the new code", async () => {
  const running = runOnThread<string>($lambdas[14]!([]), new AbortController().signal);
  await new Promise((r) => setTimeout(r, 150));
  // What a reload does on the main thread: the new version of the module registers its URL.
  registry.registerModuleUrl($path, threads.urls["program-v2"]!);
  expect(await running).toBe("reloaded");
});

test("a reload sent while the worker is still loading the program applies once it has loaded", async () => {
  registry.registerModuleUrl($path, threads.urls["program"]!);
  const running = runOnThread<string>($lambdas[14]!([]), new AbortController().signal);
  registry.registerModuleUrl($path, threads.urls["program-v2"]!);
  expect(await running).toBe("reloaded");
});
