import { describe, expect, test } from "vitest";
import { isCancelled, sleep, withTasks } from "../src/index.js";

describe("cancellation reaches nested scopes", () => {
  test("cancelling a task cancels the scope nested in it and its children (Trio test_cancel_inheritance)", async () => {
    const ends: string[] = [];
    await withTasks(async (outer) => {
      outer.spawn((s) =>
        withTasks(async (inner) => {
          inner.spawn(async (s2) => {
            try {
              await sleep(60_000, s2);
            } catch (e) {
              ends.push(isCancelled(e) ? "grandchild cancelled" : "other");
              throw e;
            }
          });
          await sleep(60_000, inner.signal);
        }, s),
      );
      await sleep(5, outer.signal);
      outer.cancelRemaining();
    });
    expect(ends).toEqual(["grandchild cancelled"]);
  });

  test("a nested scope whose parent task was cancelled raises Cancelled", async () => {
    let nestedEnd: unknown;
    await withTasks(async (outer) => {
      outer.spawn(async (s) => {
        try {
          await withTasks((inner) => void inner.spawn((s2) => sleep(60_000, s2)), s);
        } catch (e) {
          nestedEnd = e;
          throw e;
        }
      });
      await sleep(2, outer.signal);
      outer.cancelRemaining();
    });
    expect(isCancelled(nestedEnd)).toBe(true);
  });

  test("a failure in a nested scope fails the outer one through the task", async () => {
    const run = withTasks((outer) => {
      outer.spawn((s) =>
        withTasks((inner) => {
          inner.spawn(() => {
            throw new Error("deep");
          });
        }, s),
      );
      outer.spawn((s) => sleep(60_000, s));
    });
    await expect(run).rejects.toThrow("deep");
  });

  test("a standard AbortController cancels a top-level scope", async () => {
    const controller = new AbortController();
    const run = withTasks((scope) => {
      scope.spawn((s) => sleep(60_000, s));
    }, controller.signal);
    setTimeout(() => controller.abort(new Error("scene unloaded")), 2);
    const raised = await run.catch((e: unknown) => e);
    expect(isCancelled(raised)).toBe(true);
    expect((raised as Error).cause).toEqual(new Error("scene unloaded"));
  });
});
