import { once } from "node:events";
import { EventEmitter } from "node:events";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, test } from "vitest";
import { withTasks } from "../src/index.js";

describe("cancellation seen through other libraries", () => {
  test("a child cancelled inside node:timers/promises or events.once does not fail the scope", async () => {
    const result = await withTasks(async (scope) => {
      scope.spawn((s) => delay(60_000, undefined, { signal: s }));
      scope.spawn((s) => once(new EventEmitter(), "never", { signal: s }));
      scope.spawn(async (s) => {
        await new Promise((_, reject) => s.addEventListener("abort", () => reject(s.reason)));
      });
      await delay(2);
      scope.cancelRemaining();
      return "unloaded";
    });
    expect(result).toBe("unloaded");
  });

  test("an AbortError from some other signal still fails the scope", async () => {
    const run = withTasks((scope) => {
      scope.spawn(() => delay(60_000, undefined, { signal: AbortSignal.abort() }));
    });
    await expect(run).rejects.toThrow(expect.objectContaining({ name: "AbortError" }));
  });
});
