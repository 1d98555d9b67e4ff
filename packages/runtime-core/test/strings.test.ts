import { describe, expect, test } from "vitest";
import { formatFloat } from "../src/index.js";

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
