import { describe, expect, test } from "vitest";
import { compile, run, testPrograms } from "./run.js";

// `(spawn (f x))` with `x` a capture or a literal is `spawnCall($fn.f, x)`: the runtime calls
// `f(x)` as the task, with no closure made per task. Each program checks that such a task still
// behaves as a task (starts after the spawn, joins, fails its scope, is cancelled).
const prelude = `(defn double (i) (* i 2))
(defn slow-double (i) (sleep 1) (* i 2))
(defn answer () 42)
(defn boom (i) (if (= i 3) (fail "three") i))`;

describe("a green task whose body is one call of a top-level function", () => {
  testPrograms(
    [
      [
        "tasks of one argument, plain and suspending, give their values",
        `(defn main ()
           (println
             (with-tasks
               (let ((a (map (range 4) (fn (i) (spawn (double i)))))
                     (b (map (range 4) (fn (i) (spawn (slow-double i))))))
                 [(map a (fn (t) (await t))) (map b (fn (t) (await t)))]))))`,
        "[[0 2 4 6] [0 2 4 6]]\n",
      ],
      [
        "no argument, or a literal one",
        `(defn main ()
           (println (with-tasks (let ((a (spawn (answer))) (b (spawn (double 21)))) (+ (await a) (await b))))))`,
        "84\n",
      ],
      [
        "the task starts after the spawn returns, not inside it",
        `(defn note (s) (println s) s)
         (defn main ()
           (with-tasks
             (let ((t (spawn (note "task"))))
               (println "spawned")
               (await t))))`,
        "spawned\ntask\n",
      ],
      [
        "its error fails the scope after the others stop",
        `(defn main ()
           (println
             (try
               (with-tasks (let ((ts (map (range 5) (fn (i) (spawn (boom i)))))) (map ts (fn (t) (await t)))) "no error")
               (catch e (error-message e)))))`,
        "three\n",
      ],
      [
        "it is cancelled with its scope",
        `(defn wait-long (ms) (sleep ms) "woke")
         (defn main ()
           (println (timeout 5 (with-tasks (await (spawn (wait-long 60000)))))))`,
        "None\n",
      ],
    ],
    prelude,
  );

  test("is compiled to spawnCall with the function and its argument, and no task factory", () => {
    const { modules } = compile({
      "main.weft": `${prelude}
(defn main ()
  (with-tasks
    (let ((ts (map (range 3) (fn (i) (spawn (double i))))) (a (spawn (answer))) (b (spawn (double 5))))
      (println (map ts (fn (t) (await t))) (await a) (await b)))))`,
    });
    const js = modules[0]!.js;
    expect(js).toContain('$tasks.spawnCall($fn.double, i, "main.weft:7:38")');
    expect(js).toContain('$tasks.spawnCall($fn.answer, undefined, "main.weft:7:63")');
    expect(js).toContain('$tasks.spawnCall($fn.double, 5, "main.weft:7:84")');
    expect(js).not.toMatch(/function \$task\d/);
  });

  test("a call of two arguments, or of an argument that is computed, keeps its factory", () => {
    const { modules } = compile({
      "main.weft": `(defn add (a b) (+ a b))
(defn main ()
  (with-tasks
    (let ((x 1) (a (spawn (add x 2))) (b (spawn (add (+ x 1) 0))))
      (println (await a) (await b)))))`,
    });
    const js = modules[0]!.js;
    expect(js).not.toContain("spawnCall");
    expect(js.match(/function \$task\d+\(x\)/g)).toHaveLength(2);
  });

  test("a function of another module is called through that module's table", async () => {
    const got = await run(
      {
        "main.weft": `(import "./lib.weft" triple)
(defn main () (println (with-tasks (let ((ts (map [1 2] (fn (i) (spawn (triple i)))))) (map ts (fn (t) (await t)))))))`,
        "lib.weft": `(defn triple (i) (* i 3))`,
      },
      "main.weft",
    );
    expect(got.error).toBeUndefined();
    expect(got.stdout).toBe("[3 6]\n");
    expect(got.modules.find((m) => m.path === "main.weft")!.js).toMatch(/\$tasks\.spawnCall\(\$m\d+\.\$fn\.triple, i, /);
  });
});
