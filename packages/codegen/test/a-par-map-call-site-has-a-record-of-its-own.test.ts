import { describe, expect, test } from "vitest";
import { compile, testPrograms } from "./run.js";

// Each `par-map` / `par-for-each` call site gets a module-level record (`$pm<i>`, runtime-tasks'
// `ParSite`): where its function is fixed there, the record keeps that function's measured cost;
// a par-map that goes to the pool leaves its promise there and answers `undefined`, so the
// results of a tiny one are neither tested for being a promise nor kept in a scratch variable.
const prelude = `(defn double (i) (* i 2))
(defn twice (f x) (f (f x)))`;

describe("a par-map call site", () => {
  testPrograms(
    [
      [
        "a lambda, a top-level function and a function value give the same results as map",
        `(defn apply-all (f xs) (par-map xs f))
         (defn main ()
           (println (par-map [1 2 3] (fn (x) (+ x 1))) (par-map [1 2 3] double) (apply-all (fn (x) (twice double x)) [1 2 3]))
           (par-for-each [1 2] (fn (x) (println x))))`,
        "[2 3 4] [2 4 6] [4 8 12]\n1\n2\n",
      ],
      [
        "the same site called again and again, in a loop and from a def",
        `(def table (par-map (range 4) double))
         (defn sum (n) (loop ((i 0) (acc 0)) (if (= i n) acc (recur (+ i 1) (+ acc (count (par-map table (fn (x) (* x x)))))))))
         (defn main () (println table (sum 1000)))`,
        "[0 2 4 6] 4000\n",
      ],
    ],
    prelude,
  );

  test("is declared before the module's defs, fixed only where its function is the same at every call", () => {
    const { modules } = compile({
      "main.weft": `${prelude}
(def table (par-map (range 4) double))
(defn apply-all (f xs) (par-map xs f))
(defn main () (println (par-map table (fn (x) (+ x 1))) (apply-all double table)) (par-for-each table double))`,
    });
    const js = modules[0]!.js;
    const fixed = new Map([...js.matchAll(/const (\$pm\d+) = \$tasks\.parSite\((true|false)\);/g)].map((m) => [m[1], m[2] === "true"]));
    const siteOf = (call: RegExp): boolean | undefined => fixed.get(js.match(call)?.[1] ?? "");
    expect(siteOf(/parMapAt\(xs, f, (\$pm\d+)\)/)).toBe(false);
    expect(siteOf(/parMapAt\(table, \$lambda\d+\(\[\]\), (\$pm\d+)\)/)).toBe(true);
    expect(siteOf(/parMapAt\(\$rt\.range\(4\), \$fn\.double, (\$pm\d+)\)/)).toBe(true);
    expect(siteOf(/parForEach\(table, \$fn\.double, (\$pm\d+)\)/)).toBe(true);
    expect(js.indexOf("$tasks.parSite(")).toBeLessThan(js.indexOf("table ="));
    expect(js).toMatch(/\(\$tasks\.parMapAt\(xs, f, (\$pm\d+)\) \?\? \$tasks\.resume\(\$task, await \$tasks\.pendingOf\(\1\)\)\)/);
    expect(js).not.toMatch(/parMapAt\([^)]*\)\) instanceof Promise/);
  });
});
