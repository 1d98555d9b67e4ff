import { describe, expect, test } from "vitest";
import { compile, testPrograms } from "./run.js";

// `(reduce xs init (fn (acc x) ... (await t) ...))` and the like are written as a loop in the
// enclosing function (no lambda, no `reduceAsync`): each case checks that the loop keeps what
// the lambda meant — order of evaluation and of effects, the parameters' scope, closures made in
// the body, errors and `try`.
describe("a suspending lambda written at a reduce, map or for-each", () => {
  testPrograms([
    [
      "reduce joins tasks that have finished and tasks still sleeping, in order",
      `(defn main ()
         (println
           (with-tasks
             (let ((ts (map (range 6) (fn (i) (spawn (do (if (= (mod i 2) 1) (sleep 2) ()) (* i 10)))))))
               (reduce ts 0 (fn (acc t) (+ acc (await t))))))))`,
      "150\n",
    ],
    [
      "map runs the function once per element, one after another, and keeps the order",
      `(defn main ()
         (println (map [3 1 2] (fn (x) (sleep x) (println "at" x) (* x 2)))))`,
      "at 3\nat 1\nat 2\n[6 2 4]\n",
    ],
    [
      "for-each gives unit and runs its effects in order",
      `(defn main ()
         (let ((log (atom [])))
           (println (for-each (range 3) (fn (i) (yield) (swap! log conj i))))
           (println @log)))`,
      "()\n[0 1 2]\n",
    ],
    [
      "a closure made in the body keeps its own element",
      `(defn main ()
         (let ((fs (map (range 3) (fn (i) (yield) (fn () (* i 100))))))
           (println (map fs (fn (f) (f))))))`,
      "[0 100 200]\n",
    ],
    [
      "a parameter named like an outer local shadows it only inside the function",
      `(defn main ()
         (let ((x 7) (acc 1000))
           (println (reduce [1 2 3] 0 (fn (acc x) (yield) (+ acc x))) x acc)))`,
      "6 7 1000\n",
    ],
    [
      "a body that needs statements (let, match, loop) delivers its value to the accumulator",
      `(defn main ()
         (println
           (reduce [(Some 2) None (Some 5)] 0
             (fn (acc o)
               (yield)
               (let ((n (match o ((Some v) v) (None 0))))
                 (loop ((k n) (s acc)) (if (= k 0) s (recur (- k 1) (+ s 1)))))))))`,
      "7\n",
    ],
    [
      "operands evaluated before the loop are not evaluated again, and come first",
      `(defn note (s x) (println s) x)
       (defn main ()
         (println (+ (note "left" 1) (reduce (note "xs" [10 20]) (note "init" 0) (fn (acc x) (yield) (+ acc x))))))`,
      "left\nxs\ninit\n31\n",
    ],
    [
      "in an if branch, only the branch taken runs its loop",
      `(defn total (on xs) (if on (reduce xs 0 (fn (acc x) (yield) (+ acc x))) -1))
       (defn main () (println (total true [1 2]) (total false [1 2])))`,
      "3 -1\n",
    ],
    [
      "an error in the body stops the loop and a try around it catches it",
      `(defn main ()
         (println
           (try
             (do (for-each [1 2 3] (fn (i) (yield) (if (= i 2) (fail "two") (println "did" i)))) "finished")
             (catch e (str "caught " (error-message e))))))`,
      "did 1\ncaught two\n",
    ],
    [
      "a try inside the body catches per element and the loop goes on",
      `(defn main ()
         (println
           (map [1 0 4] (fn (d) (yield) (try (/ 8 d) (catch e -1))))))`,
      "[8 -1 2]\n",
    ],
  ]);

  test("is compiled without a lambda or reduceAsync, awaiting only a task that has not finished", () => {
    const { modules } = compile({
      "main.weft": `(defn total (n)
  (with-tasks
    (let ((ts (map (range n) (fn (i) (spawn (* i 2))))))
      (reduce ts 0 (fn (acc t) (+ acc (await t)))))))
(defn main () (println (total 3)))`,
    });
    const js = modules[0]!.js;
    expect(js).not.toContain("reduceAsync");
    expect(js).toContain(
      [
        "    let $t0 = 0;",
        "    for (let $t1 = 0; $t1 < ts.length; $t1++) {",
        "      const acc = $t0;",
        "      const t = ts[$t1];",
        "      $t0 = ((acc + (($c = $tasks.awaitTask(t)) instanceof Promise ? $tasks.resume($task, await $tasks.parkedAt($c, \"main.weft:4:39\")) : $c)) | 0);",
        "    }",
        "    return $t0;",
      ].join("\n"),
    );
  });
});
