import { describe, expect, test } from "vitest";
import { type Task, isCancelled, joinAll, sleep, withTasks } from "../src/index.js";

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

  test("a task that ended while a task started with it still runs can be joined, and polling done sees its end", async () => {
    const seen = await withTasks(async (scope) => {
      const quick = scope.spawn(async () => "quick");
      const slow = scope.spawn(async (s) => (await sleep(60_000, s), "slow"));
      const quicker = scope.spawn(async () => "quicker");
      while (!quick.done) await sleep(1, scope.signal);
      const got = [await quick.result, await quicker.result, slow.done];
      scope.cancelRemaining();
      return got;
    });
    expect(seen).toEqual(["quick", "quicker", false]);
  });

  test("joinAll gives the values of finished and running tasks in order, and raises the first failed task's error it meets", async () => {
    const values = await withTasks(async (scope) => {
      const ts = [scope.spawn(async () => "a"), scope.spawn(async (s) => (await sleep(2, s), "b")), scope.spawn(() => "c")];
      return joinAll(ts, scope.signal);
    });
    expect(values).toEqual(["a", "b", "c"]);
    const raised = await withTasks(async (scope) => {
      const ts = [scope.spawn(async () => 1), scope.spawn(async () => Promise.reject(new Error("second broke")))];
      return joinAll(ts).catch((e: unknown) => (e as Error).message);
    }).catch((e: unknown) => `scope: ${(e as Error).message}`);
    expect(raised).toBe("scope: second broke");
  });

  test("joinAll is a suspension point of the caller: its signal aborting raises Cancelled while the tasks run on", async () => {
    const awaiter = new AbortController();
    await withTasks(async (scope) => {
      const slow = scope.spawn((s) => sleep(60_000, s));
      setTimeout(() => awaiter.abort(), 2);
      const end = await joinAll([slow], awaiter.signal).catch((e: unknown) => e);
      expect(isCancelled(end)).toBe(true);
      expect(slow.done).toBe(false);
      scope.cancelRemaining();
    });
  });
});

