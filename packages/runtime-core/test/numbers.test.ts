import { describe, expect, test } from "vitest";
import { divInt, modInt, modFloat, NumInt, toInt, WeftError, isCatchable, fail, le, ge, OrdFloat, sort, sortBy } from "../src/index.js";

describe("Int arithmetic", () => {
  test.each([
    ["7 / 2 truncates", divInt(7, 2), 3],
    ["-7 / 2 truncates toward zero", divInt(-7, 2), -3],
    ["-2147483648 / -1 wraps", divInt(-2147483648, -1), -2147483648],
    ["7 mod 3", modInt(7, 3), 1],
    ["-7 mod 3 takes the divisor's sign", modInt(-7, 3), 2],
    ["7 mod -3 takes the divisor's sign", modInt(7, -3), -2],
    ["-2147483648 mod -1 is zero", modInt(-2147483648, -1), 0],
    ["2147483647 + 1 wraps", NumInt.add(2147483647, 1), -2147483648],
    ["65536 * 65536 wraps", NumInt.mul(65536, 65536), 0],
    ["negating the minimum wraps", NumInt.neg(-2147483648), -2147483648],
    ["(int 7.9) truncates", toInt(7.9), 7],
    ["(int -7.9) truncates", toInt(-7.9), -7],
    ["-5.5 mod 2.0", modFloat(-5.5, 2), 0.5],
  ])("%s", (_name, got, want) => {
    expect(got).toBe(want);
  });

  test.each([
    ["Int division", () => divInt(1, 0)],
    ["Int mod", () => modInt(1, 0)],
  ])("%s by zero raises the Error `division by zero`", (_name, f) => {
    expect(f).toThrow(WeftError);
    expect(f).toThrow("division by zero");
  });

  test("fail raises a catchable WeftError", () => {
    try {
      fail("out of mana");
    } catch (e) {
      expect(isCatchable(e)).toBe(true);
      expect((e as WeftError).message).toBe("out of mana");
      expect((e as WeftError).suppressed).toEqual([]);
    }
    expect(isCatchable(new TypeError("x"))).toBe(false);
    class Cancelled extends WeftError {
      override get catchable(): boolean {
        return false;
      }
    }
    expect(isCatchable(new Cancelled("cancelled"))).toBe(false);
  });
});

describe("Float ordering with NaN", () => {
  test("<= and >= through the Ord dictionary are false with NaN, as the inline operators are", () => {
    expect([le(OrdFloat, NaN, 1), le(OrdFloat, 1, NaN), ge(OrdFloat, NaN, 1), ge(OrdFloat, 1, NaN)]).toEqual([false, false, false, false]);
    expect([le(OrdFloat, 1, 1), ge(OrdFloat, 2, 1), le(OrdFloat, 2, 1)]).toEqual([true, true, false]);
  });
  test("sort puts NaN after every number and keeps -0.0 and 0.0 in their order", () => {
    expect(sort(OrdFloat, [2, NaN, 1, -0, 0, -Infinity, NaN, -3])).toEqual([-Infinity, -3, -0, 0, 1, 2, NaN, NaN]);
    expect(Object.is(sort(OrdFloat, [0, -0])[1], -0)).toBe(true);
  });
  test("sort-by with Float keys orders the same way", () => {
    expect(sortBy(OrdFloat, ["nan", "two", "one"], (s) => ({ nan: NaN, two: 2, one: 1 })[s] as number)).toEqual(["one", "two", "nan"]);
  });
});
