import { processHeap } from "@weft/gc";
import { describe, expect, test } from "vitest";
import { runOnThread } from "../src/threads/index.js";
import { $lambdas, atom, Stats } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

testThreadsForThisFile();

describe("atoms across threads", () => {
  test("two workers and the main thread swap 20,000 times each and the atom ends at 60,000", async () => {
    const live = processHeap().stats().liveBlocks;
    const counter = atom(0);
    const signal = new AbortController().signal;
    const a = runOnThread($lambdas[2]!([counter, 20_000]), signal);
    const b = runOnThread($lambdas[2]!([counter, 20_000]), signal);
    expect(counter.shared).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 20_000; i++) counter.swap((c) => c + 1);
    await Promise.all([a, b]);
    expect(counter.deref()).toBe(60_000);
    // 60,000 values were written; only the cell and the current value stay (the workers dropped their memos).
    processHeap().drain();
    expect(processHeap().stats().liveBlocks - live).toBeLessThanOrEqual(2);
  });

  test("a struct in a shared atom arrives as its class after swaps on two threads", async () => {
    const stats = atom(new Stats(0, 0));
    const signal = new AbortController().signal;
    await Promise.all([runOnThread($lambdas[8]!([stats, 500]), signal), runOnThread($lambdas[8]!([stats, 300]), signal)]);
    expect(stats.deref()).toStrictEqual(new Stats(800, 0));
    const same = stats.deref();
    expect(stats.deref()).toBe(same);
    expect(stats.compareAndSet(same, new Stats(1, 1))).toBe(true);
    expect(stats.deref()).toStrictEqual(new Stats(1, 1));
  });
});
