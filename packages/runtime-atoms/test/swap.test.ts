import { describe, expect, test } from "vitest";
import { SHARE } from "@weft/gc";
import { atom, LocalCell } from "../src/index.js";

describe("swap", () => {
  test("swap applies the function to the old value and returns the new value", () => {
    const score = atom(0);
    expect(score.swap((s) => s + 10)).toBe(10);
    expect(score.deref()).toBe(10);
  });

  test("swap passes extra arguments after the old value", () => {
    const score = atom(10);
    expect(score.swap((s, a: number, b: number) => s + a * b, 2, 3)).toBe(16);
  });

  test("the conformance basics sequence gives 10 15 100 true false 1", () => {
    const score = atom(0);
    const out: unknown[] = [];
    score.swap((s) => s + 10);
    out.push(score.deref());
    out.push(score.swap((s, n: number) => s + n, 5));
    score.reset(100);
    out.push(score.deref());
    out.push(score.compareAndSet(100, 1));
    out.push(score.compareAndSet(100, 2));
    out.push(score.deref());
    expect(out).toEqual([10, 15, 100, true, false, 1]);
  });

  test("swap retries when the value changed between its read and its write", () => {
    const a = atom(0);
    const seen: number[] = [];
    let interfered = false;
    const result = a.swap((old) => {
      seen.push(old);
      if (!interfered) {
        interfered = true;
        a.reset(5); // a conflicting write while f runs
      }
      return old + 1;
    });
    expect(seen).toEqual([0, 5]);
    expect(result).toBe(6);
    expect(a.deref()).toBe(6);
  });

  test("a swap function that throws leaves the atom unchanged", () => {
    const a = atom(3);
    expect(() =>
      a.swap(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(a.deref()).toBe(3);
  });

  test("swap works on an atom holding NaN", () => {
    const a = atom(Number.NaN);
    expect(a.swap(() => 1)).toBe(1);
  });

  test("a swap function that returns a promise is refused", () => {
    const a = atom<unknown>(0);
    expect(() => a.swap(async () => 1)).toThrow("must not suspend");
    expect(a.deref()).toBe(0);
  });

  test("swap on a struct-like value builds a new value each time", () => {
    const stats = atom({ kills: 0, deaths: 0 });
    for (let i = 0; i < 500; i++) stats.swap((s) => ({ ...s, kills: s.kills + 1 }));
    for (let i = 0; i < 300; i++) stats.swap((s) => ({ ...s, deaths: s.deaths + 1 }));
    expect(stats.deref()).toEqual({ kills: 500, deaths: 300 });
  });
});

describe("update (compiled (swap! a f) with no extra arguments)", () => {
  test("update calls f with the old value alone, on a local, a moved and a shared atom, and refuses a promise", () => {
    const calls: unknown[][] = [];
    const f = (...args: number[]) => {
      calls.push(args);
      return args[0]! + 1;
    };
    const local = atom(1);
    const moved = atom(10);
    moved.moveTo((v) => new LocalCell(v));
    const shared = atom(100);
    shared[SHARE]();
    expect([local.update(f), moved.update(f), shared.update(f)]).toEqual([2, 11, 101]);
    expect([local.deref(), moved.deref(), shared.deref()]).toEqual([2, 11, 101]);
    expect(calls).toEqual([[1], [10], [100]]);
    expect(() => atom<unknown>(0).update(async () => 1)).toThrow("must not suspend");
  });
});
