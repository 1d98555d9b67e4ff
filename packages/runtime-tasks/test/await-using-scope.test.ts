import { describe, expect, test } from "vitest";
import { isCancelled, openScope, sleep } from "../src/index.js";

describe("openScope with await using", () => {
  test("leaving the block waits for every task spawned in it", async () => {
    const log: string[] = [];
    {
      await using scope = openScope();
      scope.spawn(async (signal) => {
        await sleep(5, signal);
        log.push("child done");
      });
      log.push("block done");
    }
    log.push("after block");
    expect(log).toEqual(["block done", "child done", "after block"]);
  });

  test("leaving the block raises the first task error after cancelling the others", async () => {
    const log: string[] = [];
    const leave = async () => {
      await using scope = openScope();
      scope.spawn(async (signal) => {
        try {
          await sleep(60_000, signal);
        } catch (e) {
          log.push(isCancelled(e) ? "sibling cancelled" : "sibling failed");
          throw e;
        }
      });
      scope.spawn(async () => {
        throw new Error("asset missing");
      });
    };
    await expect(leave()).rejects.toThrow("asset missing");
    expect(log).toEqual(["sibling cancelled"]);
  });

  test("a scope opened under an aborted parent cancels its tasks and raises Cancelled", async () => {
    const parent = new AbortController();
    const leave = async () => {
      await using scope = openScope(parent.signal);
      scope.spawn((signal) => sleep(60_000, signal));
      parent.abort();
    };
    const error = await leave().catch((e: unknown) => e);
    expect(isCancelled(error)).toBe(true);
  });
});
