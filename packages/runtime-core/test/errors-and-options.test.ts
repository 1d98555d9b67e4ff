import { describe, expect, test } from "vitest";
import { fromOption, isCatchable, None, Some, WeftError } from "../src/index.js";

const WEFT_ERROR = Symbol.for("weft.Error");
const CANCELLED = Symbol.for("weft.Cancelled");

class Branded extends Error {
  get [WEFT_ERROR](): true {
    return true;
  }
}
class Cancelled extends Error {
  get [CANCELLED](): true {
    return true;
  }
}
class BrandedCancelled extends Branded {
  get [CANCELLED](): true {
    return true;
  }
}

describe("isCatchable", () => {
  test.each<[string, unknown, boolean]>([
    ["a WeftError", new WeftError("boom"), true],
    ["an error branded weft.Error by another package (send on closed channel)", new Branded("send on closed channel"), true],
    ["a Cancelled", new Cancelled("task cancelled"), false],
    ["an error that is both branded and a cancellation", new BrandedCancelled("x"), false],
    ["a plain TypeError", new TypeError("x"), false],
    ["a string", "boom", false],
    ["null", null, false],
  ])("%s → %s", (_, e, want) => {
    expect(isCatchable(e)).toBe(want);
  });
});

describe("fromOption", () => {
  test("some becomes a Some, none the shared None", () => {
    const s = fromOption({ some: true, value: 3 });
    expect(s).toBeInstanceOf(Some);
    expect((s as Some<number>)._0).toBe(3);
    expect(fromOption({ some: false })).toBe(None);
  });
});
