import { describe, expect, test } from "vitest";
import { formatFloat, isCatchable, padLeft, padRight, repeatStr } from "../src/index.js";

describe("format-float", () => {
  test.each([
    ["a Float from 1e21 on is still written in fixed point", 1e21, 2, "1000000000000000000000.00"],
    ["a negative one too, without decimals, digit for digit as Rust's {:.0} writes it", -2.5e22, 0, "-24999999999999997902848"],
    ["below 1e21 it rounds as toFixed does", 999999999999999900000, 1, "999999999999999868928.0"],
    ["NaN and the infinities are written as show writes them", -Infinity, 2, "-Infinity"],
  ])("%s", (_name, x, digits, want) => {
    expect(formatFloat(x, digits)).toBe(want);
  });
  test("the largest Float has its 309 digits", () => {
    expect(formatFloat(Number.MAX_VALUE, 1)).toMatch(/^17976931348623157081\d{289}\.0$/);
  });
});

describe("strings longer than a String can be", () => {
  test.each([
    ["repeat-str", () => repeatStr("ab", 2000000000), "repeat-str would make a string of 4000000000 code units, longer than a String can be"],
    ["pad-left", () => padLeft("x", 2000000000, "ab"), "pad-left would make a string of 2000000000 code units, longer than a String can be"],
    ["pad-right", () => padRight("x", 2000000000, "ab"), "pad-right would make a string of 2000000000 code units, longer than a String can be"],
  ])("%s raises a Weft Error that try catches, not JavaScript's RangeError", (_name, f, message) => {
    let caught: unknown;
    try {
      f();
    } catch (e) {
      caught = e;
    }
    expect(isCatchable(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });
});
