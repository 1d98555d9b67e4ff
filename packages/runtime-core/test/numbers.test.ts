import { describe, expect, test } from "vitest";
import { divInt, modInt, modFloat, NumInt, toInt, WeftError, isCatchable, fail } from "../src/index.js";

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
