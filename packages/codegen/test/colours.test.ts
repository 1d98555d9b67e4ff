import { describe, expect, test } from "vitest";
import { run, testPrograms } from "./run.js";

const SLOW = "(defn slow (x) (sleep 1) (+ x 1))";

/**
 * Functions polymorphic in suspension, compiled in two colours (README, "Two colours"): each
 * program uses the same higher-order function with a function that suspends and with one that
 * does not, and must print the right values (a wrong colour prints a Promise or a wrong sum).
 */
const cases: [string, string, string][] = [
  [
    "a function value called by a polymorphic function: plain with a plain one, awaited with a suspending one",
    `(defn twice (f x) (f (f x)))
     (defn thrice (f x) (twice f (f x)))
     (defn each (xs f) (map xs (fn (x) (f x))))
     (defn main ()
       (println (twice (fn (x) (* x 2)) 1) (twice slow 1) (thrice slow 1))
       (println (each [1 2] slow) (each [1 2] (fn (x) (- x))))
       (println (map [1 2] (fn (x) (twice slow x)))))`,
    "4 3 4\n[2 3] [-1 -2]\n[3 4]\n",
  ],
  [
    "a polymorphic function used as a value",
    `(defn twice (f x) (f (f x)))
     (defn main () (let ((g twice)) (println (g slow 1) (g (fn (x) (* x 3)) 1))))`,
    "3 9\n",
  ],
  [
    "a polymorphic function inside a suspending lambda",
    `(defn twice (f x) (f (f x)))
     (defn main () (println (map [slow] (fn (h) (twice h 0)))))`,
    "[2]\n",
  ],
  [
    "a polymorphic function calling another",
    `(defn app (f x) (f x))
     (defn twice (f x) (app f (app f x)))
     (defn main () (println (twice slow 0) (twice (fn (x) (+ x 5)) 0)))`,
    "2 10\n",
  ],
  [
    "functions kept in a vector and called by reduce's function",
    `(defn run-all (fs) (reduce fs 0 (fn (acc f) (+ acc (f acc)))))
     (defn main () (println (run-all [slow slow]) (run-all [(fn (x) (+ x 1))])))`,
    "3 1\n",
  ],
  [
    "a function that returns a lambda suspending only when its arguments do",
    `(defn compose (f g) (fn (x) (g (f x))))
     (defn main () (println ((compose slow slow) 0) ((compose (fn (x) (+ x 1)) (fn (x) (* x 2))) 1)))`,
    "2 4\n",
  ],
  [
    "a lambda-making function nested in a lambda, and used as a value",
    `(defn k (f) (fn () (fn (x) (f x))))
     (defn compose (f g) (fn (x) (g (f x))))
     (defn main ()
       (println (((k slow)) 1) (((k (fn (x) (* x 7)))) 1))
       (let ((c compose)) (println ((c slow slow) 0))))`,
    "2 7\n2\n",
  ],
  [
    "a function that passes its arguments on to a lambda-making one",
    `(defn compose (f g) (fn (x) (g (f x))))
     (defn twice (f) (compose f f))
     (defn main () (println ((twice slow) 0) ((twice (fn (x) (* x 2))) 1)))`,
    "2 4\n",
  ],
];

describe("functions polymorphic in suspension", () => {
  testPrograms(cases, SLOW);
});

test("colours work across modules, and a module's tasks run from another's", async () => {
  const got = await run(
    {
      "main.weft": `(import "./lib.weft" twice compose fetch-all)
(defn slow (x) (sleep 1) (+ x 1))
(defn main ()
  (println (twice slow 0) (twice (fn (x) (* x 3)) 1) ((compose slow slow) 0))
  (println (fetch-all [1 2 3])))`,
      "lib.weft": `(defn twice (f x) (f (f x)))
(defn compose (f g) (fn (x) (g (f x))))
(defn fetch (n) (sleep 1) (* n 10))
(defn fetch-all (ns)
  (with-tasks
    (let ((ts (map ns (fn (n) (spawn (fetch n))))))
      (map ts (fn (t) (await t))))))`,
    },
    "main.weft",
  );
  expect(got.error).toBeUndefined();
  expect(got.stdout).toBe("2 9 2\n[10 20 30]\n");
});
