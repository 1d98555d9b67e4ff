import { describe, expect, test } from "vitest";
import { type Task, isCancelled, sleep, withTasks } from "../src/index.js";

describe("Task handles", () => {
  test("join and result give the task's value", async () => {
    const v = await withTasks(async (scope) => {
      const t = scope.spawn(async () => 7);
      return [await t.join(scope.signal), await t.result];
    });
    expect(v).toEqual([7, 7]);
  });

  test("a scope may return a handle, which is not awaited on the way out", async () => {
    const t = await withTasks((scope) => scope.spawn(async (s) => (await sleep(2, s), "loaded")));
    expect(t.done).toBe(true);
    expect(await t.result).toBe("loaded");
  });

  test("an async function may return a handle without it being awaited", async () => {
    const outcome = await withTasks(async (scope) => {
      const spawnLoad = async () => scope.spawn(() => "level");
      const handle = await spawnLoad();
      return handle.join(scope.signal);
    });
    expect(outcome).toBe("level");
  });

  test("join gives the task's error", async () => {
    let seen: unknown;
    await withTasks(async (scope) => {
      const t = scope.spawn(() => {
        throw new Error("bad");
      });
      seen = await t.join().catch((e: unknown) => e);
    }).catch(() => undefined);
    expect((seen as Error).message).toBe("bad");
  });

  test("a handle outlives its scope, finished, and awaiting it settles at once", async () => {
    let handle: Task<string> | undefined;
    await withTasks((scope) => {
      handle = scope.spawn(async (s) => (await sleep(2, s), "late"));
    });
    expect(handle?.done).toBe(true);
    expect(await handle?.result).toBe("late");
  });

  test("join is a suspension point of the awaiting task", async () => {
    const awaiter = new AbortController();
    await withTasks(async (scope) => {
      const slow = scope.spawn((s) => sleep(60_000, s));
      setTimeout(() => awaiter.abort(), 2);
      const end = await slow.join(awaiter.signal).catch((e: unknown) => e);
      expect(isCancelled(end)).toBe(true);
      expect(slow.done).toBe(false); // the awaited task keeps running
      scope.cancelRemaining();
    });
  });

  test("a failed task that nobody awaits causes no unhandled rejection", async () => {
    await withTasks((scope) => {
      scope.spawn(() => {
        throw new Error("unawaited");
      });
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
  });
});
