/**
 * Every example and rule of LANGUAGE.md §5–6 (and the `:suspends` annotation of §2 they rely
 * on) as a whole program: `[what the spec says, program, expected "CODE line"s, what it prints
 * when accepted]`. Rejections are pinned by code and line; accepted programs also run.
 */
export type SpecExample = readonly [name: string, src: string, codes: readonly string[], stdout: string | null];

export const SPEC_EXAMPLES: readonly SpecExample[] = [
  // §5 Layer 1 — structured tasks
  ["with-tasks returns only when both spawned tasks have finished", `(defn load-assets (done) (do (sleep 5) (swap! done inc)))
(defn connect-to-server (done) (do (sleep 1) (swap! done inc)))
(defn main ()
  (let ((done (atom 0)))
    (with-tasks
      (spawn (load-assets done))
      (spawn (connect-to-server done)))
    (println @done)))`, [], "2\n"],
  ["with-tasks returns the value of its last body form", `(defn main () (println (with-tasks (spawn 1) 42)))`, [], "42\n"],
  ["await gives a task's value; spawn-thread runs it on a worker", `(defn main ()
  (with-tasks
    (let ((t (spawn-thread (* 6 7))))
      (println (await t)))))`, [], "42\n"],
  ["spawn outside any with-tasks is E0310", `(defn main ()
  (spawn 1))`, ["E0310 2"], null],
  ["spawn joins the innermost scope, inside fns too", `(defn main ()
  (with-tasks
    (let ((go (fn () (spawn 1))))
      (println (await (go))))))`, [], "1\n"],
  ["spawn directly in a spawn-thread body needs its own with-tasks (E0310)", `(defn main ()
  (with-tasks
    (await (spawn-thread (await (spawn 1))))))`, ["E0310 3"], null],
  ["spawn inside a par-map function needs its own with-tasks (E0310)", `(defn main ()
  (par-map [1 2] (fn (i) (do (spawn i) i))))`, ["E0310 2"], null],
  ["with its own with-tasks inside the thread body, spawn is fine", `(defn main ()
  (println (with-tasks (await (spawn-thread (with-tasks (await (spawn 5))))))))`, [], "5\n"],
  ["a closure that spawns cannot be returned from its with-tasks (E0311)", `(defn main ()
  (with-tasks
    (fn () (spawn 1))))`, ["E0311 3"], null],
  ["a closure that spawns cannot be stored in an atom (E0311)", `(defn main ()
  (let ((box (atom None)))
    (with-tasks
      (reset! box (Some (fn () (spawn 1)))))))`, ["E0311 4"], null],
  ["a closure that spawns cannot be returned as a task's value (E0311)", `(defn main ()
  (with-tasks
    (await (spawn (fn () (spawn 1))))))`, ["E0311 3"], null],
  ["a closure that spawns cannot leave through a function that stores its argument (E0311)", `(defn keep (v x) (push! v x))
(defn main ()
  (let ((v (mut-vec)))
    (with-tasks
      (keep v (fn () (spawn 1))))))`, ["E0311 5"], null],
  ["a Task handle may outlive its scope; await on it returns at once", `(defn main ()
  (let ((t (with-tasks (spawn 5))))
    (println (await t))))`, [], "5\n"],
  ["timeout gives an Option, race the first value", `(defn main ()
  (println (timeout 1000 7))
  (println (timeout 1 (do (sleep 1000) 7)))
  (println (race (do (sleep 1000) 1) 2)))`, [], "(Some 7)\nNone\n2\n"],
  ["thread-id is 0 on the main thread and positive on a worker", `(defn main ()
  (println (thread-id))
  (println (> (with-tasks (await (spawn-thread (thread-id)))) 0)))`, [], "0\ntrue\n"],
  // §5 Layer 2 — parallel iteration
  ["par-map returns results in order; par-for-each returns ()", `(defn main ()
  (println (par-map [1 2 3] (fn (x) (* x x))))
  (println (par-for-each [1 2 3] (fn (x) (+ x 1)))))`, [], "[1 4 9]\n()\n"],
  ["a par-map function capturing a mut binding is E0303", `(defn main ()
  (let ((mut n 0))
    (par-map [1 2] (fn (x) (+ x n)))))`, ["E0303 3"], null],
  ["a par-map function capturing a MutVec is E0301", `(defn main ()
  (let ((v (mut-vec)))
    (par-map [1 2] (fn (x) (+ x (count v))))))`, ["E0301 3"], null],
  ["a par-map function that suspends is E0320", `(defn main ()
  (par-map [1 2] (fn (x) (do (sleep 1) x))))`, ["E0320 2"], null],
  ["par-map elements must be Shareable", `(defn main ()
  (par-map [(mut-vec)] (fn (v) 1)))`, ["E0301 2"], null],
  ["par-map results must be Shareable", `(defn main ()
  (par-map [1 2] (fn (x) (mut-vec))))`, ["E0301 2"], null],
  ["a par-map nested in a par-map function runs on that worker", `(defn main ()
  (println (par-map [1 2] (fn (x) (reduce (par-map [1 2] (fn (y) (* x y))) 0 +)))))`, [], "[3 6]\n"],
  // §5 Layer 3 — channels
  ["a channel of a non-Shareable type may be created; sending on it is E0302", `(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (send ch (mut-vec))))`, ["E0302 3"], null],
  ["channels: capacity, try-send, try-recv, close!, recv after close", `(defn main ()
  (let ((ch (channel Int 1)))
    (println (try-send ch 1))
    (println (try-send ch 2))
    (println (try-recv ch))
    (close! ch)
    (println (recv ch))))`, [], "true\nfalse\n(Some 1)\nNone\n"],
  ["dropping and sliding channels", `(defn main ()
  (let ((d (channel Int 1 :dropping)) (s (channel Int 1 :sliding)))
    (with-tasks (send d 1) (send d 2) (send s 1) (send s 2))
    (println (recv d) (recv s))))`, [], "(Some 1) (Some 2)\n"],
  ["for-msg loops until the channel is closed and drained", `(defn main ()
  (let ((ch (channel Int :unbounded)) (sum (atom 0)))
    (with-tasks
      (spawn (do (send ch 1) (send ch 2) (close! ch)))
      (for-msg (m ch) (swap! sum + m)))
    (println @sum)))`, [], "3\n"],
  ["select runs exactly one ready clause; default when none is", `(defn main ()
  (let ((cmds (channel Int 1)) (out (channel String 1)))
    (select
      ((recv cmds) (m) (println m))
      ((send out "frame") () (println "sent"))
      ((after 16) () (println "tick"))
      (default (println "nothing ready")))))`, [], "sent\n"],
  ["a channel captured by spawn-thread is the same channel there", `(defn main ()
  (let ((ch (channel Int 1)))
    (with-tasks
      (spawn-thread (send ch 9))
      (println (recv ch)))))`, [], "(Some 9)\n"],
  // §5 Layer 4 — atoms
  ["swap! applies (f old x...) and returns the new value; reset!, compare-and-set!", `(defn main ()
  (let ((a (atom 1)))
    (println (swap! a + 2))
    (reset! a 10)
    (println (compare-and-set! a 10 11) (compare-and-set! a 10 12) @a)))`, [], "3\ntrue false 11\n"],
  ["a swap! function that suspends is E0320", `(defn main ()
  (let ((a (atom 1)))
    (swap! a (fn (x) (do (sleep 1) x)))))`, ["E0320 3"], null],
  // §2 — `:suspends` in annotations
  ["a struct field of callbacks that send may be declared :suspends", `(defstruct Hooks (on-hit (Fn (Int) () :suspends)))
(defn main ()
  (let ((ch (channel Int 1)))
    (with-tasks
      ((.on-hit (Hooks (fn (x) (send ch x)))) 4)
      (println (recv ch)))))`, [], "(Some 4)\n"],
  ["a suspending function where the annotation says it does not suspend is E0322", `(defstruct Hooks (on-hit (Fn (Int) ())))
(defn main ()
  (let ((ch (channel Int 1)))
    (Hooks (fn (x) (send ch x)))))`, ["E0322 4"], null],
  ["a non-suspending function may be used where a suspending one is expected", `(defstruct Hooks (on-hit (Fn (Int) Int :suspends)))
(defn main ()
  (println ((.on-hit (Hooks (fn (x) (+ x 1)))) 4)))`, [], "5\n"],
  // §6 — compile-time thread safety
  ["a generic function that lets `a` cross gets (Shareable a), checked at each call", `(defn run-later (x) (with-tasks (await (spawn-thread x))))
(defn main ()
  (println (run-later 3))
  (run-later (mut-vec)))`, ["E0301 4"], "3\n"],
  ["a sig must declare (Shareable a) for a generic value it lets cross", `(sig run-later (Fn (a) Int))
(defn run-later (x) (with-tasks (await (spawn-thread (do x 1)))))
(defn main () (run-later 1))`, ["E0301 2"], null],
  ["a struct field declared (Fn ...) holds only Shareable functions: E0301 where the struct is built", `(defstruct Job (run (Fn () Int)))
(defn main ()
  (let ((mut n 0))
    (Job (fn () (set! n 1) n))))`, ["E0301 4"], null],
  ["a (LocalFn ...) field holds any function and makes the struct not Shareable", `(defstruct Job (run (LocalFn () Int)))
(defn main ()
  (let ((mut n 0) (j (Job (fn () (set! n 1) n))))
    (println ((.run j)))
    (with-tasks (await (spawn-thread ((.run j)))))))`, ["E0301 5"], null],
  ["an atom or channel is Shareable iff its contents are", `(defn main ()
  (let ((a (atom 1)) (b (atom (mut-vec))))
    (with-tasks (await (spawn-thread @a)))
    (with-tasks (await (spawn-thread (count @b))))))`, ["E0301 4"], null],
  ["a Task is never Shareable", `(defn main ()
  (with-tasks
    (let ((t (spawn 1)))
      (await (spawn-thread (await t))))))`, ["E0301 4"], null],
  ["a top-level function using a top-level MutVec is not Shareable: E0301 naming the def", `(def seen (mut-vec))
(defn note (i) (push! seen i))
(defn main () (par-for-each [1 2] note))`, ["E0301 3"], null],
  ["workers see the same top-level atom, never a copy", `(defonce hits (atom 0))
(defn main ()
  (par-for-each [1 2 3 4] (fn (i) (swap! hits inc)))
  (println @hits))`, [], "4\n"],
  ["an arena value returned from its with-arena is E0330", `(defn main ()
  (with-arena (a)
    (arena-vec a 4 0)))`, ["E0330 3"], null],
  ["an arena value pushed into a MutVec made outside is E0330", `(defn main ()
  (let ((outer (mut-vec)))
    (with-arena (fr) (push! outer (arena-vec fr 4 1)))))`, ["E0330 3"], null],
  ["an arena value stored through a function that stores its argument is E0330", `(defn keep (v x) (set-nth! v 0 x))
(defn main ()
  (let ((outer (mut-vec)))
    (with-arena (fr) (keep outer (arena-vec fr 4 1)))))`, ["E0330 4"], null],
  ["an arena value captured by a task, sent, or put in an atom is E0330", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 2 0)) (ch (channel (MutVec Int) 1)))
      (with-tasks (await (spawn (count v))))
      (send ch v)
      (atom v))))`, ["E0330 4", "E0330 5", "E0330 6"], null],
  ["a closure capturing an arena value may be given to map and for-each inside the scope", `(defn main ()
  (with-arena (a)
    (let ((v (arena-vec a 2 3)))
      (println (map [1 2] (fn (i) (+ i (nth v 0)))))
      (for-each [1] (fn (i) (println (count v)))))))`, [], "[4 5]\n2\n"],
  ["a user instance of Shareable is E0305", `(defstruct P (x Int))
(instance (Shareable P))
(defn main () 0)`, ["E0305 2"], null],
];
