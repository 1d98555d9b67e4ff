import { describe, expect, test } from "vitest";
import { type Scope, withTasks } from "../src/index.js";

describe("spawn", () => {
  test("spawn returns before the task's function starts", async () => {
    const log: string[] = [];
    await withTasks((scope) => {
      scope.spawn(() => log.push("task"));
      log.push("after spawn");
    });
    expect(log).toEqual(["after spawn", "task"]);
  });

  test("each task gets its own signal, distinct from the body's", async () => {
    await withTasks((scope) => {
      const t = scope.spawn((signal) => signal);
      expect(t.signal).not.toBe(scope.signal);
      return t.result.then((s) => expect(s).toBe(t.signal));
    });
  });

  test("a task's promise or other thenable settles it with its value or error", async () => {
    const thenable = (ok: boolean, v: unknown): PromiseLike<unknown> => ({
      then: (resolve, reject) => (setImmediate(() => (ok ? resolve?.(v) : reject?.(v))), undefined as never),
    });
    const outcomes = await withTasks(async (scope) => {
      const ts = [
        scope.spawn(() => Promise.resolve("promise value")),
        scope.spawn(() => Promise.reject(new Error("promise error"))),
        scope.spawn(() => thenable(true, "thenable value")),
        scope.spawn(() => thenable(false, new Error("thenable error"))),
      ];
      return Promise.all(ts.map((t) => t.result.then(String, (e: Error) => `raised ${e.message}`)));
    }).catch((e: Error) => [`scope raised ${e.message}`]);
    expect(outcomes).toEqual(["scope raised promise error"]);
    const values = await withTasks((scope) => {
      const ts = [scope.spawn(() => Promise.resolve("promise value")), scope.spawn(() => thenable(true, "thenable value"))];
      return Promise.all(ts.map((t) => t.result));
    });
    expect(values).toEqual(["promise value", "thenable value"]);
    const failed = await withTasks((scope) => {
      scope.spawn(() => thenable(false, new Error("thenable error")));
    }).catch((e: Error) => e.message);
    expect(failed).toBe("thenable error");
  });

  test("spawning on a scope that has finished throws", async () => {
    let escaped: Scope | undefined;
    await withTasks((scope) => {
      escaped = scope;
    });
    expect(() => escaped?.spawn(() => 1)).toThrow("spawn on a scope that has finished");
  });

  test("running counts the unfinished children", async () => {
    await withTasks(async (scope) => {
      scope.spawn(() => 1);
      scope.spawn(() => 2);
      expect(scope.running).toBe(2);
      await new Promise((r) => setImmediate(r));
      expect(scope.running).toBe(0);
    });
  });
});
