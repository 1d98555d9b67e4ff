import { describe, expect, test } from "vitest";
import { runInNode, runtimesBuilt, testPrograms } from "./run.js";

// LANGUAGE.md §6: top-level values are evaluated once, on the main thread, before `main`; a
// worker thread sees the same values, never a copy of its own. WEFT_PAR_INLINE=0 sends every
// par-map element to the pool, so the workers really load the program's modules.
const POOL = { WEFT_PAR_INLINE: "0" };

describe.skipIf(!runtimesBuilt())("top-level values on worker threads (built runtimes)", () => {
  test("a def's initialiser runs once, on the main thread, in a program that uses par-map and spawn-thread", () => {
    const got = runInNode(
      {
        "main.weft": `(import "./config.weft" limit)
(def greeting (do (println "evaluating greeting on thread" (thread-id)) "hi"))
(defonce seed (do (println "evaluating seed") (random-int 1000000000)))
(defn main ()
  (println (par-map [1 2 3] (fn (i) (+ i limit (count greeting)))))
  (par-for-each [1 2] (fn (i) (println greeting)))
  (println (= (par-map [1 2 3 4] (fn (i) seed)) [seed seed seed seed]))
  (with-tasks (spawn-thread (println greeting limit (> (thread-id) 0)))))`,
        "config.weft": `(def limit (do (println "evaluating limit") 10))`,
      },
      "main.weft",
      POOL,
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe(
      "evaluating limit\nevaluating greeting on thread 0\nevaluating seed\n[13 14 15]\nhi\nhi\ntrue\nhi 10 true\n",
    );
  });

  test("an atom and a channel in defs are the same cell and ring on every worker: what workers swap and send, main sees", () => {
    const got = runInNode(
      {
        "main.weft": `(def hits (atom 0))
(def results (channel Int :unbounded))
(def orders (channel Int :unbounded))
(defn main ()
  (par-for-each (range 20) (fn (i) (swap! hits (fn (h) (+ h 1)))))
  (send orders 5)
  (close! orders)
  (with-tasks
    (spawn-thread (do (swap! hits (fn (h) (+ h 100)))
                      (for-msg (m orders) (send results (* m 2))))))
  (println @hits (try-recv results) (try-recv results)))`,
      },
      "main.weft",
      POOL,
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("120 (Some 10) None\n");
  });

  test("a def whose initialiser uses par-map or spawn-thread runs once, and defs after it reach the workers that started early", () => {
    const got = runInNode(
      {
        "main.weft": `(defstruct P (x Int) (y Int))
(def origin (do (println "origin") (P 1 2)))
(def calls (atom 0))
(def base (par-map (range 8) (fn (x) (do (swap! calls (fn (c) (+ c 1))) (* x (.y origin))))))
(def from-thread (with-tasks (await (spawn-thread (do (println "thread in def") (+ (.x origin) 40))))))
(def twice (fn (x) (* 2 x)))
(defn main ()
  (println base)
  (println (par-map [0 1 2] (fn (i) (+ (nth base i) (twice from-thread)))))
  (println @calls))`,
      },
      "main.weft",
      POOL,
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("origin\nthread in def\n[0 2 4 6 8 10 12 14]\n[82 84 86]\n8\n");
  });

  test("a thread started by a worker sees the main thread's top-level values too", () => {
    const got = runInNode(
      {
        "main.weft": `(def hits (atom 0))
(def label (do (println "label") "n"))
(defn main ()
  (with-tasks
    (spawn-thread (do (par-for-each (range 6) (fn (i) (swap! hits (fn (h) (+ h 1)))))
                      (with-tasks (spawn-thread (println label @hits)) 0))))
  (println label @hits))`,
      },
      "main.weft",
      POOL,
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("label\nn 6\nn 6\n");
  });

  test("a def that is not Shareable stays on the main thread and works there while workers run; a polymorphic def reaches them", () => {
    const got = runInNode(
      {
        "main.weft": `(def log (do (println "log, once") (mut-vec)))
(def nothing None)
(def empty [])
(defn main ()
  (push! log 1)
  (println (par-map [1 2] (fn (i) (match nothing ((Some x) x) (None (+ i (count empty)))))))
  (push! log 2)
  (println (count log)))`,
      },
      "main.weft",
      POOL,
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("log, once\n[1 2]\n2\n");
  });
});

describe("the order defs are evaluated in", () =>
  testPrograms([
    ["a def may use one written after it: each waits for the defs it uses", `(def a (+ b 1))
(def b 2)
(defn main () (println a b))`, "3 2\n"],
    ["a def waits for the defs the functions it calls use, and the others keep their order", `(def said (atom []))
(defn say (what v) (swap! said (fn (l) (conj l what))) v)
(def total (+ base (bonus)))
(def first-one (say "first" 0))
(defn bonus () (* 2 extra))
(def base (say "base" 10))
(def extra (say "extra" 5))
(defn main () (println total @said))`, '20 ["first" "base" "extra"]\n'],
    ["a def holding a function that uses a later def waits for it too", `(def get-later (fn () later))
(def via (get-later))
(def later 7)
(defn main () (println via))`, "7\n"],
  ]));
