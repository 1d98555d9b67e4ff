import { clock, useClock, VirtualClock } from "@weft/runtime-core";
import { afterEach, expect, test } from "vitest";
import { sleep, timeout, withTasks, yieldNow } from "../src/index.js";

afterEach(() => useClock(undefined));

test("a 10-second timeout under virtual time ends at exactly 10,000 virtual ms", async () => {
  const time = new VirtualClock();
  useClock(time);
  const result = await timeout(10_000, (signal) => sleep(60_000, signal));
  expect(result).toEqual({ some: false });
  expect(time.now()).toBe(10_000);
  expect(time.pending).toBe(0);
});

test("sleeping tasks wake in the order of their virtual deadlines", async () => {
  useClock(new VirtualClock());
  const woke: string[] = [];
  await withTasks((scope) => {
    for (const [name, ms] of [["c", 30], ["a", 10], ["b", 20], ["a2", 10]] as const) {
      scope.spawn(async (signal) => {
        await sleep(ms, signal);
        woke.push(`${name}@${clock().now()}`);
      });
    }
  });
  expect(woke).toEqual(["a@10", "a2@10", "b@20", "c@30"]);
});

test("time stands still while a task keeps yielding", async () => {
  const time = new VirtualClock();
  useClock(time);
  const seen: number[] = [];
  await withTasks((scope) => {
    scope.spawn((signal) => sleep(5, signal));
    scope.spawn(async (signal) => {
      for (let i = 0; i < 50; i++) await yieldNow(signal);
      seen.push(time.now());
    });
  });
  expect(seen).toEqual([0]);
  expect(time.now()).toBe(5);
});
