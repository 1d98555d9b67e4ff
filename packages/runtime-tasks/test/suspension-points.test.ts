import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { checkCancelled, isCancelled, sleep, yieldNow } from "../src/index.js";

describe("suspension points", () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  test("sleep resolves after the given milliseconds", async () => {
    let done = false;
    void sleep(100).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  test("sleep rejects with Cancelled as soon as its signal aborts and clears its timer", async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal).catch((e: unknown) => e);
    controller.abort();
    expect(isCancelled(await slept)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("sleep on an aborted signal rejects without waiting", async () => {
    expect(isCancelled(await sleep(10, AbortSignal.abort()).catch((e: unknown) => e))).toBe(true);
  });

  test("checkCancelled throws only when the signal is aborted", () => {
    expect(() => checkCancelled(new AbortController().signal)).not.toThrow();
    expect(() => checkCancelled(undefined)).not.toThrow();
    expect(() => checkCancelled(AbortSignal.abort())).toThrow("task cancelled");
  });

  test("yieldNow lets a pending immediate callback run first", async () => {
    const log: string[] = [];
    setImmediate(() => log.push("other"));
    const y = yieldNow().then(() => log.push("yielded"));
    await vi.runAllTimersAsync();
    await y;
    expect(log).toEqual(["other", "yielded"]);
  });

  test("yieldNow on a cancelled signal throws Cancelled", async () => {
    expect(isCancelled(await yieldNow(AbortSignal.abort()).catch((e: unknown) => e))).toBe(true);
  });
});
