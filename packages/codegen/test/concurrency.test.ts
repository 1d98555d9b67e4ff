import { describe, expect, test } from "vitest";
import { runInNode, runtimesBuilt, testPrograms } from "./run.js";

/**
 * Tasks and channels (LANGUAGE.md §5), compiled and run: [what they show, main.weft, exact
 * stdout]. Every wait that must be cut short is 60 s long, so a program that does not cancel
 * it fails by timing out rather than by a narrow timing margin.
 */
const cases: [string, string, string][] = [
  [
    "a cancelled task's try does not swallow Cancelled",
    `(defn main ()
       (let ((log (atom [])))
         (with-tasks
           (spawn (try (do (sleep 60000) (swap! log conj "woke") ())
                       (catch e (swap! log conj "caught") ())))
           (sleep 5)
           (cancel-tasks))
         (println @log)))`,
    "[]\n",
  ],
  [
    "(cancel-tasks) does not fail the scope: it returns its body's value",
    `(defn main ()
       (println
         (with-tasks
           (spawn (sleep 60000))
           (spawn (loop () (yield) (recur)))
           (spawn (loop () (check-cancelled) (sleep 1) (recur)))
           (cancel-tasks)
           "scene unloaded")))`,
    "scene unloaded\n",
  ],
  [
    "(cancel-tasks) in a child cancels its siblings and the child goes on",
    `(defn main ()
       (let ((log (atom [])))
         (with-tasks
           (spawn (do (sleep 60000) (swap! log conj "sibling") ()))
           (spawn (do (yield) (cancel-tasks) (sleep 1) (swap! log conj "caller") ())))
         (println @log)))`,
    '["caller"]\n',
  ],
  [
    "nested scopes are cancelled with their task",
    `(defn main ()
       (let ((log (atom [])))
         (with-tasks
           (spawn (with-tasks
                    (spawn (try (sleep 60000) (catch e (swap! log conj "inner caught") ())))
                    (sleep 60000)))
           (sleep 5)
           (cancel-tasks))
         (println "outer done" @log)))`,
    "outer done []\n",
  ],
  [
    "a Task handle awaited after its scope returns at once with its value",
    `(defn main ()
       (let ((t (with-tasks (spawn (do (sleep 1) 42)))))
         (println (await t) (await t))))`,
    "42 42\n",
  ],
  [
    "select picks among ready clauses, each time exactly one",
    `(defn main ()
       (let ((a (channel Int 100)) (b (channel Int 100)) (mut na 0) (mut nb 0))
         (for-each (range 100) (fn (i) (send a i) (send b i)))
         (loop ((k 0))
           (when (< k 100)
             (select ((recv a) (m) (set! na (+ na 1))) ((recv b) (m) (set! nb (+ nb 1))))
             (recur (+ k 1))))
         (println (> na 0) (> nb 0) (+ na nb))))`,
    "true true 100\n",
  ],
  [
    "for-msg drains until the channel is closed, buffered values included",
    `(defn main ()
       (let ((ch (channel Int 2)) (mut got []))
         (with-tasks
           (spawn (do (for-each (range 5) (fn (i) (send ch i))) (close! ch)))
           (for-msg (m ch) (set! got (conj got m))))
         (println got)))`,
    "[0 1 2 3 4]\n",
  ],
  [
    "a recur in a select clause continues the enclosing loop",
    `(defn main ()
       (let ((ch (channel Int :unbounded)))
         (for-each [1 2 3] (fn (i) (send ch i)))
         (close! ch)
         (println
           (loop ((acc 0))
             (select
               ((recv ch) (m) (match m ((Some v) (recur (+ acc v))) (None acc)))
               ((after 60000) () -1))))))`,
    "6\n",
  ],
  [
    "a send clause and a default clause",
    `(defn main ()
       (let ((full (channel Int 1)) (free (channel Int 1)))
         (send full 0)
         (select ((send full 1) () (println "sent to full")) (default (println "full is full")))
         (select ((send full 1) () (println "sent to full")) ((send free 2) () (println "sent to free")))
         (println (try-recv free))))`,
    "full is full\nsent to free\n(Some 2)\n",
  ],
  [
    "spawn in a function called from the body joins the scope open when it runs",
    `(defn main ()
       (with-tasks
         (let ((start (fn (n) (spawn (do (sleep n) (* n 10))))))
           (println (+ (await (start 1)) (await (start 2)))))))`,
    "30\n",
  ],
  [
    "try catches send on a closed channel inside a task",
    `(defn main ()
       (let ((ch (channel Int 1)))
         (close! ch)
         (println (with-tasks (await (spawn (try (do (send ch 1) "sent") (catch e (error-message e)))))))))`,
    "send on closed channel\n",
  ],
  [
    "an error in a timeout body is raised; a value within the time is Some",
    `(defn main ()
       (println (try (str (timeout 60000 (fail "inner"))) (catch e (error-message e))))
       (println (timeout 60000 (do (yield) "quick"))))`,
    'inner\n(Some "quick")\n',
  ],
  [
    "race returns the first value and cancels the rest",
    `(defn main ()
       (let ((log (atom [])))
         (println (race (do (sleep 60000) (swap! log conj "slow") 1) (do (sleep 1) 2) (do (sleep 60000) 3)))
         (println @log)))`,
    "2\n[]\n",
  ],
  [
    "thread-id is 0 on the main thread, in tasks too",
    `(defn main () (println (thread-id) (with-tasks (await (spawn (thread-id))))))`,
    "0 0\n",
  ],
  [
    "the first error fails the scope after the other children stop",
    `(defn main ()
       (let ((log (atom [])))
         (println (try (with-tasks
                         (spawn (try (sleep 60000) (catch e (swap! log conj "caught") ())))
                         (spawn (do (yield) (fail "first")))
                         "body")
                       (catch e (error-message e))))
         (println @log)))`,
    "first\n[]\n",
  ],
  [
    "concurrency built-ins as function values: (map ts await), (map chans recv), (for-each chans close!)",
    `(defn main ()
       (println (with-tasks (let ((ts (map [1 2] (fn (n) (spawn (* n 5)))))) (map ts await))))
       (let ((a (channel Int 1)) (b (channel Int 1)))
         (send a 1)
         (for-each [a b] close!)
         (println (map [a b] recv) (map [a b] try-recv))))`,
    "[5 10]\n[(Some 1) None] [None None]\n",
  ],
  [
    "a def computed by a with-tasks (top-level await)",
    `(def total (with-tasks (await (spawn (do (sleep 1) 7)))))
     (defn main () (println total))`,
    "7\n",
  ],
  [
    "a defonce computed by suspending code holds the value, not a promise",
    `(defonce levels (with-tasks (let ((t (spawn (do (sleep 1) [1 2 3])))) (await t))))
     (defn main () (println (count levels) levels))`,
    "3 [1 2 3]\n",
  ],
  [
    "a with-tasks in a loop, feeding a for-msg task of an outer scope",
    `(defn main ()
       (let ((ch (channel Int :unbounded)) (sum (atom 0)))
         (with-tasks
           (spawn (for-msg (m ch) (swap! sum + m)))
           (loop ((i 0)) (when (< i 5) (with-tasks (spawn (send ch i))) (recur (+ i 1))))
           (close! ch))
         (println @sum)))`,
    "10\n",
  ],
  [
    "a busy loop that calls check-cancelled is given up by its timeout: timers fire however busy a green task is",
    `(defn main ()
       (println (timeout 50 (loop ((i 0)) (check-cancelled) (recur (+ i 1))))))`,
    "None\n",
  ],
  [
    "a busy loop that calls check-cancelled lets a sleeping sibling wake and finish",
    `(defn main ()
       (let ((done (atom false)))
         (with-tasks
           (spawn (do (sleep 20) (reset! done true)))
           (loop () (check-cancelled) (if @done () (recur))))
         (println "sibling finished" @done)))`,
    "sibling finished true\n",
  ],
  [
    "check-cancelled in a cancelled task raises Cancelled at once, which try does not swallow",
    `(defn main ()
       (let ((log (atom [])))
         (with-tasks
           (spawn (try (loop () (check-cancelled) (recur))
                       (catch e (swap! log conj "caught") ())))
           (sleep 5)
           (cancel-tasks))
         (println @log)))`,
    "[]\n",
  ],
];

describe("tasks and channels, compiled and run", () => {
  testPrograms(cases);
});

describe.skipIf(!runtimesBuilt())("deadlocks (built runtimes)", () => {
  test("green tasks that all wait on channels nobody can send to fail the run with deadlock, naming where each was spawned and where it waits", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((ch (channel Int 0))
        (out (channel Int 0)))
    (with-tasks
      (spawn (recv ch))
      (spawn (recv out))
      (println "waiting"))
    ()))`,
    });
    expect(got.status).toBe(1);
    expect(got.stdout).toBe("waiting\n");
    expect(got.stderr).toBe(
      "deadlock: every task is waiting on something that no running task can complete\n" +
        "  task spawned at main.weft:5:7: waits on a channel (send, recv, select or for-msg) (at main.weft:5:14)\n" +
        "  task spawned at main.weft:6:7: waits on a channel (send, recv, select or for-msg) (at main.weft:6:14)\n",
    );
  });

  const header = "deadlock: every task is waiting on something that no running task can complete\n";

  test("a spawn-thread blocked in recv on a channel nobody else sends to fails the run with deadlock, naming where the thread waits", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((ch (channel Int 0)))
    (with-tasks
      (spawn-thread (recv ch)))
    ()))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(`${header}  task spawned at main.weft:4:7: runs a thread that waits on a channel (send, recv, select or for-msg) (at main.weft:4:21)\n`);
  });

  test("the main thread and a thread each waiting to receive what the other sends next are a deadlock", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((a (channel Int 0)) (b (channel Int 0)))
    (with-tasks
      (spawn-thread (do (recv a) (send b 1)))
      (recv b)
      (send a 1))))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(
      `${header}  body of with-tasks at main.weft:3:5: waits on a channel (send, recv, select or for-msg) (at main.weft:5:7)\n` +
        "  task spawned at main.weft:4:7: runs a thread that waits on a channel (send, recv, select or for-msg) (at main.weft:4:25)\n",
    );
  });

  test("tasks stuck inside a thread, one of them in a thread of its own, are listed under the thread that runs them", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((ch (channel Int 0)))
    (with-tasks
      (spawn-thread
        (do
          (with-tasks
            (spawn (recv ch))
            (spawn-thread (recv ch)))
          ())))))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(
      `${header}  task spawned at main.weft:4:7: runs a thread, where:\n` +
        "    task spawned at main.weft:7:13: waits on a channel (send, recv, select or for-msg) (at main.weft:7:20)\n" +
        "    task spawned at main.weft:8:13: runs a thread that waits on a channel (send, recv, select or for-msg) (at main.weft:8:27)\n",
    );
  });

  test("a with-tasks body awaiting a task parked in recv is listed at its await, the task at its recv", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (with-tasks
    (let ((ch (channel Int))
          (t (spawn (recv ch))))
      (await t))))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(
      `${header}  body of with-tasks at main.weft:2:3: awaits the task spawned at main.weft:4:14 (at main.weft:5:7)\n` +
        "  task spawned at main.weft:4:14: waits on a channel (send, recv, select or for-msg) (at main.weft:4:21)\n",
    );
  });

  test("tasks parked in send and in for-msg are listed at those operations; a task waiting for its own with-tasks says so", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((full (channel Int 0)) (quiet (channel Int 0)))
    (with-tasks
      (spawn (send full 1))
      (spawn (for-msg (m quiet) (println m)))
      (spawn (with-tasks (spawn (recv quiet)))))
    ()))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(
      `${header}  task spawned at main.weft:4:7: waits on a channel (send, recv, select or for-msg) (at main.weft:4:14)\n` +
        "  task spawned at main.weft:5:7: waits on a channel (send, recv, select or for-msg) (at main.weft:5:14)\n" +
        "  task spawned at main.weft:6:7: waits for the with-tasks at main.weft:6:14 to end\n" +
        "  task spawned at main.weft:6:26: waits on a channel (send, recv, select or for-msg) (at main.weft:6:33)\n",
    );
  });

  test("a task parked in select is listed at the select; one that caught an error after a select is not reported at it", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((a (channel Int 0)) (b (channel Int 0)) (gone (channel Int 0)))
    (close! gone)
    (with-tasks
      (spawn (select ((recv a) (m) m) ((recv b) (m) m)))
      (spawn
        (do
          (try (select ((send gone 1) () ())) (catch e ()))
          (with-tasks (spawn (recv b)))))
      ())))`,
    });
    expect(got.status).toBe(1);
    expect(got.stderr).toBe(
      `${header}  task spawned at main.weft:5:7: waits on a channel (send, recv, select or for-msg) (at main.weft:5:14)\n` +
        "  task spawned at main.weft:6:7: waits for the with-tasks at main.weft:9:11 to end\n" +
        "  task spawned at main.weft:9:23: waits on a channel (send, recv, select or for-msg) (at main.weft:9:30)\n",
    );
  });

  test("a thread waiting on a channel that the main thread sends to after a sleep is no deadlock", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((ch (channel Int 0)))
    (with-tasks
      (let ((t (spawn-thread (recv ch))))
        (sleep 200)
        (send ch 5)
        (println (match (await t) ((Some v) v) (None -1)))))))`,
    });
    expect(got).toEqual({ status: 0, stdout: "5\n", stderr: "" });
  });

  test("the main thread waiting on a channel that a thread sends to after a sleep is no deadlock", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (let ((ch (channel Int 0)))
    (with-tasks
      (spawn-thread (do (sleep 200) (send ch 7)))
      (println (match (recv ch) ((Some v) v) (None -1))))))`,
    });
    expect(got).toEqual({ status: 0, stdout: "7\n", stderr: "" });
  });

  test("the main thread awaiting a thread that is busy computing is no deadlock", () => {
    const got = runInNode({
      "main.weft": `(defn count-up (n)
  (loop ((i 0) (acc 0))
    (if (< i n) (recur (+ i 1) (+ acc (mod i 7))) acc)))
(defn main ()
  (with-tasks
    (println (await (spawn-thread (count-up 3000000))))))`,
    });
    expect(got).toEqual({ status: 0, stdout: "8999994\n", stderr: "" });
  });

  // A par-map function never waits (E0320), but it may complete a wait of a sleeping thread. Each
  // thread says it started, then sleeps in recv (the main thread gives it 100 ms to get there; if
  // it is slower the test still passes, it only checks less); every element goes to the pool
  // (WEFT_PAR_INLINE=0); woken by a pool thread, the thread then waits on a timer while the main
  // thread waits for it: nobody is stuck, so this must not be reported (it was, when pool threads
  // woke nobody).
  test.each([
    [
      "a par-map function's try-send to a thread asleep in recv wakes it: no deadlock while it then sleeps on a timer",
      "(match (recv ch) ((Some v) (do (sleep 200) v)) (None -1))",
      "(println (par-map [5] (fn (x) (try-send ch x))))",
      "[true]\n5\n",
    ],
    [
      "a par-for-each function's close! of the channel a thread sleeps in recv on wakes it: no deadlock",
      "(match (recv ch) ((Some v) v) (None (do (sleep 200) -1)))",
      "(par-for-each [1] (fn (x) (close! ch)))",
      "-1\n",
    ],
  ])("%s", (_name, inThread, parCall, stdout) => {
    const got = runInNode(
      {
        "main.weft": `(defn main ()
  (let ((ch (channel Int 1)) (started (channel Int 1)))
    (with-tasks
      (let ((t (spawn-thread (do (send started 1) ${inThread}))))
        (recv started)
        (sleep 100)
        ${parCall}
        (println (await t))))))`,
      },
      undefined,
      { WEFT_PAR_INLINE: "0" },
    );
    expect(got).toEqual({ status: 0, stdout, stderr: "" });
  });

  test("2,000 round trips between the main thread and a thread over rendezvous channels end normally", () => {
    const got = runInNode({
      "main.weft": `(defn pong (req rep)
  (for-msg (m req) (send rep (+ m 1))))
(defn main ()
  (let ((req (channel Int 0)) (rep (channel Int 0)))
    (with-tasks
      (spawn-thread (pong req rep))
      (println (loop ((i 0) (acc 0))
        (if (< i 2000)
          (do (send req i) (recur (+ i 1) (+ acc (match (recv rep) ((Some v) v) (None 0)))))
          acc)))
      (close! req))))`,
    });
    expect(got).toEqual({ status: 0, stdout: "2001000\n", stderr: "" });
  });
});
