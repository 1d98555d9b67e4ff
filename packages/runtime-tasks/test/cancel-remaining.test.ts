import { describe, expect, test } from "vitest";
import { isCancelled, sleep, withTasks } from "../src/index.js";

describe("cancelRemaining", () => {
  test("cancels a looping child without failing the scope (conformance tasks/cancel-tasks)", async () => {
    let frames = 0;
    const result = await withTasks(async (scope) => {
      scope.spawn(async (s) => {
        for (;;) {
          await sleep(1, s);
          frames++;
        }
      });
      await sleep(30, scope.signal);
      scope.cancelRemaining();
      return "scene unloaded";
    });
    expect(result).toBe("scene unloaded");
    expect(frames).toBeGreaterThan(0);
  });

  test("does not cancel the body", async () => {
    await withTasks(async (scope) => {
      scope.spawn((s) => sleep(60_000, s));
      scope.cancelRemaining();
      expect(scope.signal.aborted).toBe(false);
      await sleep(1, scope.signal);
    });
  });

  test("tasks spawned after it run normally", async () => {
    const ends: string[] = [];
    await withTasks(async (scope) => {
      const before = scope.spawn((s) => sleep(60_000, s));
      scope.cancelRemaining();
      const after = scope.spawn(async (s) => (await sleep(1, s), "ran"));
      ends.push(await after.result);
      ends.push(await before.join().then(
        () => "finished",
        (e: unknown) => (isCancelled(e) ? "cancelled" : "other"),
      ));
    });
    expect(ends).toEqual(["ran", "cancelled"]);
  });

  test("a child that finishes its cleanup with an error still fails the scope", async () => {
    const run = withTasks((scope) => {
      scope.spawn(async (s) => {
        try {
          await sleep(60_000, s);
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw new Error("cleanup failed");
        }
      });
      scope.cancelRemaining();
    });
    await expect(run).rejects.toThrow("cleanup failed");
  });
});
