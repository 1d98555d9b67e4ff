import { describe, expect, test } from "vitest";
import { read } from "@weft/reader";
import { check } from "@weft/typeck-shareable";
import { generate } from "../src/index.js";

/** The generated JS of a one-module program (default runtime specifier), compared with a stored snapshot. */
function expectJs(src: string) {
  const { forms } = read("main.weft", src);
  const { program } = check({ entry: "main.weft", files: new Map([["main.weft", forms]]) });
  const { modules, diagnostics } = generate(program!, { sources: new Map([["main.weft", src]]) });
  expect(diagnostics).toEqual([]);
  return expect(modules[0]!.js);
}

describe("generated JavaScript reads like hand-written code", () => {
  test("structs, with and Float arithmetic", () => {
    expectJs(`(defstruct Vec2 (x Float) (y Float))
(defn vec+ (a b) (Vec2 (+ (.x a) (.x b)) (+ (.y a) (.y b))))
(defn main () (println (with (vec+ (Vec2 1.0 2.0) (Vec2 0.5 0.5)) :y 0.0)))`).toMatchSnapshot();
  });

  test("a generic enum, match as a switch and a loop", () => {
    expectJs(`(defenum (Tree a) Leaf (Node (Tree a) a (Tree a)))
(defn size (t) (match t (Leaf 0) ((Node l _ r) (+ 1 (size l) (size r)))))
(defn sum-to (n) (loop ((i 0) (acc 0)) (if (> i n) acc (recur (+ i 1) (+ acc i)))))
(defn main () (println (size (Node Leaf 1 Leaf)) (sum-to 10)))`).toMatchSnapshot();
  });

  test("closures over a mut binding, try and a let in argument position", () => {
    expectJs(`(defn main ()
  (let ((mut n 0) (bump (fn () (set! n (+ n 1)))))
    (bump)
    (println n (try (/ 1 n) (catch e 0)) (let ((k (* n 2))) (+ k 1)))))`).toMatchSnapshot();
  });

  test("tasks and channels: with-tasks, spawn, await, select in a loop, for-msg", () => {
    expectJs(`(defn worker (jobs out)
  (for-msg (j jobs) (send out (* j 2)))
  (close! out))
(defn main ()
  (let ((jobs (channel Int 4)) (out (channel Int :unbounded)))
    (with-tasks
      (let ((t (spawn (worker jobs out))))
        (for-each (range 3) (fn (i) (send jobs i)))
        (close! jobs)
        (await t)))
    (loop ((acc 0))
      (select
        ((recv out) (m) (match m ((Some v) (recur (+ acc v))) (None (println acc))))
        ((after 1000) () (println "stuck"))))))`).toMatchSnapshot();
  });
});
