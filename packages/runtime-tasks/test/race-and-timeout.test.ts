import { describe, expect, test } from "vitest";
import { isCancelled, none, race, sleep, some, timeout } from "../src/index.js";

const slow = async (s: AbortSignal) => (await sleep(60_000, s), 1);
const fast = async (s: AbortSignal) => (await sleep(5, s), 2);

describe("timeout and race", () => {
  test("timeout gives None when the work is slower, Some when it is faster (conformance tasks/timeout-race)", async () => {
    expect(await timeout(20, slow)).toEqual(none);
    expect(await timeout(5000, fast)).toEqual(some(2));
    expect(await race([slow, fast])).toBe(2);
  });

  test("timeout cancels the work it gave up on", async () => {
    let end: unknown;
    await timeout(2, async (s) => {
      try {
        await sleep(60_000, s);
      } catch (e) {
        end = e;
        throw e;
      }
    });
    expect(isCancelled(end)).toBe(true);
  });

  test("race cancels the losers before it returns", async () => {
    const log: string[] = [];
    const loser = async (s: AbortSignal) => {
      try {
        return await slow(s);
      } finally {
        log.push("loser stopped");
      }
    };
    expect(await race([loser, fast, loser])).toBe(2);
    expect(log).toEqual(["loser stopped", "loser stopped"]);
  });

  test("race raises the error of a function that fails first", async () => {
    const failing = async (s: AbortSignal) => {
      await sleep(1, s);
      throw new Error("lost connection");
    };
    await expect(race([slow, failing])).rejects.toThrow("lost connection");
  });

  test("race of nothing is refused", async () => {
    await expect(race([])).rejects.toThrow(RangeError);
  });

  test("race with a cancelled signal raises Cancelled", async () => {
    const controller = new AbortController();
    const run = race([slow, slow], controller.signal);
    controller.abort();
    expect(isCancelled(await run.catch((e: unknown) => e))).toBe(true);
  });
});
