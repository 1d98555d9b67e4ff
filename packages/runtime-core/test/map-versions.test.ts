import { describe, expect, test } from "vitest";
import { WeftMap } from "../src/index.js";

// Every version of a map stays what it was, whichever version is read or grown after it, with
// its keys in insertion order: checked against a model that copies a JavaScript Map each time.
describe("map versions share one table", () => {
  test("a thousand random inserts, removes and reads on random old versions match the copying model", () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const versions: WeftMap<number, string>[] = [WeftMap.of<number, string>()];
    const models: Map<number, string>[] = [new Map()];
    for (let step = 0; step < 1000; step++) {
      const i = next(versions.length);
      const key = next(20);
      const op = next(10);
      if (op < 6) {
        versions.push(versions[i]!.insert(key, `v${step}`));
        models.push(new Map(models[i]!).set(key, `v${step}`));
      } else if (op < 8) {
        versions.push(versions[i]!.remove(key));
        const m = new Map(models[i]!);
        m.delete(key);
        models.push(m);
      } else {
        const j = next(versions.length);
        expect([...versions[j]!.entries()]).toEqual([...models[j]!.entries()]);
      }
    }
    versions.forEach((v, j) => expect([v.keys(), v.vals()]).toEqual([[...models[j]!.keys()], [...models[j]!.values()]]));
  });

  test("iterating one version's entries is not disturbed by inserting into another that shares its table", () => {
    const base = WeftMap.of([[1, "a"], [2, "b"]]);
    const grown = base.insert(3, "c");
    const seen: number[] = [];
    let acc = base;
    for (const [k] of grown.entries()) {
      seen.push(k);
      acc = acc.insert(k * 10, "x");
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(acc.keys()).toEqual([1, 2, 10, 20, 30]);
    expect(grown.keys()).toEqual([1, 2, 3]);
    expect(base.keys()).toEqual([1, 2]);
  });

  test("an older version read after newer ones keeps its value for a key they replaced, and its place", () => {
    const m0 = WeftMap.of([["x", 1], ["y", 2]]);
    const m1 = m0.insert("z", 3);
    const m2 = m1.insert("x", 10);
    expect([m0.keys(), m0.vals()]).toEqual([["x", "y"], [1, 2]]);
    expect([m2.keys(), m2.vals()]).toEqual([["x", "y", "z"], [10, 2, 3]]);
    expect([m1.keys(), m1.vals()]).toEqual([["x", "y", "z"], [1, 2, 3]]);
  });
});
