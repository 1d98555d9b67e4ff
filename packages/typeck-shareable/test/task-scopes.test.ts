import { describe, expect, test } from "vitest";
import { checkSource, runEach, weftBuilt, type TableRow } from "./helpers.js";

/**
 * E0310 (LANGUAGE.md §5): a `spawn` belongs to the `with-tasks` it is written in, on its own
 * thread. Each path a spawning body can take — in place, a helper, a higher-order builtin's
 * callback, a class method's instance (over a concrete type and over a type parameter), a
 * closure kept in a generic struct field, a let-bound (polymorphic) function, a function held by
 * a top-level `def`, mutual recursion, a `spawn-thread` body, a `par-map` function — is rejected
 * at the `spawn` when no `with-tasks` encloses it there (a `with-tasks` around the *call* does
 * not count: the scope is lexical), and accepted, and run, when one does. `expected` is
 * `CODE line` per diagnostic; an accepted row prints `stdout` under `weft run`.
 */
const CLASS = "(defclass (Go a) (go (Fn (a) Int :suspends)))";
const BOX = "(defstruct (Box a) (val a))";

const rows: TableRow[] = [
  { name: "in place, outside with-tasks", src: `(defn main ()\n  (println (await (spawn 1))))`, expected: ["E0310 2"] },
  { name: "in place, inside with-tasks", src: `(defn main ()\n  (println (with-tasks (await (spawn 1)))))`, expected: [], stdout: "1" },
  { name: "a helper without its own scope, called inside with-tasks", src: `(defn go ()\n  (await (spawn 1)))\n(defn main () (println (with-tasks (go))))`, expected: ["E0310 2"] },
  { name: "a helper with its own scope", src: `(defn go ()\n  (with-tasks (await (spawn 1))))\n(defn main () (println (go)))`, expected: [], stdout: "1" },
  { name: "a callback of map, outside with-tasks", src: `(defn main ()\n  (println (map [1] (fn (x) (await (spawn x))))))`, expected: ["E0310 2"] },
  { name: "a callback of map written inside with-tasks", src: `(defn main ()\n  (println (with-tasks (reduce (map [1 2] (fn (x) (await (spawn x)))) 0 +))))`, expected: [], stdout: "3" },
  { name: "a method of an instance over Int without a scope", src: `${CLASS}\n(instance (Go Int) (defn go (x) (await (spawn x))))\n(defn main () (println (with-tasks (go 1))))`, expected: ["E0310 2"] },
  { name: "a method of an instance over Int with its own scope", src: `${CLASS}\n(instance (Go Int) (defn go (x) (with-tasks (await (spawn x)))))\n(defn main () (println (go 4)))`, expected: [], stdout: "4" },
  { name: "a method of an instance over a type parameter without a scope", src: `${CLASS}\n(instance (Go (Vec a)) (defn go (x) (await (spawn 1))))\n(defn main () (println (with-tasks (go [1]))))`, expected: ["E0310 2"] },
  { name: "a method of an instance over a type parameter with its own scope", src: `${CLASS}\n(instance (Go (Vec a)) (defn go (x) (with-tasks (await (spawn 2)))))\n(defn main () (println (go [1])))`, expected: [], stdout: "2" },
  { name: "a closure in a generic struct field, written outside with-tasks", src: `${BOX}\n(defn main ()\n  (println ((.val (Box (fn () (await (spawn 1))))))))`, expected: ["E0310 3"] },
  { name: "a closure in a generic struct field, written inside with-tasks", src: `${BOX}\n(defn main ()\n  (println (with-tasks ((.val (Box (fn () (await (spawn 5)))))))))`, expected: [], stdout: "5" },
  { name: "a let-bound function, outside with-tasks", src: `(defn main ()\n  (let ((f (fn (x) (await (spawn x))))) (println (f 1))))`, expected: ["E0310 2"] },
  { name: "a let-bound function used twice, inside with-tasks", src: `(defn main ()\n  (println (with-tasks (let ((f (fn (x) (await (spawn x))))) (+ (f 1) (f 2))))))`, expected: [], stdout: "3" },
  { name: "a function held by a def, without a scope", src: `(def go (fn () (await (spawn 1))))\n(defn main () (println (with-tasks (go))))`, expected: ["E0310 1"] },
  { name: "a function held by a def, with its own scope", src: `(def go (fn () (with-tasks (await (spawn 6)))))\n(defn main () (println (go)))`, expected: [], stdout: "6" },
  { name: "mutually recursive functions without a scope", src: `(defn a1 (n) (if (> n 0) (b1 (- n 1)) (await (spawn n))))\n(defn b1 (n) (a1 n))\n(defn main () (println (with-tasks (a1 2))))`, expected: ["E0310 1"] },
  { name: "mutually recursive functions with their own scope", src: `(defn a1 (n) (if (> n 0) (b1 (- n 1)) (with-tasks (await (spawn (+ n 7))))))\n(defn b1 (n) (a1 n))\n(defn main () (println (a1 2)))`, expected: [], stdout: "7" },
  { name: "directly in a spawn-thread body", src: `(defn main ()\n  (println (with-tasks (await (spawn-thread (await (spawn 1)))))))`, expected: ["E0310 2"] },
  { name: "a helper called by a spawn-thread body", src: `(defn go () (await (spawn 1)))\n(defn main ()\n  (println (with-tasks (await (spawn-thread (go))))))`, expected: ["E0310 1"] },
  { name: "in a spawn-thread body with its own scope", src: `(defn main ()\n  (println (with-tasks (await (spawn-thread (with-tasks (await (spawn 8))))))))`, expected: [], stdout: "8" },
  { name: "in a par-map function", src: `(defn main ()\n  (println (par-map [1 2] (fn (i) (do (spawn i) i)))))`, expected: ["E0310 2"] },
];

describe("task scopes (E0310) through every path", () => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    expect(checkSource(r.src).errors).toEqual(r.expected);
  });

  test.skipIf(!weftBuilt())("every accepted row runs under `weft run` and prints what the table says", () => {
    const accepted = rows.filter((r) => r.expected.length === 0);
    expect(runEach(accepted)).toEqual(accepted.map((r) => `${r.name}: 0 ${r.stdout}`));
  }, 120_000);
});
