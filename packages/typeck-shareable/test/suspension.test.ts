import { describe, expect, test } from "vitest";
import type { Expr, Lambda, TopFn } from "../src/index.js";
import { checkSource, nodes, typesOf } from "./helpers.js";

function fns(src: string): Map<string, TopFn> {
  const r = checkSource(src);
  if (!r.program) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  const m = r.program.modules[r.program.modules.length - 1]!;
  return new Map(m.values.filter((v): v is TopFn => v.kind === "fn").map((v) => [v.name, v]));
}

const suspends: [string, string, Record<string, boolean>][] = [
  ["a function that sleeps suspends", `(defn load (ms) (sleep ms) 1)`, { load: true }],
  ["a pure function does not", `(defn pure (x) (+ x 1))`, { pure: false }],
  ["calling a suspending function suspends", `(defn load () (sleep 1) 1)\n(defn main () (+ (load) 1))`, { load: true, main: true }],
  ["suspension goes through mutual recursion", `(defn a (n) (if (= n 0) (yield) (b (- n 1))))\n(defn b (n) (a n))`, { a: true, b: true }],
  ["with-tasks is a suspension point", `(defn main () (with-tasks 1))`, { main: true }],
  ["every §5 suspension point counts", `(defn f1 (t) (await t))
(defn f2 (ch) (recv ch))
(defn f3 (ch) (send ch 1))
(defn f4 () (check-cancelled))
(defn f5 () (timeout 1 2))
(defn f6 () (race 1 2))
(defn f7 () (par-map [1] (fn (x) x)))
(defn f8 (ch) (for-msg (m ch) (println m)))
(defn f9 (ch) (select ((recv ch) (m) ()) (default ())))
(defn g1 (ch) (try-recv ch))
(defn g2 () (thread-id))`, { f1: true, f2: true, f3: true, f4: true, f5: true, f6: true, f7: true, f8: true, f9: true, g1: false, g2: false }],
  ["map with a pure function does not suspend", `(defn main () (map [1 2] (fn (x) (* x 2))))`, { main: false }],
  ["map with a suspending function does", `(defn main () (map [1 2] (fn (x) (sleep 1) x)))`, { main: true }],
  ["a user higher-order function is polymorphic in suspension", `(defn twice (f x) (f (f x)))
(defn slow (x) (sleep 1) x)
(defn quick () (twice (fn (x) (+ x 1)) 1))
(defn waits () (twice slow 1))`, { twice: false, quick: false, waits: true }],
  // §2: a parameter annotated (Fn …) never suspends (giving it one that can is E0322), so a sig
  // that wants to call suspending functions says `:suspends`, and its function then waits.
  ["a sig'd higher-order function whose parameter is declared :suspends suspends", `(sig app (Fn ((Fn (a) b :suspends) a) b))
(defn app (f x) (f x))
(defn slow (x) (sleep 1) x)
(defn quick () (app (fn (x) (+ x 1)) 1))
(defn waits () (app slow 1))`, { app: true, quick: true, waits: true }],
  ["a sig'd higher-order function whose parameter is declared (Fn …) does not suspend", `(sig app (Fn ((Fn (a) b) a) b))
(defn app (f x) (f x))
(defn quick () (app (fn (x) (+ x 1)) 1))`, { app: false, quick: false }],
  ["spawning does not make the spawner suspend, its scope does", `(defn f () (with-tasks (spawn (sleep 1))))`, { f: true }],
  ["a closure in a generic struct field carries its suspension", `(defstruct (H f) (run f))
(defn slow (x) (sleep 1) x)
(defn call-it (h) ((.run h) 1))
(defn main () (call-it (H slow)))
(defn quick () (call-it (H (fn (x) x))))`, { "call-it": false, main: true, quick: false }],
  ["a function in a (Fn …) field never suspends", `(defstruct H (run (Fn (Int) Int)))
(defn call-it (h) ((.run h) 1))
(defn main () (par-map [(H (fn (x) x))] call-it))`, { main: true, "call-it": false }],
];

describe("suspension inference", () => {
  test.each(suspends)("%s", (_name, src, expected) => {
    const m = fns(src);
    for (const [name, s] of Object.entries(expected)) {
      expect(m.get(name)?.suspends, name).toBe(s);
      expect((m.get(name)?.type as { suspends?: boolean }).suspends, `${name}'s type`).toBe(s);
    }
  });

  test("a lambda records whether it suspends, and so does its type", () => {
    const main = fns(`(defn main () (map [1] (fn (x) (sleep 1) x)) (map [1] (fn (x) x)))`).get("main")!;
    const lams = nodes(main.body, "lambda") as Lambda[];
    expect(lams.map((l) => l.suspends)).toEqual([true, false]);
    expect(lams.map((l) => (l.type as { suspends: boolean }).suspends)).toEqual([true, false]);
  });

  test("each call records whether it suspends at its instantiation", () => {
    const m = fns(`(defn twice (f x) (f (f x)))
(defn slow (x) (sleep 1) x)
(defn main () (twice slow 1) (twice (fn (x) x) 1) (map [1] slow) (map [1] (fn (x) x)))`);
    const main = m.get("main")!;
    expect(nodes(main.body, "call-global").map((c) => c.suspends)).toEqual([true, false]);
    expect(nodes(main.body, "call-builtin").map((c) => c.suspends)).toEqual([true, false]);
    const inner = nodes(m.get("twice")!.body, "call");
    expect(inner.every((c) => c.suspends === false)).toBe(true);
  });

  test("a function polymorphic in suspension says it may suspend, and so do its lambdas", () => {
    const m = fns(`(defn each (xs f) (for-each xs (fn (x) (f x))))\n(defn pure (xs) (for-each xs (fn (x) x)))`);
    const each = m.get("each")!;
    expect([each.suspends, each.maySuspend]).toEqual([false, true]);
    const lam = nodes(each.body, "lambda")[0] as Lambda;
    expect([lam.suspends, lam.maySuspend]).toEqual([false, true]);
    expect(m.get("pure")!.maySuspend).toBeUndefined();
  });

  test("a spawn's body is a lambda that suspends on its own", () => {
    const f = fns(`(defn f () (with-tasks (await (spawn (sleep 1)))))`).get("f")!;
    const spawn = nodes(f.body, "spawn")[0]!;
    expect(spawn.thread).toBe(false);
    expect(spawn.body.kind).toBe("lambda");
    expect(spawn.body.suspends).toBe(true);
    expect(spawn.body.params).toEqual([]);
  });

  test("a closure's type says whether it is Shareable", () => {
    const main = fns(`(defn main () (let ((mut n 0) (a (fn () n)) (b (fn () 1))) (a) (b)))`).get("main")!;
    const lams = nodes(main.body, "lambda") as Lambda[];
    expect(lams.map((l) => (l.type as { shareable: boolean }).shareable)).toEqual([false, true]);
  });

  test.each([
    ["a generic sender", `(defn put (ch x) (send ch x))`, "put", "(Fn ((Channel a) a) ()) (Shareable a)"],
    ["a generic spawner of a value", `(defn later (x) (with-tasks (await (spawn x))))`, "later", "(Fn (a) a) (Shareable a)"],
    ["a wrapper inherits it", `(defn put (ch x) (send ch x))\n(defn put2 (ch x) (put ch x) (put ch x))`, "put2", "(Fn ((Channel a) a) ()) (Shareable a)"],
    ["a generic par-map over its elements", `(defn pm (xs) (par-map xs (fn (x) x)))`, "pm", "(Fn ((Vec a)) (Vec a)) (Shareable a)"],
    ["a sig declares it", `(sig put (Fn ((Channel a) a) ()) (Shareable a))\n(defn put (ch x) (send ch x))`, "put", "(Fn ((Channel a) a) ()) (Shareable a)"],
    ["a function parameter that crosses needs no constraint: its flag is the check", `(defn go (f) (with-tasks (spawn (f)) ()))`, "go", "(Fn ((Fn () a)) ())"],
  ])("(Shareable a) is inferred for %s", (_name, src, name, type) => {
    expect(typesOf(src)[name]).toBe(type);
  });

  test("Shareable is a checked constraint, never a dictionary", () => {
    const m = fns(`(defn put (ch x) (send ch x))\n(defn main () (put (channel Int 1) 1))`);
    expect(m.get("put")!.dictParams).toEqual([]);
    const call = nodes(m.get("main")!.body, "call-global")[0]!;
    expect(call.dicts).toEqual([]);
  });

  test("select, for-msg, timeout and race have their own nodes", () => {
    const main = fns(`(defn main ()
  (let ((a (channel Int 1)))
    (select ((recv a) (v) 1) ((send a 2) () 2) ((after 5) () 3) (default 4))
    (for-msg (m a) (println m))
    (timeout 5 (recv a))
    (race 1 2)))`).get("main")!;
    const sel = nodes(main.body, "select")[0]!;
    expect(sel.clauses.map((c) => c.kind)).toEqual(["recv", "send", "after"]);
    const recv = sel.clauses[0]!;
    expect(recv.kind === "recv" && recv.binding?.name).toBe("v");
    expect(recv.kind === "recv" && recv.binding?.type).toEqual({ kind: "con", name: "Option", args: [{ kind: "con", name: "Int", args: [] }] });
    expect(sel.default?.kind).toBe("lit");
    const fm = nodes(main.body, "for-msg")[0]!;
    expect([fm.binding.name, fm.binding.type]).toEqual(["m", { kind: "con", name: "Int", args: [] }]);
    const to = nodes(main.body, "timeout")[0]!;
    expect([to.body.kind, to.body.suspends, to.type]).toEqual(["lambda", true, { kind: "con", name: "Option", args: [{ kind: "con", name: "Option", args: [{ kind: "con", name: "Int", args: [] }] }] }]);
    expect(nodes(main.body, "race")[0]!.bodies.map((b) => b.kind)).toEqual(["lambda", "lambda"]);
    expect(main.suspends).toBe(true);
  });

  test("with-tasks wraps its body; spawn-thread is a spawn with thread: true", () => {
    const main = fns(`(defn main () (with-tasks (await (spawn-thread (thread-id)))))`).get("main")!;
    const wt = nodes(main.body, "with-tasks")[0]!;
    expect(wt.type).toEqual({ kind: "con", name: "Int", args: [] });
    const sp = nodes(wt.body, "spawn")[0]!;
    expect([sp.thread, sp.body.captures, sp.type]).toEqual([true, [], { kind: "con", name: "Task", args: [{ kind: "con", name: "Int", args: [] }] }]);
  });

  test("channel nodes carry capacity and policy", () => {
    const main = fns(`(defn main () [(channel Int) (channel Int 0) (channel Int 2 :sliding) (channel Int :unbounded)])`).get("main")!;
    const chans = nodes(main.body, "channel");
    expect(chans.map((c) => [c.capacity && c.capacity.kind === "lit" ? (c.capacity.value as { value: number }).value : null, c.policy])).toEqual([
      [64, "block"], [0, "block"], [2, "sliding"], [null, "unbounded"],
    ]);
  });
});
