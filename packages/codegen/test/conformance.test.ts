import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run, runInNode, runtimesBuilt } from "./run.js";

const root = "/work/shared/conformance/cases";
/** The single-thread concurrency cases (tasks, channels); the thread ones need `./threads/`. */
const CONCURRENCY = [
  "tasks/basic.weft",
  "tasks/cancel-not-caught.weft",
  "tasks/cancel-tasks.weft",
  "tasks/error-cancels-siblings.weft",
  "tasks/timeout-race.weft",
  "tasks/waits-for-children.weft",
  "channels/close-drain.weft",
  "channels/dropping-sliding.weft",
  "channels/producer-consumer.weft",
  "channels/rendezvous.weft",
  "channels/select.weft",
];
const files = existsSync(root)
  ? [
      ...readdirSync(join(root, "core")).map((f) => `core/${f}`),
      "reader/literals.weft",
      "arenas/basic.weft",
      "atoms/basics.weft",
      ...CONCURRENCY,
    ].filter(
      (f) => f.endsWith(".weft") && existsSync(join(root, f)),
    )
  : [];
/** Cases that start worker threads: run in a fresh `node` against the built runtimes. */
const THREADS = [
  "tasks/spawn-thread.weft",
  "tasks/spawn-thread-is-a-thread.weft",
  "channels/render-thread.weft",
  "atoms/threads-counter.weft",
  "atoms/threads-struct.weft",
  "par/error.weft",
  "par/par-map.weft",
  "par/par-for-each-atom.weft",
  "par/uses-workers.weft",
].filter((f) => existsSync(join(root, f)));

function expectations(text: string): { stdout: string; exit: number; stderr: string[] } {
  const lines = text.split("\n").filter((l) => l.startsWith(";;"));
  const stdout = lines.filter((l) => l.startsWith(";; > ") || l === ";; >").map((l) => l.slice(5) + "\n").join("");
  const exit = lines.some((l) => /^;; expect: exit 1/.test(l)) ? 1 : 0;
  const stderr = lines.filter((l) => l.startsWith(";; stderr-contains: ")).map((l) => l.slice(";; stderr-contains: ".length));
  return { stdout, exit, stderr };
}

describe.skipIf(files.length === 0)("conformance cases (core, reader/literals, arenas/basic, atoms/basics, single-thread tasks and channels)", () => {
  test.each(files)("%s prints exactly its expected output", async (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const want = expectations(text);
    const got = await run({ [file]: text });
    expect(got.stdout).toBe(want.stdout);
    if (want.exit === 0) expect(got.error).toBeUndefined();
    else {
      expect(got.error).toBeInstanceOf(Error);
      for (const s of want.stderr) expect((got.error as Error).message).toContain(s);
    }
  });
});

// Worker threads import the compiled modules with plain Node, so these need the runtimes built
// (`npx turbo run build`); without a build they are skipped, and the conformance script runs them.
describe.skipIf(THREADS.length === 0 || !runtimesBuilt())("conformance cases on worker threads (built runtimes)", () => {
  test.each(THREADS)("%s prints exactly its expected output", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const got = runInNode({ [file]: text });
    expect(got.stderr).toBe("");
    expect(got.status).toBe(0);
    expect(got.stdout).toBe(expectations(text).stdout);
  });
});

describe.skipIf(!runtimesBuilt())("tasks on worker threads", () => {
  test("cancelling a spawn-thread task stops it at its next suspension point on the worker", () => {
    const got = runInNode({
      "main.weft": `(defn spin (n) (sleep 1) (check-cancelled) (spin (+ n 1)))
(defn main ()
  (with-tasks (spawn-thread (spin 0)) (sleep 20) (cancel-tasks))
  (println "stopped" (> (thread-id) -1)))`,
    });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("stopped true\n");
  });

  // Only check-cancelled's shared word can reach the loop (it never suspends, so it never reads a
  // message): if it missed it, the scope would wait for the loop forever.
  test("a busy spawn-thread loop that only calls check-cancelled stops when a sibling fails the scope, which raises the sibling's error", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (with-tasks
    (spawn-thread (loop ((n 0)) (check-cancelled) (recur (+ n 1))))
    (spawn (do (sleep 20) (fail "sibling broke"))))
  (println "unreachable"))`,
    });
    expect(got).toEqual({ status: 1, stdout: "", stderr: "sibling broke\n" });
  });

  test("a spawn-thread body with a with-tasks of its own spawns green tasks on its worker and awaits them", () => {
    const got = runInNode({
      "main.weft": `(defn main ()
  (println (with-tasks
    (await (spawn-thread
      (with-tasks
        (let ((a (spawn (do (yield) (thread-id))))
              (b (spawn (* 6 7))))
          (str (> (await a) 0) " " (await b))))))))`,
    });
    expect(got).toEqual({ status: 0, stdout: "true 42\n", stderr: "" });
  });

  test("a def or defonce holding an atom or a channel is the same one on every worker", () => {
    const got = runInNode({
      "main.weft": `(import "./state.weft" hits)
(def log (channel Int :unbounded))
(defn bump () (swap! hits (fn (h) (+ h 1))))
(defn main ()
  (with-tasks
    (spawn-thread (do (bump) (send log 7))))
  (par-for-each (range 10) (fn (i) (bump)))
  (println @hits (try-recv log)))`,
      "state.weft": `(defonce hits (atom 0))`,
    });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("11 (Some 7)\n");
  });

  test("function values codegen makes itself cross to par-map's workers: built-ins, constructors, methods, generic functions", () => {
    const got = runInNode(
      {
        "main.weft": `(defclass (Describe a) (describe (Fn (a) String)))
(instance (Describe Int) (defn describe (n) (str "#" n)))
(defn dbl (x) (+ x x))
(defn main ()
  (println (par-map [1 2] dbl) (par-map [1 2] float) (par-map [1 2] Some))
  (println (par-map [1 2] describe) (par-map [1 2] (fn (x) (show x)))))`,
      },
      "main.weft",
      // Cheap elements would run on the caller: this is about what crosses to the workers.
      { WEFT_PAR_INLINE: "0" },
    );
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe('[2 4] [1.0 2.0] [(Some 1) (Some 2)]\n["#1" "#2"] ["1" "2"]\n');
  });
});
