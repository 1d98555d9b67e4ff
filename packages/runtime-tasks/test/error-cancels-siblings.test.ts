import { describe, expect, test } from "vitest";
import { isCancelled, sleep, withTasks } from "../src/index.js";

describe("the first error cancels the siblings and the body", () => {
  test("a failing child cancels its siblings and the scope raises its error (conformance tasks/error-cancels-siblings)", async () => {
    const log: string[] = [];
    const run = withTasks(async (scope) => {
      scope.spawn(async (s) => {
        await sleep(10, s);
        throw new Error("network down");
      });
      scope.spawn(async (s) => {
        await sleep(60_000, s);
        log.push("never printed");
      });
      scope.spawn(async (s) => {
        for (;;) await sleep(5, s);
      });
      return "body done";
    });
    await expect(run).rejects.toThrow("network down");
    expect(log).toEqual([]);
  });

  test("siblings see Cancelled and the error is raised only after they finish (Trio test_task_crash_propagation)", async () => {
    const record: string[] = [];
    const run = withTasks((scope) => {
      scope.spawn(async (s) => {
        try {
          for (;;) await sleep(1, s);
        } catch (e) {
          record.push(isCancelled(e) ? "cancelled" : "other");
          await new Promise((r) => setTimeout(r, 5)); // cleanup after cancellation
          record.push("cleaned up");
          throw e;
        }
      });
      scope.spawn(async () => {
        throw new Error("argh");
      });
    });
    await expect(run).rejects.toThrow("argh");
    expect(record).toEqual(["cancelled", "cleaned up"]);
  });

  test("a child crash wakes the body (Trio test_child_crash_wakes_parent)", async () => {
    const run = withTasks(async (scope) => {
      scope.spawn(() => {
        throw new Error("this is a crash");
      });
      await sleep(60_000, scope.signal);
      return "unreachable";
    });
    await expect(run).rejects.toThrow("this is a crash");
  });

  test("an error in the body cancels the children", async () => {
    let childEnd: unknown;
    const run = withTasks(async (scope) => {
      scope.spawn(async (s) => {
        try {
          await sleep(60_000, s);
        } catch (e) {
          childEnd = e;
          throw e;
        }
      });
      await sleep(2, scope.signal);
      throw new Error("body failed");
    });
    await expect(run).rejects.toThrow("body failed");
    expect(isCancelled(childEnd)).toBe(true);
  });

  test("later errors are kept on the first as suppressed (Trio test_two_child_crashes)", async () => {
    const first = new Error("first");
    const second = new Error("second");
    const run = withTasks((scope) => {
      scope.spawn(() => {
        throw first;
      });
      scope.spawn(async (s) => {
        try {
          await sleep(60_000, s);
        } catch {
          throw second; // a real error while being cancelled is not a cancellation
        }
      });
    });
    const raised = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(raised).toBe(first);
    expect((raised as { suppressed: unknown[] }).suppressed).toEqual([second]);
  });

  test("a body error and a child error are both reported (Trio test_main_and_task_both_crash)", async () => {
    const run = withTasks(async (scope) => {
      scope.spawn(() => {
        throw new Error("child");
      });
      throw new Error("body");
    });
    const raised = (await run.catch((e: unknown) => e)) as Error & { suppressed: Error[] };
    expect(raised.message).toBe("body");
    expect(raised.suppressed.map((e) => e.message)).toEqual(["child"]);
  });

  test("cancelled siblings are not reported as suppressed errors", async () => {
    const run = withTasks((scope) => {
      scope.spawn((s) => sleep(60_000, s));
      scope.spawn((s) => sleep(60_000, s));
      scope.spawn(() => {
        throw new Error("boom");
      });
    });
    const raised = (await run.catch((e: unknown) => e)) as Error & { suppressed?: unknown[] };
    expect(raised.message).toBe("boom");
    expect(raised.suppressed).toBeUndefined();
  });

  test("of tasks started together that fail within the same few microtasks, the one that failed first is the scope's error, the other suppressed", async () => {
    const later = new Error("failed second, spawned first");
    const first = new Error("failed first, spawned second");
    const run = withTasks((scope) => {
      scope.spawn(async () => {
        for (let i = 0; i < 2; i++) await null;
        throw later;
      });
      scope.spawn(async () => {
        await null;
        throw first;
      });
    });
    const raised = await run.catch((e: unknown) => e);
    expect(raised).toBe(first);
    expect((raised as { suppressed?: unknown[] }).suppressed).toEqual([later]);
  });
});

