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
