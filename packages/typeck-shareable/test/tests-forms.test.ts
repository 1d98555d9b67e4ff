import { describe, expect, test } from "vitest";
import { checkSource } from "./helpers.js";

describe("deftest, assert and assert=", () => {
  test("each deftest becomes a function of the module, listed in source order", () => {
    const { program, errors } = checkSource(`(defn twice (x) (* 2 x))
(deftest "twice doubles" (assert= 4 (twice 2)))
(deftest "twice of zero" (assert (= 0 (twice 0))))`);
    expect(errors).toEqual([]);
    const module = program!.modules[0]!;
    expect(module.tests?.map((t) => [t.name, t.fn])).toEqual([
      ["twice doubles", 'deftest "twice doubles"'],
      ["twice of zero", 'deftest "twice of zero"'],
    ]);
    expect(module.values.map((v) => v.name)).toEqual(["twice", 'deftest "twice doubles"', 'deftest "twice of zero"']);
  });

  test("a module without deftest has no tests", () => {
    expect(checkSource(`(defn main () 1)`).program!.modules[0]!.tests).toBeUndefined();
  });

  test.each([
    ["a deftest without a string name is E0107", `(deftest loads (assert true))`, ["E0107 1"]],
    ["two tests with one name are E0106", `(deftest "a" ())\n(deftest "a" ())`, ["E0106 2"]],
    ["assert needs a Bool", `(deftest "a" (assert 1))`, ["E0101 1"]],
    ["assert takes one condition", `(deftest "a" (assert true false))`, ["E0107 1"]],
    ["assert= takes two values", `(deftest "a" (assert= 1))`, ["E0107 1"]],
    ["assert= compares values of one type", `(deftest "a" (assert= 1 "one"))`, ["E0101 1"]],
    ["assert= needs values it can compare and show", `(deftest "a" (assert= (fn () 1) (fn () 1)))`, ["E0108 1", "E0108 1"]],
  ])("%s", (_, src, expected) => {
    expect(checkSource(src).errors).toEqual(expected);
  });

  test("a mismatch in assert= suggests a fix spelled with what the user wrote, never the checker's own names", () => {
    const [d] = checkSource(`(deftest "a" (assert= 1 "one"))`).diagnostics;
    expect([d?.code, d?.help]).toEqual(["E0101", "parse it: (parse-int …) gives an (Option Int), None when the text is not a number"]);
  });

  test("a user's own assert function wins over the form", () => {
    const { errors } = checkSource(`(defn assert (x y) (+ x y))\n(deftest "a" (assert 1 2))`);
    expect(errors).toEqual([]);
  });
});
