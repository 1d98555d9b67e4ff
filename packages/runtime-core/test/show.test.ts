import { describe, expect, test } from "vitest";
import {
  kw, showFloat, quote, ShowInt, ShowString, showVec, showMap, showOption, showResult, ShowFloat, ShowKeyword,
  ShowUnit, WeftMap, Some, None, Ok, Err, display, str,
} from "../src/index.js";

describe("show", () => {
  test.each([
    [1, "1.0"], [0.1, "0.1"], [0.000001, "0.000001"], [1e21, "1e+21"], [-0, "0.0"], [NaN, "NaN"],
    [Infinity, "Infinity"], [-Infinity, "-Infinity"], [2500, "2500.0"], [-0.5, "-0.5"], [0.1 + 0.2, "0.30000000000000004"],
  ])("the Float %s prints as %s", (x, out) => {
    expect(showFloat(x)).toBe(out);
  });

  test.each([
    ["bob", '"bob"'], ['a"b', '"a\\"b"'], ["y\n", '"y\\n"'], ["t\tr\r", '"t\\tr\\r"'], ["\\", '"\\\\"'], ["\0", '"\\0"'],
    ["\u0001", '"\\u{1}"'], ["😀", '"😀"'],
  ])("the String %j shows quoted as %s", (s, out) => {
    expect(quote(s)).toBe(out);
  });

  test.each([
    ["a vector of Ints", showVec(ShowInt).show([1, 2, 3]), "[1 2 3]"],
    ["an empty vector", showVec(ShowInt).show([]), "[]"],
    ["a vector of strings, quoted", showVec(ShowString).show(["a", "b"]), '["a" "b"]'],
    ["a map in insertion order", showMap(ShowKeyword, ShowInt).show(WeftMap.of([[kw("a"), 1], [kw("b"), 2]])), "{:a 1, :b 2}"],
    ["Some of an Int", showOption(ShowInt).show(new Some(3)), "(Some 3)"],
    ["None", showOption(ShowInt).show(None), "None"],
    ["Ok of a Float", showResult(ShowFloat, ShowString).show(new Ok(1)), "(Ok 1.0)"],
    ["Err of a String", showResult(ShowFloat, ShowString).show(new Err("no")), '(Err "no")'],
    ["a keyword", ShowKeyword.show(kw("k")), ":k"],
    ["unit", ShowUnit.show(undefined), "()"],
  ])("%s prints as expected", (_name, got, out) => {
    expect(got).toBe(out);
  });

  test("display prints strings bare and everything else through show", () => {
    expect(display(ShowString, "hi")).toBe("hi");
    expect(display(ShowFloat, 2)).toBe("2.0");
    expect(str(display(ShowString, "a"), display(ShowInt, 1))).toBe("a1");
  });

  test("keywords are interned", () => {
    expect(kw("hp")).toBe(kw("hp"));
  });
});
