import { describe, expect, test } from "vitest";
import { realClock } from "../src/Clock.js";

const fired = (setUp: (log: string[]) => void): Promise<string[]> =>
  new Promise((resolve) => {
    const log: string[] = [];
    // From a timer callback, as a task's code runs: the immediate's check phase comes before the
    // next timers phase whatever the machine's speed.
    setTimeout(() => {
      setUp(log);
      setTimeout(() => resolve(log), 20);
    }, 0);
  });

describe("the real clock", () => {
  test("a 0 ms timer fires before a 1 ms timer set earlier (Node would run both as 1 ms, in the order set)", async () => {
    expect(await fired((log) => {
      realClock.setTimer(1, () => log.push("1 ms"));
      realClock.setTimer(0, () => log.push("0 ms"));
    })).toEqual(["0 ms", "1 ms"]);
  });
  test("a negative delay is a 0 ms timer", async () => {
    expect(await fired((log) => {
      realClock.setTimer(1, () => log.push("1 ms"));
      realClock.setTimer(-5, () => log.push("-5 ms"));
    })).toEqual(["-5 ms", "1 ms"]);
  });
  test("a cleared 0 ms timer and a cleared 1 ms timer never fire", async () => {
    expect(await fired((log) => {
      realClock.clearTimer(realClock.setTimer(0, () => log.push("0 ms")));
      realClock.clearTimer(realClock.setTimer(1, () => log.push("1 ms")));
      realClock.setTimer(2, () => log.push("2 ms"));
    })).toEqual(["2 ms"]);
  });
});
