import { describe, expect, test } from "vitest";
import {
  kw, WeftMap, Some, None, nth, conj, assoc, range, map, filter, reduce, forEach, count, mutVec, push, setNth, freeze,
  showOption, ShowInt, eqVec, EqInt, eqOption, println, print, setOutput, closure, defonce, mapAsync,
} from "../src/index.js";

class P {
  constructor(readonly x: number, readonly y: number) {}
}

describe("vectors", () => {
  test("the vector operations never change their input", () => {
    const xs = [1, 2, 3];
    expect(conj(xs, 4)).toEqual([1, 2, 3, 4]);
    expect(assoc(xs, 1, 9)).toEqual([1, 9, 3]);
    expect(xs).toEqual([1, 2, 3]);
    expect(map(xs, (x) => x * 2)).toEqual([2, 4, 6]);
    expect(filter(xs, (x) => x % 2 === 0)).toEqual([2]);
    expect(reduce(xs, 0, (a, b) => a + b)).toBe(6);
    expect(range(5)).toEqual([0, 1, 2, 3, 4]);
    expect(range(2, 4)).toEqual([2, 3]);
    expect(count(xs)).toBe(3);
    expect(count("😀a")).toBe(2);
  });

  test("nth out of range raises an Error", () => {
    expect(() => nth([1], 1)).toThrow("index 1 out of range for a collection of 1");
    expect(() => nth([1], -1)).toThrow("out of range");
  });

  test("for-each calls in order and returns unit", () => {
    const seen: number[] = [];
    expect(forEach([1, 2], (x) => seen.push(x))).toBeUndefined();
    expect(seen).toEqual([1, 2]);
  });

  test("a MutVec is pushed, set and frozen into a copy", () => {
    const mv = mutVec<number>();
    push(mv, 1);
    push(mv, 2);
    setNth(mv, 0, 5);
    const v = freeze(mv);
    push(mv, 3);
    expect(v).toEqual([5, 2]);
    expect(() => setNth(mv, 3, 0)).toThrow("out of range");
    expect(freeze(new Float64Array([1.5]))).toEqual([1.5]);
  });

  test("map with a suspending function awaits each call in order", async () => {
    expect(await mapAsync([1, 2], async (x) => x + 1)).toEqual([2, 3]);
  });

  test("equality is structural", () => {
    expect(eqVec(EqInt).eq([1, 2], [1, 2])).toBe(true);
    expect(eqVec(EqInt).eq([1, 2], [1])).toBe(false);
    expect(eqOption(EqInt).eq(new Some(1), new Some(1))).toBe(true);
    expect(eqOption(EqInt).eq(None, new Some(1))).toBe(false);
  });
});

describe("maps", () => {
  test("re-inserting a key keeps its place", () => {
    const m = WeftMap.of([[kw("a"), 1], [kw("b"), 2]]).insert(kw("a"), 3);
    expect(m.keys()).toEqual([kw("a"), kw("b")]);
    expect(m.vals()).toEqual([3, 2]);
  });

  test("get gives an Option", () => {
    const m = WeftMap.of([[kw("b"), 2]]);
    expect(showOption(ShowInt).show(m.get(kw("b")))).toBe("(Some 2)");
    expect(m.get(kw("z"))).toBe(None);
  });

  test("struct keys compare by value", () => {
    const m = WeftMap.of<P, string>([[new P(1, 2), "a"]]).insert(new P(1, 2), "b");
    expect(m.size).toBe(1);
    expect(m.vals()).toEqual(["b"]);
    expect(m.remove(new P(1, 2)).size).toBe(0);
  });
});

describe("printing and closures", () => {
  test("println joins with one space and writes one line at a time", () => {
    const out: string[] = [];
    const prev = setOutput((t) => out.push(t));
    try {
      println("a", "1", "2.0");
      print("x", "y");
      println();
    } finally {
      setOutput(prev);
    }
    expect(out).toEqual(["a 1 2.0\n", "x y", "\n"]);
  });

  test("a closure carries its lambda id and environment", () => {
    const f = closure((x: number) => x + 1, 3, [1]);
    expect(f.$id).toBe(3);
    expect(f.$env).toEqual([1]);
    expect(f(1)).toBe(2);
  });

  test("defonce keeps its first value", () => {
    expect(defonce("k", () => 1)).toBe(1);
    expect(defonce("k", () => 2)).toBe(1);
  });
});
