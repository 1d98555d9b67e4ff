import { describe, expect, test } from "vitest";
import type { Expr, Lambda, Module, TopFn } from "../src/index.js";
import { importsOf } from "../src/index.js";
import { checkSource, nodes } from "./helpers.js";

function moduleOf(src: string | Record<string, string>, index = -1): Module {
  const r = checkSource(src);
  if (!r.program) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.program.modules.at(index)!;
}

function fnNamed(m: Module, name: string): TopFn {
  const v = m.values.find((x) => x.name === name);
  if (!v || v.kind !== "fn") throw new Error(`no fn ${name}`);
  return v;
}

describe("the typed IR", () => {
  test("a closure captures the enclosing parameter and the dictionary it uses", () => {
    const f = fnNamed(moduleOf(`(defn make-adder (n) (fn (x) (+ x n)))`), "make-adder");
    expect(f.dictParams.map((d) => [d.class, d.typeVar])).toEqual([["Num", "a"]]);
    const lam = f.body as Lambda;
    expect(lam.kind).toBe("lambda");
    expect(lam.captures.map((c) => c.name)).toEqual(["n"]);
    expect(lam.capturedDicts).toEqual(f.dictParams);
    expect(f.params[0]!.captured).toBe(true);
    expect(lam.params[0]!.captured).toBe(false);
  });

  test("captures are listed once each, in first-use order", () => {
    const f = fnNamed(moduleOf(`(defn f (a b c) (fn () (+ c (+ a (+ c a)))))`), "f");
    expect((f.body as Lambda).captures.map((c) => c.name)).toEqual(["c", "a"]);
  });

  test("a closure over a mut binding is not shareable, and the binding is marked captured", () => {
    const f = fnNamed(moduleOf(`(defn f () (let ((mut total 0)) (for-each [1 2] (fn (k) (set! total (+ total k)))) total))`), "f");
    const [lam] = nodes(f, "lambda");
    expect(lam!.captures.map((c) => [c.name, c.mutable, c.captured])).toEqual([["total", true, true]]);
    expect(lam!.type.kind === "fn" && lam!.type.shareable).toBe(false);
  });

  test("a loop and its recur share an id; a recur in a fn targets the fn", () => {
    const m = moduleOf(`(defn fact (n) (loop ((i n) (acc 1)) (if (<= i 1) acc (recur (- i 1) (* acc i)))))\n(defn down (n) (if (= n 0) 0 (recur (- n 1))))`);
    const [loop] = nodes(fnNamed(m, "fact"), "loop");
    const [recur] = nodes(fnNamed(m, "fact"), "recur");
    expect(recur!.loopId).toBe(loop!.id);
    expect(nodes(fnNamed(m, "down"), "recur")[0]!.loopId).toBeNull();
  });

  test("call sites pass dictionaries for the callee's constraints", () => {
    const m = moduleOf(`(defn add (a b) (+ a b))\n(defn main () (add 1.5 2.0))`);
    const [call] = nodes(fnNamed(m, "main"), "call-global");
    expect(call!.dicts).toEqual([{ kind: "builtin", class: "Num", type: "Float", args: [] }]);
  });

  test("println gets one Show dictionary per argument, containers with their element's", () => {
    const m = moduleOf(`(defn main () (println 1 "a" [2.5]))`);
    const [call] = nodes(fnNamed(m, "main"), "call-builtin");
    expect(call!.dicts).toEqual([
      { kind: "builtin", class: "Show", type: "Int", args: [] },
      { kind: "builtin", class: "Show", type: "String", args: [] },
      { kind: "builtin", class: "Show", type: "Vec", args: [{ kind: "builtin", class: "Show", type: "Float", args: [] }] },
    ]);
  });

  test("structs derive Eq and Show, unless the program writes its own instance", () => {
    const m = moduleOf(`(defstruct P (x Int))\n(defstruct Q (x Int))\n(instance (Show Q) (defn show (q) "q"))\n(defn main () (println (P 1) (Q 1)))`);
    expect(m.structs.map((s) => [s.name, s.derives])).toEqual([["P", ["Eq", "Show"]], ["Q", ["Eq"]]]);
    const [call] = nodes(fnNamed(m, "main"), "call-builtin");
    expect(call!.dicts.map((d) => d.kind)).toEqual(["derived", "instance"]);
    expect(m.instances[0]!.methods[0]!.fn.kind).toBe("lambda");
  });

  test("a struct holding a function derives nothing", () => {
    const m = moduleOf(`(defstruct H (f (Fn (Int) Int)))`);
    expect(m.structs[0]!.derives).toEqual([]);
  });

  test("a class method is a method node with its dictionary", () => {
    const m = moduleOf(`(defclass (Describe a) (describe (Fn (a) String)))\n(instance (Describe Int) (defn describe (n) "int"))\n(defn main () (describe 7))`);
    const [call] = nodes(fnNamed(m, "main"), "call");
    expect(call!.callee.kind).toBe("method");
    expect(call!.callee.kind === "method" && call!.callee.dict).toEqual({ kind: "instance", id: m.instances[0]!.id, args: [] });
  });

  test("recursive calls of a generic function pass its own dictionaries", () => {
    const f = fnNamed(moduleOf(`(defn sum-to (n acc) (if (= n (- n n)) acc (sum-to (- n (* n (- n n))) (+ acc n))))`), "sum-to");
    const [call] = nodes(f, "call-global");
    expect(call!.dicts.map((d) => d.kind)).toEqual(f.dictParams.map(() => "param"));
  });

  test("imported modules come first and imported names are global references", () => {
    const r = checkSource({ "main.weft": `(import "./lib/math.weft" sq)\n(defn main () (sq 3))`, "lib/math.weft": `(defn sq (x) (* x x))` });
    expect(r.program!.modules.map((m) => m.path)).toEqual(["lib/math.weft", "main.weft"]);
    const [call] = nodes(r.program!.modules[1]!.values[0], "call-global");
    expect(call!.ref).toEqual({ module: "lib/math.weft", name: "sq" });
    expect(r.program!.modules[1]!.imports.map((i) => i.path)).toEqual(["lib/math.weft"]);
  });

  test("with-arena binds an Arena and arena-vec makes a MutVec", () => {
    const f = fnNamed(moduleOf(`(defn f () (with-arena (a) (let ((v (arena-vec a 4 0.5))) (nth v 0))))`), "f");
    const arena = f.body as unknown as { kind: string; arena: { type: unknown } };
    expect(arena.kind).toBe("with-arena");
    expect(arena.arena.type).toEqual({ kind: "con", name: "Arena", args: [] });
    expect(nodes(f, "call-builtin").find((c) => c.name === "nth")!.dicts).toEqual([{ kind: "builtin", class: "Count", type: "MutVec", args: [] }]);
  });
});

describe("lowering of discarded bodies", () => {
  test("a when whose body ends in recur keeps the recur in tail position", () => {
    const f = fnNamed(moduleOf(`(defn f () (loop ((i 0)) (when (< i 3) (println i) (recur (+ i 1)))))`), "f");
    const [iff] = nodes(f, "if");
    expect(iff!.then.kind).toBe("do");
    const d = iff!.then as Extract<Expr, { kind: "do" }>;
    expect(d.body[d.body.length - 1]!.kind).toBe("recur");
    expect(iff!.type).toEqual({ kind: "con", name: "Unit", args: [] });
  });
  test("a when whose body has a value is followed by ()", () => {
    const f = fnNamed(moduleOf(`(defn f () (when true 5))`), "f");
    const [iff] = nodes(f, "if");
    const d = iff!.then as Extract<Expr, { kind: "do" }>;
    expect(d.body.map((x) => x.kind)).toEqual(["lit", "lit"]);
  });
});

describe("modules", () => {
  test("an instance and a generic function from another module are used through dictionaries", () => {
    const r = checkSource({
      "main.weft": `(import "./lib.weft" Box total describe)\n(defn main () (println (describe (Box 1)) (total [1.5 2.5])))`,
      "lib.weft": `(defstruct Box (v Int))\n(defclass (Describe a) (describe (Fn (a) String)))\n(instance (Describe Box) (defn describe (b) (str "box " (.v b))))\n(sig total (Fn ((Vec a)) a) (Num a))\n(defn total (xs) (reduce xs (nth xs 0) +))`,
    });
    expect(r.diagnostics).toEqual([]);
    const main = r.program!.modules[1]!;
    const calls = nodes(main, "call-global");
    expect(calls[0]!.dicts).toEqual([{ kind: "builtin", class: "Num", type: "Float", args: [] }]);
    expect(nodes(main, "construct")[0]!.ctor).toEqual({ kind: "struct", type: { module: "lib.weft", name: "Box" } });
  });
  test("two modules may define structs of the same name", () => {
    const r = checkSource({
      "main.weft": `(import "./lib.weft" make)\n(defstruct P (x Float))\n(defn main () (println (P 1.0) (make)))`,
      "lib.weft": `(defstruct P (x Int))\n(defn make () (P 1))`,
    });
    expect(r.diagnostics).toEqual([]);
  });
  test("a name the other module does not define is E0100", () => {
    const r = checkSource({ "main.weft": `(import "./lib.weft" sqr)\n(defn main () 1)`, "lib.weft": `(defn sq (x) (* x x))` });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([["E0100", "`./lib.weft` does not define `sqr`", "did you mean `sq`?"]]);
  });
});

describe("shareable flags of lambdas", () => {
  test.each([
    ["a closure over plain values is shareable", `(defn f (n) (map [1] (fn (x) (+ x n))))`, true],
    ["a closure over a MutVec is not shareable", `(defn f () (let ((mv (mut-vec))) (for-each [1] (fn (x) (push! mv x)))))`, false],
    ["a closure over a mut binding is not shareable", `(defn f () (let ((mut n 0)) (for-each [1] (fn (x) (set! n x)))))`, false],
  ])("%s", (_name, src, shareable) => {
    const [lam] = nodes(moduleOf(src), "lambda");
    expect(lam!.type.kind === "fn" && lam!.type.shareable).toBe(shareable);
  });
});

describe("definition groups", () => {
  test("a def in a recursive group with a generic function is referenced without dictionaries", () => {
    const m = moduleOf(`(def table [(fn (x) (twice x))])\n(defn twice (n) (if (= n n) (+ n n) ((nth table 0) n)))`);
    const refs = nodes(m, "global").filter((g) => g.ref.name === "table");
    expect(refs.length).toBe(1);
    expect(refs[0]!.dicts).toEqual([]);
  });
});

describe("importsOf", () => {
  test.each([
    ["a sibling file", "main.weft", "./math.weft", "math.weft"],
    ["a file in a subfolder", "game/main.weft", "./lib/vec.weft", "game/lib/vec.weft"],
    ["a file in the parent folder", "game/levels/one.weft", "../common.weft", "game/common.weft"],
    ["an absolute entry", "/src/main.weft", "./a.weft", "/src/a.weft"],
  ])("resolves %s", (_name, from, rel, expected) => {
    const span = { file: from, start: 0, end: 1 };
    const forms = [{ kind: "list" as const, items: [{ kind: "symbol" as const, name: "import", span }, { kind: "string" as const, value: rel, span }], span }];
    expect(importsOf(from, forms).map((i) => i.path)).toEqual([expected]);
  });
});
