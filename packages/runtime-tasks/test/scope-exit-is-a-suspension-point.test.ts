import { describe, expect, test } from "vitest";
import { isCancelled, sleep, withTasks } from "../src/index.js";

describe("waiting at the end of withTasks is a suspension point", () => {
  test("a scope whose task is cancelled while it waits raises Cancelled after its children stop", async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const run = withTasks((scope) => {
      scope.spawn(async (s) => {
        try {
          await sleep(60_000, s);
        } finally {
          log.push("child stopped");
        }
      });
      return "body value";
    }, controller.signal);
    setTimeout(() => controller.abort(), 2);
    const raised = await run.catch((e: unknown) => e);
    expect(isCancelled(raised)).toBe(true);
    expect(log).toEqual(["child stopped"]);
  });

  test("a scope entered with an already-cancelled signal raises Cancelled even with no children", async () => {
    const ran: string[] = [];
    const raised = await withTasks(() => void ran.push("body"), AbortSignal.abort()).catch((e: unknown) => e);
    expect(ran).toEqual(["body"]);
    expect(isCancelled(raised)).toBe(true);
  });

  test("a task spawned into a cancelled scope starts, then stops at its first suspension point (Trio test_precancelled_task)", async () => {
    const record: string[] = [];
    await withTasks(
      (scope) => {
        scope.spawn(async (s) => {
          record.push("started");
          await sleep(60_000, s);
          record.push("unreachable");
        });
      },
      AbortSignal.abort(),
    ).catch(() => undefined);
    expect(record).toEqual(["started"]);
  });
});
