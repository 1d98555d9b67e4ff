import { threadId as mainThreadId } from "node:worker_threads";
import { describe, expect, test, vi } from "vitest";
import { isCancelled } from "../src/Cancelled.js";
import { runOnThread, threadId } from "../src/threads/index.js";
import { $lambdas } from "./support/threads-program.js";
import { testThreadsForThisFile, useTestThreads } from "./support/threads.js";

testThreadsForThisFile();

describe("runOnThread (spawn-thread)", () => {
  test("runs the closure on another thread and returns its value", async () => {
    const r = await runOnThread<{ sum: number; thread: number }>($lambdas[0]!([40, 2]), new AbortController().signal);
    expect(r.sum).toBe(42);
    expect(r.thread).toBeGreaterThan(0);
    expect(threadId()).toBe(mainThreadId);
    expect(threadId()).toBe(0);
  });

  test("an error on the worker keeps its message and stays a Weft error", async () => {
    const e = await runOnThread($lambdas[1]!(["boom on the worker"]), new AbortController().signal).catch((x: unknown) => x);
    expect((e as Error).message).toBe("boom on the worker");
    expect((e as Record<symbol, unknown>)[Symbol.for("weft.Error")]).toBe(true);
  });

  // 5 waits for its signal to abort (a message); 15 is a busy loop that only calls
  // check-cancelled, so only the shared word can reach it.
  test.each([
    ["a task waiting for its signal", 5],
    ["a busy loop that only calls check-cancelled (a shared word, not a message)", 15],
  ])("cancellation reaches %s on the worker, which stops", async (_what, lambda) => {
    const c = new AbortController();
    const run = runOnThread($lambdas[lambda]!([]), c.signal);
    setTimeout(() => c.abort(), 100);
    const e = await run.catch((x: unknown) => x);
    expect(isCancelled(e)).toBe(true);
  });

  test("what the task prints is written before it is reported finished, whole lines in order", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      expect(await runOnThread($lambdas[6]!([50]), new AbortController().signal)).toBe("printed");
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}\n`));
  });
});

// Regression: a cancel that reached the worker before the task started used to be missed, and
// the task waited forever (seen under load in CI).
test("a task cancelled while its thread is still starting ends cancelled", async () => {
  const threads = useTestThreads();
  try {
    const c = new AbortController();
    const run = runOnThread($lambdas[5]!([]), c.signal);
    c.abort();
    expect(isCancelled(await run.catch((x: unknown) => x))).toBe(true);
  } finally {
    await threads.dispose();
  }
});
