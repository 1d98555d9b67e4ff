import { describe, expect, test } from "vitest";
import type { Expr, Lambda, TopFn } from "../src/index.js";
import { checkSource, typesOf } from "./helpers.js";

/**
 * LANGUAGE.md §5–6, pinned down: [sentence, program, expected `CODE line`s]. An empty list
 * means the program is safe and must check without any diagnostic.
 */
const table: [string, string, string[]][] = [
  // ---- the basics: what may cross
  ["a task may capture immutable primitives", `(defn main ()
  (let ((n 1) (s "x"))
    (with-tasks (spawn (println n s)))))`, []],
  ["a task may capture an immutable struct", `(defstruct P (x Int))
(defn main ()
  (let ((p (P 1)))
    (with-tasks (spawn (.x p)))))`, []],
  ["a task may capture an atom of an Int", `(defn main ()
  (let ((a (atom 0)))
    (with-tasks (spawn (swap! a + 1)))))`, []],
  ["a task may capture a channel of Shareable values", `(defn main ()
  (let ((ch (channel Int 1)))
    (with-tasks (spawn (send ch 1)) (recv ch))))`, []],
  ["a mut binding captured by spawn is E0303", `(defn main ()
  (let ((mut n 0))
    (with-tasks (spawn (println n)))))`, ["E0303 3"]],
  ["a mut binding captured by spawn-thread is E0303", `(defn main ()
  (let ((mut n 0))
    (with-tasks
      (spawn-thread (set! n 1)))))`, ["E0303 4"]],
  ["a mut binding captured by timeout is E0303", `(defn main ()
  (let ((mut n 0))
    (timeout 10 (set! n 1))))`, ["E0303 3"]],
  ["a mut binding captured by race is E0303", `(defn main ()
  (let ((mut n 0))
    (race (do (set! n 1) 1) 2)))`, ["E0303 3"]],
  ["a MutVec captured by a task is E0301", `(defn main ()
  (let ((v (mut-vec)))
    (push! v 1)
    (with-tasks (spawn (count v)))))`, ["E0301 4"]],
  ["a Task captured by another task is E0301", `(defn main ()
  (with-tasks
    (let ((t (spawn 1)))
      (spawn (await t)))))`, ["E0301 4"]],
  ["a task may return a MutVec on the same thread", `(defn main ()
  (with-tasks (await (spawn (mut-vec)))) ())`, []],
  ["a spawn-thread task may not return a MutVec", `(defn main ()
  (with-tasks
    (spawn-thread (let ((v (mut-vec))) (push! v 1) v))) ())`, ["E0301 3"]],
  // ---- shadowing and copying
  ["shadowing a mut binding with an immutable one is accepted", `(defn main ()
  (let ((mut score 0))
    (set! score 10)
    (let ((score score))
      (with-tasks (spawn (println score))))))`, []],
  ["copying a mut value into an immutable binding before spawning is accepted", `(defn main ()
  (let ((mut hp 10))
    (set! hp 9)
    (let ((hp-now hp))
      (with-tasks (spawn-thread (println hp-now))))))`, []],
  ["a mut binding declared inside the task is its own", `(defn main ()
  (with-tasks
    (spawn (let ((mut i 0)) (set! i 1) i))))`, []],
  ["a mut binding used by the with-tasks body itself is fine", `(defn main ()
  (let ((mut n 0))
    (with-tasks (spawn (println 1)) (set! n 1))
    n))`, []],
  // ---- closures
  ["a closure capturing a mut binding cannot be captured by a task", `(defn main ()
  (let ((mut hp 10)
        (hurt (fn () (set! hp 1))))
    (with-tasks (spawn (hurt)))))`, ["E0301 4"]],
  ["a closure capturing only immutable values can cross", `(defn main ()
  (let ((k 3) (scale (fn (x) (* x k))))
    (with-tasks (spawn-thread (scale 2)))))`, []],
  ["capture through nested lambdas is found", `(defn main ()
  (let ((mut n 0)
        (outer (fn () (fn () (set! n 1)))))
    (with-tasks (spawn ((outer))))))`, ["E0301 4"]],
  ["a closure capturing a closure that captures mut is not Shareable", `(defn main ()
  (let ((mut n 0)
        (inc (fn () (set! n (+ n 1))))
        (twice (fn () (inc) (inc))))
    (with-tasks (spawn (twice)))))`, ["E0301 5"]],
  ["a nested lambda inside a task that captures mut is E0303", `(defn main ()
  (let ((mut n 0))
    (with-tasks (spawn (for-each [1 2] (fn (i) (set! n i)))))))`, ["E0303 3"]],
  ["a closure capturing a MutVec is not Shareable", `(defn main ()
  (let ((buf (mut-vec))
        (add (fn (x) (push! buf x))))
    (with-tasks (spawn (add 1)))))`, ["E0301 4"]],
  ["a closure returned from a function keeps its mut capture", `(defn counter ()
  (let ((mut n 0)) (fn () (set! n (+ n 1)) n)))
(defn main ()
  (let ((c (counter)))
    (with-tasks (spawn (c)))))`, ["E0301 5"]],
  ["a closure returned from a function without mut crosses", `(defn adder (k) (fn (x) (+ x k)))
(defn main ()
  (let ((add3 (adder 3)))
    (with-tasks (spawn-thread (add3 1)))))`, []],
  ["a closure through a parameter keeps its flag", `(defn go (f) (with-tasks (spawn (f))))
(defn main ()
  (let ((mut n 0))
    (go (fn () (set! n 1)))))`, ["E0301 4"]],
  ["a Shareable closure through a parameter is fine", `(defn go (f) (with-tasks (spawn (f))))
(defn main () (go (fn () (println "hi"))))`, []],
  ["a local closure passed to map is fine", `(defn main ()
  (let ((mut total 0))
    (for-each [1 2 3] (fn (x) (set! total (+ total x))))
    total))`, []],
  ["a top-level function is always Shareable", `(defn work (x) (* x 2))
(defn main () (with-tasks (spawn-thread (work 21))))`, []],
  ["a top-level function value crosses", `(defn work (x) (* x 2))
(defn main () (let ((f work)) (with-tasks (spawn-thread (f 21)))))`, []],
  // ---- struct fields
  ["a closure in a generic struct field makes the struct not Shareable", `(defstruct (Job f) (id Int) (run f))
(defn main ()
  (let ((mut done 0)
        (job (Job 1 (fn () (set! done 1)))))
    (with-tasks (spawn ((.run job))))))`, ["E0301 5"]],
  ["a Shareable closure in a generic struct field crosses", `(defstruct (Job f) (id Int) (run f))
(defn main ()
  (let ((job (Job 1 (fn () (println "run")))))
    (with-tasks (spawn ((.run job))))))`, []],
  ["a (Fn …) field refuses a closure that captures mut where the struct is built", `(defstruct Job (run (Fn () ())))
(defn main ()
  (let ((mut done 0))
    (Job (fn () (set! done 1)))))`, ["E0301 4"]],
  ["a (Fn …) field accepts a Shareable closure, and the struct crosses", `(defstruct Job (run (Fn () ())))
(defn main ()
  (let ((job (Job (fn () (println "ok")))))
    (with-tasks (spawn-thread ((.run job))))))`, []],
  ["a (LocalFn …) field accepts any closure", `(defstruct Hook (run (LocalFn () ())))
(defn main ()
  (let ((mut n 0) (h (Hook (fn () (set! n 1)))))
    ((.run h))))`, []],
  ["a (LocalFn …) field makes the struct not Shareable", `(defstruct Hook (run (LocalFn () ())))
(defn main ()
  (let ((h (Hook (fn () ()))))
    (with-tasks (spawn ((.run h))))))`, ["E0301 4"]],
  ["updating a (Fn …) field with a local closure is E0301", `(defstruct Job (run (Fn () ())))
(defn main ()
  (let ((mut n 0) (j (Job (fn () ()))))
    (with j :run (fn () (set! n 1)))))`, ["E0301 4"]],
  ["a struct holding a MutVec is not Shareable", `(defstruct Buf (data (MutVec Int)))
(defn main ()
  (let ((b (Buf (mut-vec))))
    (with-tasks (spawn (count (.data b))))))`, ["E0301 4"]],
  ["an enum variant holding a Task is not Shareable", `(defenum Job (Running (Task Int)) Done)
(defn main ()
  (with-tasks
    (let ((j (Running (spawn 1))))
      (spawn (match j ((Running t) 1) (Done 0))))))`, ["E0301 5"]],
  // ---- vectors, atoms, channels
  ["a vector of local closures is not Shareable", `(defn main ()
  (let ((mut n 0)
        (fs [(fn () (set! n 1))]))
    (with-tasks (spawn ((nth fs 0))))))`, ["E0301 4"]],
  ["a vector of Shareable closures crosses", `(defn main ()
  (let ((fs [(fn () 1) (fn () 2)]))
    (with-tasks (spawn-thread ((nth fs 1))))))`, []],
  ["an atom of a local closure cannot be captured by a task", `(defn main ()
  (let ((mut n 0)
        (a (atom (fn () (set! n 1)))))
    (with-tasks (spawn (@a)))))`, ["E0301 4"]],
  ["an atom of a Shareable closure can be captured", `(defn main ()
  (let ((a (atom (fn (x) (+ x 1)))))
    (with-tasks (spawn-thread ((deref a) 1)))))`, []],
  ["an atom of a MutVec cannot be captured by a task", `(defn main ()
  (let ((a (atom (mut-vec))))
    (with-tasks (spawn (count @a)))))`, ["E0301 3"]],
  ["sending a local closure is E0302", `(defn main ()
  (let ((mut n 0)
        (ch (channel (LocalFn () ()) 1)))
    (send ch (fn () (set! n 1)))))`, ["E0302 4"]],
  ["sending a Shareable closure is fine", `(defn main ()
  (let ((ch (channel (Fn () Int) 1)))
    (send ch (fn () 1))
    (recv ch)))`, []],
  ["a channel of (Fn …) refuses a local closure when it is sent", `(defn main ()
  (let ((mut n 0) (ch (channel (Fn () ()) 1)))
    (send ch (fn () (set! n 1)))))`, ["E0302 3"]],
  ["a channel of non-Shareable values may be made but not captured", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (with-tasks (spawn (recv ch)))))`, ["E0301 3"]],
  ["sending a MutVec is E0302", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (send ch (mut-vec))))`, ["E0302 3"]],
  ["channels of channels are Shareable", `(defn main ()
  (let ((reply (channel Int 1))
        (requests (channel (Channel Int) 4)))
    (with-tasks
      (spawn-thread (match (recv requests) ((Some r) (send r 42)) (None ())))
      (send requests reply)
      (recv reply))))`, []],
  ["a channel of channels of MutVecs cannot be captured", `(defn main ()
  (let ((cc (channel (Channel (MutVec Int)) 1)))
    (with-tasks (spawn (recv cc)))))`, ["E0301 3"]],
  ["try-send checks what it sends", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (try-send ch (mut-vec))))`, ["E0302 3"]],
  ["select's send clause checks what it sends", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (select ((send ch (mut-vec)) () 1) (default 0))))`, ["E0302 3"]],
  // ---- generic functions
  ["a generic function that spawns a value gets (Shareable a)", `(defn in-task (x) (with-tasks (await (spawn-thread x))))
(defn main () (in-task 1))`, []],
  ["a generic function instantiated at a non-Shareable type is rejected at the call", `(defn in-task (x) (with-tasks (await (spawn x))))
(defn main () (in-task (mut-vec)))`, ["E0301 2"]],
  ["a generic sender instantiated at a MutVec is rejected at the call, as a send (E0302)", `(defn put (ch x) (send ch x))
(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (put ch (mut-vec))))`, ["E0302 4"]],
  ["a sig that lets a generic value cross must say (Shareable a)", `(sig put (Fn ((Channel a) a) ()))
(defn put (ch x) (send ch x))`, ["E0302 2"]],
  ["a sig with (Shareable a) is accepted and checked at calls", `(sig put (Fn ((Channel a) a) ()) (Shareable a))
(defn put (ch x) (send ch x))
(defn main ()
  (put (channel Int 1) 1)
  (put (channel (MutVec Int) 1) (mut-vec)))`, ["E0301 5"]],
  ["the inferred (Shareable a) passes through a wrapper", `(defn put (ch x) (send ch x))
(defn put-twice (ch x) (put ch x) (put ch x))
(defn main () (put-twice (channel (MutVec Int) 2) (mut-vec)))`, ["E0302 3"]],
  ["a generic par-map caller checks its elements at the call", `(defn doubled (xs f) (par-map xs f))
(defn main () (doubled [(mut-vec)] (fn (v) (count v))))`, ["E0301 2"]],
  ["a user instance of Shareable is E0305", `(defstruct H (id Int))
(instance (Shareable H))`, ["E0305 2"]],
  // ---- par-map / par-for-each
  ["par-map with a pure function is fine", `(defn main () (par-map (range 10) (fn (x) (* x x))))`, []],
  ["par-map of a top-level function is fine", `(defn sq (x) (* x x))
(defn main () (par-map (range 10) sq))`, []],
  ["par-for-each capturing mut is E0303", `(defn main ()
  (let ((mut s 0))
    (par-for-each (range 3) (fn (i) (set! s i)))))`, ["E0303 3"]],
  ["par-map capturing a MutVec is E0301", `(defn main ()
  (let ((v (mut-vec)))
    (par-map (range 3) (fn (i) (count v)))))`, ["E0301 3"]],
  ["par-map given a local closure by name is E0301", `(defn main ()
  (let ((mut s 0) (f (fn (i) (set! s i) i)))
    (par-map (range 3) f)))`, ["E0301 3"]],
  ["par-map over MutVec elements is E0301", `(defn main ()
  (par-map [(mut-vec)] (fn (v) 1)))`, ["E0301 2"]],
  ["par-map returning MutVecs is E0301", `(defn main ()
  (par-map (range 2) (fn (i) (mut-vec))))`, ["E0301 2"]],
  ["par-map with a suspending function is E0320", `(defn main ()
  (par-map (range 3) (fn (i) (sleep 1) i)))`, ["E0320 2"]],
  ["par-map with a suspending top-level function is E0320", `(defn slow (i) (sleep 1) i)
(defn main () (par-map (range 3) slow))`, ["E0320 2"]],
  ["a generic par-map wrapper rejects a suspending function at its call", `(defn pm (xs f) (par-map xs f))
(defn main () (pm (range 3) (fn (i) (yield) i)))`, ["E0320 2"]],
  // A par-map function can never wait (so a pool thread never takes part in a deadlock): each
  // blocking operation, and what waits through a call, is E0320; the non-blocking ones are fine.
  ["a par-map function that waits in recv on a channel is E0320", `(def ch (channel Int))
(defn main () (par-map [1 2] (fn (x) (match (recv ch) ((Some v) v) (None x)))))`, ["E0320 2"]],
  ["a par-for-each function that sends on a channel is E0320", `(def ch (channel Int 0))
(defn main () (par-for-each [1 2] (fn (x) (send ch x))))`, ["E0320 2"]],
  ["a par-map function that selects is E0320", `(def ch (channel Int 0))
(defn main () (par-map [1 2] (fn (x) (select ((recv ch) (m) 1) (default 2)))))`, ["E0320 2"]],
  ["a par-for-each function that loops over a channel with for-msg is E0320", `(def ch (channel Int))
(defn main () (par-for-each [1 2] (fn (x) (for-msg (m ch) (println m)))))`, ["E0320 2"]],
  ["a par-map function that opens a with-tasks is E0320", `(defn main ()
  (par-map [1 2] (fn (x) (with-tasks (await (spawn x))))))`, ["E0320 2"]],
  ["a par-map function calling a top-level function that waits in recv is E0320", `(def ch (channel Int))
(defn next-value (x) (match (recv ch) ((Some v) v) (None x)))
(defn main () (par-map [1 2] (fn (x) (+ 1 (next-value x)))))`, ["E0320 3"]],
  ["a par-map function may use a channel without waiting: try-send, try-recv, close!", `(def ch (channel Int 4))
(defn main ()
  (par-map [1 2] (fn (x) (try-send ch x) (try-recv ch) (close! ch) x)))`, []],
  ["par-for-each with an atom is fine", `(defn main ()
  (let ((hits (atom 0)))
    (par-for-each (range 9) (fn (i) (swap! hits (fn (h) (+ h 1)))))))`, []],
  // ---- swap!
  ["swap! with a suspending function is E0320", `(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (sleep 1) x))))`, ["E0320 3"]],
  ["swap! with a function that reads a channel is E0320", `(defn main ()
  (let ((a (atom 0)) (ch (channel Int 1)))
    (swap! a (fn (x) (match (recv ch) ((Some y) y) (None x))))))`, ["E0320 3"]],
  ["swap! with a pure function is fine", `(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (+ x 1)))))`, []],
  ["an atom of closures may be swapped with a pure function", `(defn main ()
  (let ((a (atom (fn (x) x))))
    (swap! a (fn (f) (fn (x) (+ (f x) 1))))
    ((deref a) 1)))`, []],
  // ---- spawn scopes
  ["spawn outside with-tasks is E0310", `(defn f ()
  (spawn 1))`, ["E0310 2"]],
  ["spawn inside a fn inside with-tasks is fine", `(defn main ()
  (with-tasks
    (for-each (range 3) (fn (i) (spawn (println i))))))`, []],
  ["a spawning closure returned from with-tasks is E0311", `(defn f ()
  (with-tasks
    (fn () (spawn 1))))`, ["E0311 3"]],
  ["a spawning closure put in an atom is E0311", `(defn main ()
  (with-tasks
    (atom (fn () (spawn 1)))))`, ["E0311 3"]],
  ["a spawning closure assigned to an outer mut is E0311", `(defn main ()
  (let ((mut later (fn () ())))
    (with-tasks
      (set! later (fn () (spawn 1) ())))))`, ["E0311 4"]],
  ["a closure with its own with-tasks may escape", `(defn f ()
  (with-tasks
    (fn () (with-tasks (spawn 1)))))`, []],
  ["a Task handle may outlive its scope", `(defn main ()
  (let ((t (with-tasks (spawn 42))))
    (await t)))`, []],
  // ---- arenas
  ["an arena value used inside its scope is fine", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)))
      (set-nth! v 0 1)
      (count v))))`, []],
  ["an arena value frozen out of its scope is fine", `(defn main ()
  (with-arena (a) (freeze (arena-vec a 3 0))))`, []],
  ["returning an arena value is E0330", `(defn main ()
  (with-arena (a)
    (arena-vec a 3 0)))`, ["E0330 3"]],
  ["returning an arena value through a let is E0330", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)))
      v)))`, ["E0330 4"]],
  ["a closure capturing an arena value may be passed to for-each in the scope", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)))
      (for-each (range 3) (fn (i) (set-nth! v i i)))
      (reduce (freeze v) 0 +))))`, []],
  ["a closure capturing an arena value cannot be returned", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)))
      (fn () (count v)))))`, ["E0330 4"]],
  ["an arena value put in an atom is E0330", `(defn main ()
  (with-arena (a)
    (atom (arena-vec a 3 0))
    ()))`, ["E0330 3"]],
  ["an arena value sent on a channel is E0330", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (with-arena (a)
      (try-send ch (arena-vec a 3 0)))))`, ["E0330 4"]],
  ["an arena value captured by a task is E0330", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)))
      (with-tasks (spawn (count v))))))`, ["E0330 4"]],
  ["an arena closure captured by a task is E0330", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 3 0)) (f (fn () (count v))))
      (with-tasks (spawn (f))))))`, ["E0330 4"]],
  ["an arena value assigned to an outer mut is E0330", `(defn main ()
  (let ((mut keep (mut-vec)))
    (with-arena (a)
      (set! keep (arena-vec a 2 0)))))`, ["E0330 4"]],
  ["an arena value assigned to a mut inside the scope is fine", `(defn main ()
  (with-arena (a)
    (let ((mut cur (arena-vec a 2 0)))
      (set! cur (arena-vec a 3 0))
      (count cur))))`, []],
  ["an arena value inside a struct cannot be returned", `(defstruct (Box a) (v a))
(defn main ()
  (with-arena (a)
    (Box (arena-vec a 2 0))))`, ["E0330 4"]],
  ["storing a suspending function in a (Fn …) field is E0322 where the struct is built", `(defstruct H (run (Fn (Int) Int)))
(defn slow (x) (sleep 1) x)
(defn main () (H slow))`, ["E0322 3"]],
  ["a (Fn … :suspends) field holds a suspending function", `(defstruct H (run (Fn (Int) Int :suspends)))
(defn slow (x) (sleep 1) x)
(defn main () ((.run (H slow)) 1))`, []],
  ["a (Fn … :suspends) field holds a function that does not suspend too", `(defstruct H (run (Fn (Int) Int :suspends)))
(defn main () ((.run (H (fn (x) (+ x 1)))) 1))`, []],
  ["calling through a :suspends field suspends the caller, so par-map refuses it", `(defstruct H (run (Fn (Int) Int :suspends)))
(defn main ()
  (let ((h (H (fn (x) x))))
    (par-map [1 2] (fn (x) ((.run h) x)))))`, ["E0320 4"]],
  ["a def holding a function keeps it non-suspending", `(def handler (atom (fn (x) x)))
(defn slow (x) (sleep 1) x)
(defn main () (reset! handler slow))`, ["E0322 3"]],
  ["a def referenced by a thread must be Shareable", `(def buf (mut-vec))
(defn main () (with-tasks (spawn-thread (push! buf 1))))`, ["E0301 2"]],
  ["a Shareable def may be referenced by a thread", `(def hits (atom 0))
(defn main () (with-tasks (spawn-thread (swap! hits + 1))))`, []],
  ["a sig's (Fn …) parameter refuses a local closure at the call", `(sig go (Fn ((Fn () ())) ()))
(defn go (f) (f))
(defn main ()
  (let ((mut n 0)) (go (fn () (set! n 1)))))`, ["E0301 4"]],
  ["a sig's (LocalFn …) parameter accepts a local closure", `(sig go (Fn ((LocalFn () ())) ()))
(defn go (f) (f))
(defn main ()
  (let ((mut n 0)) (go (fn () (set! n 1)))))`, []],
  ["a (LocalFn …) parameter cannot cross", `(sig go (Fn ((LocalFn () ())) ()))
(defn go (f) (with-tasks (spawn (f)) ()))`, ["E0301 2"]],
  ["a (Fn …) sig parameter may cross", `(sig go (Fn ((Fn () ())) ()))
(defn go (f) (with-tasks (spawn (f)) ()))
(defn main () (go (fn () (println 1))))`, []],
  ["an annotated (Fn …) lambda parameter refuses a local closure", `(defn main ()
  (let ((mut n 0) (run (fn ((f (Fn () ()))) (f))))
    (run (fn () (set! n 1)))))`, ["E0301 2"]],
  ["a Shareable function may be used where a LocalFn is expected", `(sig go (Fn ((LocalFn (Int) Int)) Int))
(defn go (f) (f 1))
(defn inc (x) (+ x 1))
(defn main () (go inc) (with-tasks (spawn-thread (inc 1))))`, []],
  ["a let-bound Shareable closure given to a LocalFn parameter stays Shareable", `(sig call (Fn ((LocalFn () Int)) Int))
(defn call (f) (f))
(defn main ()
  (let ((g (fn () 1)))
    (call g)
    (with-tasks (spawn-thread (g)))))`, []],
  ["a W0321 warning does not stop the program", `(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (println x) (+ x 1)))))`, ["W0321 3"]],
  ["an instance method may not suspend (E0322: the class declares its methods non-suspending)", `(defstruct P (x Int))
(instance (Show P) (defn show (p) (sleep 1) "p"))`, ["E0322 2"]],
  ["what an instance method sends is checked", `(defclass (Run a) (run (Fn (a) Int)))
(defstruct P (x Int))
(instance (Run P) (defn run (p) (if (try-send (channel (MutVec Int) 1) (mut-vec)) 1 0)))`, ["E0302 3"]],
  ["choosing between two closures does not make the Shareable one local", `(defn main ()
  (let ((mut n 0)
        (f (fn () 1))
        (g (fn () (set! n 1) 2))
        (h (if true f g)))
    (h)
    (with-tasks (spawn-thread (f)))))`, []],
  ["but the chosen one is local", `(defn main ()
  (let ((mut n 0)
        (f (fn () 1))
        (g (fn () (set! n 1) 2))
        (h (if true f g)))
    (with-tasks (spawn-thread (h)))))`, ["E0301 6"]],
  // ---- the other forms
  ["select clauses type-check and agree", `(defn main ()
  (let ((a (channel Int 1)) (b (channel String 1)))
    (select
      ((recv a) (v) (match v ((Some n) n) (None 0)))
      ((send b "x") () 1)
      ((after 10) () 2)
      (default 3))))`, []],
  ["select clauses of different types are E0101", `(defn main ()
  (let ((a (channel Int 1)))
    (select ((recv a) (v) 1) (default "x"))))`, ["E0101 3"]],
  ["for-msg binds each message", `(defn main ()
  (let ((ch (channel Int :unbounded)) (mut sum 0))
    (send ch 1)
    (close! ch)
    (for-msg (m ch) (set! sum (+ sum m)))
    sum))`, []],
  ["a channel's type argument is a type", `(defn main () (channel Vec3 1))`, ["E0104 1"]],
  ["a dropping channel needs a capacity", `(defn main () (channel Int :dropping))`, ["E0101 1"]],
  ["timeout gives an Option", `(defn main () (match (timeout 5 1) ((Some n) n) (None 0)))`, []],
  ["race needs one type", `(defn main () (race 1 "a"))`, ["E0101 1"]],
  ["await takes a Task", `(defn main () (await 1))`, ["E0101 1"]],
];

describe("Shareable, tasks and arenas", () => {
  test.each(table)("%s", (_name, src, expected) => {
    const r = checkSource(src);
    expect(r.readErrors).toEqual([]);
    expect(r.errors, r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")).toEqual(expected);
    expect(r.program === undefined).toBe(expected.some((e) => e.startsWith("E")));
  });
  test("the table has at least 60 programs, accepted and rejected", () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
    expect(table.filter((t) => t[2].length === 0).length).toBeGreaterThan(20);
  });
});
