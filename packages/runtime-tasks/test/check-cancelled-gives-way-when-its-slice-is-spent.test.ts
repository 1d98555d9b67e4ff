import { useClock, VirtualClock } from "@weft/runtime-core";
import { afterEach, expect, test } from "vitest";
import { compiled, isCancelled } from "../src/index.js";
import { SLICE_MS, VIRTUAL_CALLS } from "../src/busy.js";

afterEach(() => useClock(undefined));

/** `(loop () (check-cancelled) (recur))` as codegen writes it, counting calls and turns given. */
async function spin(calls: { n: number; turns: number }, until: () => boolean): Promise<void> {
  const $task = compiled.current();
  while (!until()) {
    calls.n++;
    if (compiled.checkCancelled()) {
      calls.turns++;
      compiled.resumeBusy($task, await compiled.busyTurn());
    }
  }
}

test("under a virtual clock check-cancelled gives way every 1024 calls, each slice taking 4 virtual ms", async () => {
  const time = new VirtualClock();
  useClock(time);
  // Spend whatever slice an earlier test began, so the count starts on a slice boundary.
  while (!compiled.checkCancelled());
  const calls = { n: 0, turns: 0 };
  const result = await compiled.timeout(40, () => spin(calls, () => false));
  expect(result).toEqual({ some: false });
  expect([VIRTUAL_CALLS, SLICE_MS]).toEqual([1024, 4]);
  // Slices end at 4, 8, …, 40. At 40 the timeout and the tenth slice are due together: the task
  // runs one more slice of calls and is stopped where it gives way the eleventh time, still at 40.
  expect([calls.turns, calls.n, time.now()]).toEqual([11, 11 * 1024, 40]);
});

test("a cancelled task's check-cancelled raises Cancelled on the call itself, before any budget", async () => {
  const controller = new AbortController();
  controller.abort();
  let raised: unknown;
  try {
    compiled.enterTask(controller.signal, () => compiled.checkCancelled());
  } catch (e) {
    raised = e;
  }
  expect(isCancelled(raised)).toBe(true);
});

test("a task cancelled by its own code mid-slice raises Cancelled at its very next check-cancelled", () => {
  const controller = new AbortController();
  let calls = 0;
  let raised: unknown;
  compiled.enterTask(controller.signal, () => {
    try {
      // Long enough for the stride between full checks to have grown to thousands of calls.
      for (; calls < 100_000; calls++) compiled.checkCancelled();
      controller.abort();
      calls = 0;
      for (; calls < 100_000; calls++) compiled.checkCancelled();
    } catch (e) {
      raised = e;
    }
  });
  expect(isCancelled(raised)).toBe(true);
  expect(calls).toBe(0);
});

test("in real time a busy task gives way to a timer that is due", async () => {
  let fired = false;
  setTimeout(() => (fired = true), 1);
  const calls = { n: 0, turns: 0 };
  await spin(calls, () => fired);
  expect(fired).toBe(true);
  expect(calls.turns).toBeGreaterThan(0);
});
