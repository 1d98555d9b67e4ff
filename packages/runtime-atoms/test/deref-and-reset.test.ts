import { describe, expect, test } from "vitest";
import { atom } from "../src/index.js";

describe("deref and reset", () => {
  test("a new atom derefs to its initial value", () => {
    expect(atom(0).deref()).toBe(0);
    expect(atom("hero").deref()).toBe("hero");
  });

  test("reset sets the value and returns it", () => {
    const score = atom(0);
    expect(score.reset(100)).toBe(100);
    expect(score.deref()).toBe(100);
  });

  test("reset keeps the identity of an object value", () => {
    const stats = { kills: 1 };
    const a = atom<{ kills: number }>({ kills: 0 });
    a.reset(stats);
    expect(a.deref()).toBe(stats);
  });
});
