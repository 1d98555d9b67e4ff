import { describe, expect, test } from "vitest";
import { sleep, withTasks } from "../src/index.js";

describe("withTasks waits for its children", () => {
  test("returns the body's value once every child has finished", async () => {
    const log: string[] = [];
    const result = await withTasks((scope) => {
      scope.spawn(async (s) => (await sleep(30, s), log.push("slow")));
      scope.spawn(async (s) => (await sleep(5, s), log.push("fast")));
      log.push("body");
      return "body done";
    });
    expect(result).toBe("body done");
    expect(log).toEqual(["body", "fast", "slow"]);
  });

  test("awaiting two loads gives both values (conformance tasks/basic)", async () => {
    const load = async (name: string, ms: number, s: AbortSignal) => (await sleep(ms, s), `${name} loaded`);
    const result = await withTasks(async (scope) => {
      const a = scope.spawn((s) => load("level", 20, s));
      const b = scope.spawn((s) => load("audio", 5, s));
      return `${await a.join(scope.signal)}, ${await b.join(scope.signal)}`;
    });
    expect(result).toBe("level loaded, audio loaded");
  });

  test("children interleave at suspension points (Trio test_basic_interleave)", async () => {
    const record: string[] = [];
    await withTasks((scope) => {
      for (const who of ["a", "b"]) {
        scope.spawn(async () => {
          for (let i = 0; i < 3; i++) {
            record.push(`${who}${i}`);
            await Promise.resolve();
          }
        });
      }
    });
    expect(record).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
  });

  test("a child may spawn into its own scope while the scope waits", async () => {
    const log: string[] = [];
    await withTasks((scope) => {
      scope.spawn(async (s) => {
        await sleep(5, s);
        scope.spawn(async (s2) => (await sleep(5, s2), log.push("grandchild")));
        log.push("child");
      });
    });
    expect(log).toEqual(["child", "grandchild"]);
  });

  test("an empty scope returns the body's value", async () => {
    expect(await withTasks(() => 42)).toBe(42);
  });

  test("a scope waiting for its children does not wait for a task of another scope started in the same turn", async () => {
    const order: string[] = [];
    await withTasks(async (outer) => {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      outer.spawn(() => gate);
      await withTasks((inner) => {
        inner.spawn(async () => order.push("inner task"));
      });
      order.push("inner scope ended");
      open();
    });
    expect(order).toEqual(["inner task", "inner scope ended"]);
  });
});

