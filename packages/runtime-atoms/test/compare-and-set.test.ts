import { describe, expect, test } from "vitest";
import { atom } from "../src/index.js";

describe("compareAndSet", () => {
  test.each([
    ["an Int", 100, 100],
    ["a Float", 0.5, 0.5],
    ["a String", "idle", "id" + "le"],
    ["a Bool", true, true],
    ["Unit", undefined, undefined],
  ])("compares %s by value", (_name, initial, expected) => {
    const a = atom<unknown>(initial);
    expect(a.compareAndSet(expected, "next")).toBe(true);
    expect(a.deref()).toBe("next");
  });

  test("a mismatch leaves the value and returns false", () => {
    const a = atom(1);
    expect(a.compareAndSet(2, 3)).toBe(false);
    expect(a.deref()).toBe(1);
  });

  test("compares objects by identity, not structure", () => {
    const v = { kills: 0 };
    const a = atom(v);
    expect(a.compareAndSet({ kills: 0 }, { kills: 1 })).toBe(false);
    expect(a.compareAndSet(v, { kills: 2 })).toBe(true);
    expect(a.deref()).toEqual({ kills: 2 });
  });

  test("zero and negative zero are equal Floats", () => {
    const a = atom(0);
    expect(a.compareAndSet(-0, 7)).toBe(true);
  });

  test("NaN is not equal to NaN, as with Weft's =", () => {
    const a = atom(Number.NaN);
    expect(a.compareAndSet(Number.NaN, 1)).toBe(false);
  });
});
