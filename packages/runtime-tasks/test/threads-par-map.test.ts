import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compiled, isCancelled } from "../src/index.js";
import { configureThreads, parForEach, parMap, threadId } from "../src/threads/index.js";
import { $fn, $lambdas, atom, Entity, Failure } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

testThreadsForThisFile();

describe("parMap and parForEach on the pool", () => {
  // What crosses threads: every element goes to the pool, however cheap.
  beforeAll(() => configureThreads({ inline: false }));
  afterAll(() => configureThreads({ inline: true }));

  test("par-map over 10,000 plain-data entities keeps their order and class", async () => {
    const entities = Array.from({ length: 10_000 }, (_, i) => new Entity(i, i, 0.5));
    const moved = await parMap<Entity, Entity>(entities, $fn.step);
    expect(moved).toHaveLength(10_000);
    expect(moved[0]).toStrictEqual(new Entity(0, 0.5, 0.5));
    expect(moved[9_999]).toStrictEqual(new Entity(9_999, 9_999.5, 0.5));
    expect(moved.every((e, i) => e instanceof Entity && e.id === i)).toBe(true);
  });

  test("a closure's captures travel with it, and small inputs still run on workers", async () => {
    expect(await parMap([0, 1, 2, 3, 4], $lambdas[7]!([3]))).toEqual([0, 3, 6, 9, 12]);
    const ids = await parMap<number, number>([1, 2, 3], $fn.whichThread);
    expect(ids.every((id) => id > 0)).toBe(true);
  });

  test("the first error cancels the rest and is raised with its message", async () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const e = await parMap(xs, $fn.check).catch((x: unknown) => x);
    expect((e as Error).message).toBe("bad entity 500");
    expect(e).not.toBeInstanceOf(Failure); // rebuilt on this thread, still a Weft error
    expect((e as Record<symbol, unknown>)[Symbol.for("weft.Error")]).toBe(true);
  });

  test("par-for-each swaps a shared atom from the pool", async () => {
    const hits = atom(0);
    await parForEach(Array.from({ length: 1000 }, (_, i) => i), $lambdas[2]!([hits, 1]));
    expect(hits.deref()).toBe(1000);
  });

  test("a pool thread that dies fails the par-map instead of leaving it waiting, and the next par-map gets a fresh thread", async () => {
    // One thread, so that the next par-map cannot meet another one still dying.
    configureThreads({ threads: 1 });
    try {
      const e = await parMap([1, 2], $fn.exitOnWorker).catch((x: unknown) => x);
      expect((e as Error).message).toBe("a par-map pool thread exited with code 7");
      const ids = await parMap<number, number>([1, 2, 3], $fn.whichThread);
      expect(ids.every((id) => id > 0)).toBe(true);
    } finally {
      configureThreads({ threads: 2 });
    }
  });

  test("aborting its signal while a par-map waits for the pool stops the chunks still running and raises Cancelled", async () => {
    const started = atom(0);
    const abort = new AbortController();
    const xs = Array.from({ length: 100_000 }, (_, i) => i);
    // Aborted once the workers are under way: they stop at their next element.
    const poll = setInterval(() => {
      if (started.deref() >= 4) abort.abort();
    }, 1);
    try {
      const e = await parMap(xs, $lambdas[16]!([started]), abort.signal).catch((x: unknown) => x);
      expect(isCancelled(e)).toBe(true);
    } finally {
      clearInterval(poll);
    }
    expect(started.deref()).toBeLessThan(100_000);
  });

  test("compiled code's par-map leaves a pool call's promise on its call site, and taking it clears the site", async () => {
    const site = compiled.parSite(true);
    // The pool cannot finish before the call has returned: its threads wait for `go`.
    const go = atom(false);
    expect(compiled.parMapAt([0, 1, 2, 3, 4], $lambdas[19]!([go]) as (x: number) => number, site)).toBeUndefined();
    const pending = compiled.pendingOf(site);
    expect(site.pending).toBeUndefined();
    go.reset(true);
    expect(await pending).toEqual([0, 1, 2, 3, 4]);
  });

  test("an empty input needs no worker", async () => {
    expect(await parMap([], $fn.step)).toEqual([]);
  });
});

describe("parMap's adaptive granularity", () => {
  test("a tiny par-map runs on the caller, with the caller's own function and error", async () => {
    expect(await parMap<number, number>([1, 2, 3], $fn.whichThread)).toEqual([0, 0, 0]);
    const xs = Array.from({ length: 10 }, (_, i) => i * 100);
    const e = await parMap(xs, $fn.check).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Failure);
    expect((e as Error).message).toBe("bad entity 500");
  });

  test("a par-map whose elements take long goes to the pool, in order, and the caller takes a share", async () => {
    // 64 elements of ~8 ms: more work than the pool's largest estimated overhead (50 ms) makes
    // worth keeping on the caller, however slow the pool looked to earlier calls.
    const xs = Array.from({ length: 64 }, (_, i) => i);
    const ids = await parMap<number, number>(xs, $lambdas[17]!([atom(0), threadId()]));
    expect(ids).toHaveLength(64);
    expect(ids.some((id) => id > 0)).toBe(true);
    expect(ids.some((id) => id === threadId())).toBe(true);
    const values = await parMap<number, number>(xs, $fn.slowDouble);
    expect(values).toEqual(xs.map((x) => x * 2));
  });
});
