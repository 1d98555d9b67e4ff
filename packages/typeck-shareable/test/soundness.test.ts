import { describe, expect, test } from "vitest";
import { checkSource } from "./helpers.js";

/**
 * Issue 8's holes, each closed by a mechanism rather than a case: [sentence, program, expected
 * `CODE line`s]. Stores into a MutVec made outside a `with-arena` (E0330), the same through
 * helpers summarised over the call graph, top-level functions that use non-Shareable `def`s
 * (E0301 naming the def), `:suspends` annotations (E0322), and `par-map` nested in a `par-map`
 * function (accepted).
 */
const table: [string, string, string[]][] = [
  ["push! of an arena value into a MutVec made outside the arena is E0330", `(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (push! kept (arena-vec frame 8 0.0)))
    (count kept)))`, ["E0330 4"]],
  ["set-nth! of an arena value into a MutVec made outside the arena is E0330", `(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (set-nth! kept 0 (arena-vec frame 8 0)))
    (count kept)))`, ["E0330 4"]],
  ["push! of an arena value into a MutVec made inside the arena is accepted", `(defn main ()
  (with-arena (frame)
    (let ((tmp (mut-vec)))
      (push! tmp (arena-vec frame 2 0))
      (count tmp))))`, []],
  ["a MutVec made inside the arena that received an arena value cannot be returned from it", `(defn main ()
  (let ((out (with-arena (frame)
               (let ((tmp (mut-vec)))
                 (push! tmp (arena-vec frame 2 0))
                 tmp))))
    (count out)))`, ["E0330 5"]],
  ["an alias of an outer MutVec made inside the arena does not hide it", `(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (let ((alias kept))
        (push! alias (arena-vec frame 2 0))))
    (count kept)))`, ["E0330 5"]],
  ["push! into a top-level MutVec is E0330", `(def kept (mut-vec))
(defn main ()
  (with-arena (frame)
    (push! kept (arena-vec frame 2 0)))
  (count kept))`, ["E0330 4"]],
  ["a helper that pushes its argument into another lets the arena value escape (E0330 at the call)", `(defn keep (xs v) (push! xs v))
(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (keep kept (arena-vec frame 2 0)))
    (count kept)))`, ["E0330 5"]],
  ["the summary goes through a chain of helpers", `(defn keep (xs v) (push! xs v))
(defn keep2 (v xs) (keep xs v))
(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (keep2 (arena-vec frame 2 0) kept))
    (count kept)))`, ["E0330 6"]],
  ["mutually recursive helpers are summarised to a fixpoint", `(defn ping (n xs v) (if (= n 0) (push! xs v) (pong (- n 1) xs v)))
(defn pong (n xs v) (ping n xs v))
(defn main ()
  (let ((kept (mut-vec)))
    (with-arena (frame)
      (pong 3 kept (arena-vec frame 2 0)))
    (count kept)))`, ["E0330 6"]],
  ["a helper storing into a MutVec made inside the arena is accepted", `(defn keep (xs v) (push! xs v))
(defn main ()
  (with-arena (frame)
    (let ((tmp (mut-vec)))
      (keep tmp (arena-vec frame 2 0))
      (count tmp))))`, []],
  ["a helper that only reads its argument lets nothing escape", `(defn total (v) (count v))
(defn main ()
  (with-arena (frame)
    (total (arena-vec frame 2 0))))`, []],
  ["a helper that puts its argument in an atom lets a spawning closure escape (E0311)", `(defn keep (a f) (reset! a f) ())
(defn main ()
  (let ((slot (atom (fn () 0))))
    (with-tasks
      (keep slot (fn () (spawn 1) 0)))
    ((deref slot))))`, ["E0311 5"]],
  ["a helper that sends its argument lets an arena value escape", `(defn post (ch v) (send ch v))
(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (with-arena (frame)
      (post ch (arena-vec frame 2 0)))))`, ["E0330 5"]],
  ["a top-level function pushing into a top-level MutVec is not Shareable: E0301 naming the def", `(def scores (mut-vec))
(defn record (x) (push! scores x))
(defn main ()
  (par-for-each [1 2 3] record))`, ["E0301 4"]],
  ["a function using it through another function is not Shareable either", `(def scores (mut-vec))
(defn record (x) (push! scores x))
(defn note (x) (record (* x 2)))
(defn main ()
  (par-for-each [1 2 3] note))`, ["E0301 5"]],
  ["a lambda calling such a function cannot cross either", `(def scores (mut-vec))
(defn record (x) (push! scores x))
(defn main ()
  (par-for-each [1 2 3] (fn (x) (record x))))`, ["E0301 4"]],
  ["a lambda bound by let that uses a MutVec def is not Shareable", `(def scores (mut-vec))
(defn main ()
  (let ((f (fn (x) (push! scores x))))
    (par-for-each [1 2 3] f)))`, ["E0301 4"]],
  ["a spawn-thread body calling such a function is E0301", `(def scores (mut-vec))
(defn record (x) (push! scores x))
(defn main ()
  (with-tasks (spawn-thread (record 1))))`, ["E0301 4"]],
  ["a top-level function using only an atom def is Shareable", `(def hits (atom 0))
(defn hit (x) (swap! hits + x) ())
(defn main ()
  (par-for-each [1 2 3] hit))`, []],
  ["calling a function that uses a MutVec def on the main thread is fine", `(def scores (mut-vec))
(defn record (x) (push! scores x))
(defn main ()
  (record 1)
  (count scores))`, []],
  ["a struct field declared (Fn …) refuses a suspending function: E0322 where it is given", `(defstruct Handler (on-hit (Fn (Int) Unit)))
(defn main ()
  (let ((ch (channel Int 4)))
    (Handler (fn (dmg) (send ch dmg)))
    ()))`, ["E0322 4"]],
  ["a struct field declared (Fn … :suspends) holds a suspending function", `(defstruct Handler (on-hit (Fn (Int) Unit :suspends)))
(defn main ()
  (let ((ch (channel Int 4))
        (h (Handler (fn (dmg) (send ch dmg)))))
    ((.on-hit h) 7)
    (recv ch)))`, []],
  ["a keyword other than :suspends in a function type is malformed", `(defstruct Handler (on-hit (Fn (Int) Unit :async)))
(defn main () ())`, ["E0107 1"]],
  ["par-map nested in a par-map function is accepted: it runs on that worker", `(defn main ()
  (par-map [[1 2] [3 4]] (fn (row) (par-map row (fn (x) (* x 10))))))`, []],
  ["par-for-each nested in a par-map function is accepted", `(defn main ()
  (par-map [[1 2] [3 4]] (fn (row) (par-for-each row (fn (x) x)) (count row))))`, []],
  ["a par-map function that sleeps is still E0320", `(defn main ()
  (par-map [1 2] (fn (x) (par-map [x] (fn (y) y)) (sleep 1) x)))`, ["E0320 2"]],
  ["a par-map in a named function given to par-map still suspends it (E0320)", `(defn row (r) (par-map r (fn (x) (* x 10))))
(defn main ()
  (par-map [[1 2]] row))`, ["E0320 3"]],
  ["a top-level MutVec used in an instance method takes its element type from the method", `(def log (mut-vec))
(defclass (Note a) (note (Fn (a) ())))
(defstruct P (x Int))
(instance (Note P) (defn note (p) (push! log (.x p))))
(defn main () (note (P 3)) (println (count log)))`, []],
  ["a let-bound function that sends is generalised: used on two element types", `(defn main ()
  (let ((put (fn (ch v) (send ch v)))
        (a (channel Int 1))
        (b (channel String 1)))
    (put a 1)
    (put b "x")
    (println (recv a) (recv b))))`, []],
  ["a let-bound function that sends checks each use: a MutVec sent through it is E0302 at the use", `(defn main ()
  (let ((put (fn (ch v) (send ch v)))
        (a (channel Int 1))
        (b (channel (MutVec Int) 1)))
    (put a 1)
    (put b (mut-vec))))`, ["E0302 6"]],
  ["spawn directly inside a spawn-thread body is E0310: the scope is on another thread", `(defn main ()
  (with-tasks
    (await (spawn-thread (do (spawn 1) 2)))))`, ["E0310 3"]],
  ["spawn inside a spawn-thread body with its own with-tasks is accepted", `(defn main ()
  (with-tasks
    (await (spawn-thread (with-tasks (await (spawn 1)))))))`, []],
  ["spawn inside a par-map function without its own with-tasks is E0310", `(defn main ()
  (with-tasks
    (par-map [1 2] (fn (x) (spawn x) x))))`, ["E0310 3"]],
  ["a closure that spawns, returned as a task's value, is E0311", `(defn main ()
  (with-tasks
    (let ((t (spawn (fn () (spawn 1) 0))))
      ((await t)))))`, ["E0311 3"]],
  ["a task may return a closure that does not spawn", `(defn main ()
  (with-tasks
    (let ((t (spawn (fn () 1))))
      ((await t)))))`, []],
  ["W0321 follows calls: a swap! function that calls a printing function", `(defn say (x) (println x) x)
(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (+ (say x) 1)))))`, ["W0321 4"]],
  ["W0321 for a named printing function given to swap!", `(defn say (x) (println x) x)
(defn loud (x) (say x))
(defn main ()
  (let ((a (atom 0)))
    (swap! a loud)))`, ["W0321 5"]],
  ["W0321 follows a call of a function whose sig puts it in no definition group, defined later", `(defn bump (x) (say x))
(sig say (Fn (Int) Int))
(defn say (x) (println x) x)
(defn main ()
  (let ((a (atom 0)))
    (swap! a bump)))`, ["W0321 6"]],
  ["a swap! function calling a quiet helper gets no W0321", `(defn add1 (x) (+ x 1))
(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (add1 x)))))`, []],
  ["an instance for a struct of a function type does not hide a suspending function (E0322)", `(defclass (Fire a) (fire (Fn (a) Int)))
(defstruct (Cb f) (f f))
(instance (Fire (Cb (Fn () Int))) (defn fire (c) ((.f c))))
(defn main ()
  (let ((ch (channel Int 1)))
    (fire (Cb (fn () (send ch 1) 1)))))`, ["E0322 6"]],
  ["the same instance takes a function that does not suspend", `(defclass (Fire a) (fire (Fn (a) Int)))
(defstruct (Cb f) (f f))
(instance (Fire (Cb (Fn () Int))) (defn fire (c) ((.f c))))
(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (fire (Cb (fn () (+ x 1))))))))`, []],
];

describe("soundness: escapes and Shareable through every path", () => {
  test.each(table)("%s", (_name, src, expected) => {
    const r = checkSource(src);
    expect(r.readErrors).toEqual([]);
    expect(r.errors, r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")).toEqual(expected);
  });
});

describe("escape summaries across modules: a generic function keeps its method calls for the importer's instance", () => {
  const lib = `(defclass (Cross c) (cross (Fn ((MutVec c) c) Int)))
(defn reach (o v) (cross o v))`;
  const main = (body: string): string => `(import "./lib.weft" Cross cross reach)
(instance (Cross (MutVec Int)) (defn cross (o v) ${body}))
(defn main ()
  (let ((o (mut-vec)))
    (with-arena (fr)
      (reach o (arena-vec fr 2 0)))))`;
  test("an importer's instance that keeps the arena value makes the call E0330", () => {
    const r = checkSource({ "main.weft": main("(do (push! o v) 1)"), "lib.weft": lib });
    expect(r.errors).toEqual(["E0330 6"]);
  });
  test("an importer's instance that only reads it is accepted", () => {
    const r = checkSource({ "main.weft": main("(count v)"), "lib.weft": lib });
    expect(r.errors).toEqual([]);
  });
});

describe("side effects across modules: W0321 follows a method to an instance in the module that defines it", () => {
  const lib = (body: string): string => `(defclass (Note a) (note (Fn (a) a)))
(instance (Note Int) (defn note (x) ${body}))`;
  const main = `(import "./lib.weft" Note note)
(defn main ()
  (let ((a (atom 0)))
    (swap! a note)))`;
  test("an imported instance that prints makes a swap! given its method W0321", () => {
    expect(checkSource({ "main.weft": main, "lib.weft": lib("(println x) x") }).errors).toEqual(["W0321 4"]);
  });
  test("an imported instance that does not print gives no warning", () => {
    expect(checkSource({ "main.weft": main, "lib.weft": lib("(+ x 1)") }).errors).toEqual([]);
  });
});
