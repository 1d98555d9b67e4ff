import { describe, expect, test } from "vitest";
import { generate } from "../src/index.js";
import { call, defn, int, op, program } from "./ir.js";
import { captureStdout, compile, load, runtimeSpecifier, writeModules } from "./run.js";

async function loadSource(src: string) {
  const { modules } = compile({ "main.weft": src });
  return { js: modules[0]!.js, mod: await load(writeModules(modules), modules[0]!.fileName) };
}

/** A stand-in for runtime-tasks' Cancelled: recognised by its brand, as the real one is. */
class Cancelled extends Error {
  get [Symbol.for("weft.Cancelled")](): true {
    return true;
  }
}

describe("try", () => {
  type Rt = { fail(m: string): never; WeftError: new (m: string) => Error };
  const rt = () => import(/* @vite-ignore */ runtimeSpecifier("@weft/runtime-core")) as Promise<Rt>;

  test.each([
    ["a Weft error from fail", "is caught", (r: Rt) => r.fail("x"), -1],
    ["a cancellation (runtime-tasks' Cancelled brand)", "passes through", () => { throw new Cancelled("task cancelled"); }, "task cancelled"],
    ["a WeftError that says it is not catchable", "passes through", (r: Rt) => {
      throw new (class extends r.WeftError { get catchable() { return false; } })("cancelled too");
    }, "cancelled too"],
    ["a JavaScript TypeError", "passes through", () => { throw new TypeError("bug"); }, "bug"],
  ])("%s %s", async (_name, _outcome, thrower, want) => {
    const r = await rt();
    const { mod } = await loadSource(`(sig guard (LocalFn ((LocalFn () Int)) Int)) (defn guard (f) (try (f) (catch e -1))) (defn main () 0)`);
    const guard = mod["guard"] as (f: () => number) => number;
    if (typeof want === "number") expect(guard(() => thrower(r))).toBe(want);
    else expect(() => guard(() => thrower(r))).toThrow(want);
    expect(guard(() => 5)).toBe(5);
  });

  test("a Weft error raised inside the body is caught and its message read", async () => {
    const { js, mod } = await loadSource(`(defn main () (println (try (fail "no") (catch e (error-message e)))))`);
    expect(js).toContain("$rt.isCatchable(");
    expect((await captureStdout(mod["main"] as () => void)).stdout).toBe("no\n");
  });
});

describe("suspension", () => {
  test("a call of a suspending function is awaited and makes its caller async", async () => {
    const p = program([defn("wait", [], int(7), true), defn("main", [], op("println", call("wait")), true)]);
    const { modules } = generate(p, { runtimeSpecifier });
    const m = modules[0]!;
    expect(m.js).toContain("async function wait(");
    expect(m.js).toContain("$tasks.resume($task, await $fn.wait())");
    const mod = await load(writeModules(modules), m.fileName);
    const result = mod["main"] as () => Promise<void>;
    expect((await captureStdout(() => result())).stdout).toBe("7\n");
  });

  test("code that never suspends stays synchronous", async () => {
    const { js } = await loadSource(`(defn main () (println (map [1 2] (fn (x) (+ x 1)))))`);
    expect(js).not.toContain("async");
    expect(js).not.toContain("await");
  });
});

describe("arenas", () => {
  test("an arena body sees the bindings around it and gives its value back", async () => {
    const { mod } = await loadSource(`(defn main ()
      (let ((n 3) (x 1.5))
        (println (with-arena (a) (let ((v (arena-vec a n x))) (set-nth! v 0 (+ x 1.0)) (freeze v))))))`);
    expect((await captureStdout(mod["main"] as () => void)).stdout).toBe("[2.5 1.5 1.5]\n");
  });

  test.each([
    ["Float", "0.5", "f64"],
    ["Int", "1", "i32"],
    ["String", '"s"', "any"],
  ])("an arena-vec of %s elements asks @weft/gc for kind %s", async (_t, init, kind) => {
    const { js } = await loadSource(`(defn main () (with-arena (a) (let ((v (arena-vec a 2 ${init}))) (println (count (freeze v))))))`);
    expect(js).toContain(`"${kind}")`);
    expect(js).toMatch(/\$gc\.withArena\(/);
  });

  test("an arena-vec of a negative size is an Error the surrounding try catches", async () => {
    const { mod } = await loadSource(`(defn main ()
      (println (try (with-arena (a) (count (arena-vec a -1 0))) (catch e (do (println (error-message e)) 0)))))`);
    expect((await captureStdout(mod["main"] as () => void)).stdout).toBe(
      "arena-vec length must be an integer from 0 to 67108864, not -1\n0\n",
    );
  });
});
