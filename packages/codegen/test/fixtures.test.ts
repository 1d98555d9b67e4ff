import { describe, expect, test } from "vitest";
import { generate } from "../src/index.js";
import { captureStdout, load, runtimeSpecifier, writeModules } from "./run.js";
import {
  binding, call, callValue, defn, doE, ifE, int, lambda, letE, local, loop, op, program, recur, setE, str, T,
} from "./ir.js";
import type { Program } from "@weft/typeck-shareable";

async function build(p: Program) {
  const { modules, diagnostics } = generate(p, { runtimeSpecifier });
  expect(diagnostics).toEqual([]);
  const m = modules[0]!;
  return { js: m.js, mod: await load(writeModules(modules), m.fileName), exports: m.exports };
}

describe("codegen from hand-built IR", () => {
  test("Int + with the Num Int dictionary is inlined as wrapping JS arithmetic", async () => {
    const a = binding("a");
    const b = binding("b");
    const { js, mod } = await build(program([defn("add", [a, b], op("+", local(a), local(b)))]));
    expect(js).toContain("((a + b) | 0)");
    expect((mod["add"] as (x: number, y: number) => number)(2147483647, 1)).toBe(-2147483648);
  });

  test("loop/recur runs as a JS loop, a million iterations deep without growing the stack", async () => {
    const n = binding("n");
    const i = binding("i");
    const acc = binding("acc");
    const body = loop(1, [[i, local(n)], [acc, int(0)]],
      ifE(op("<=", local(i), int(0)), local(acc), recur(1, op("-", local(i), int(1)), op("+", local(acc), int(1)))));
    const { js, mod } = await build(program([defn("count-down", [n], body)]));
    expect(js).toContain("for (;;)");
    expect((mod["count$minusdown"] as (x: number) => number)(1_000_000)).toBe(1_000_000);
  });

  test("recur to the function itself reuses the parameters instead of calling", async () => {
    const n = binding("n");
    const acc = binding("acc");
    const body = ifE(op("<=", local(n), int(0)), local(acc), recur(null, op("-", local(n), int(1)), op("+", local(acc), local(n))));
    const { js, mod } = await build(program([defn("sum", [n, acc], body)]));
    expect(js).not.toMatch(/\$fn\.sum\(/);
    expect((mod["sum"] as (x: number, y: number) => number)(100_000, 0)).toBe(705_082_704);
  });

  test("every top-level call goes through the function table: replacing an entry changes the next call", async () => {
    const { mod } = await build(program([
      defn("helper", [], int(1)),
      defn("main", [], op("println", call("helper"))),
    ]));
    const table = mod["$fn"] as Record<string, () => unknown>;
    const main = mod["main"] as () => void;
    expect((await captureStdout(main)).stdout).toBe("1\n");
    table["helper"] = () => 42;
    expect((await captureStdout(main)).stdout).toBe("42\n");
  });

  test("a closure's $id and $env rebuild an equal closure from the lambda table", async () => {
    const n = binding("n", { captured: true });
    const x = binding("x");
    const adder = lambda(0, [x], [n], op("+", local(x), local(n)));
    const { mod } = await build(program([defn("make-adder", [n], adder)], 1));
    const f = (mod["make$minusadder"] as (n: number) => ((x: number) => number) & { $id: number; $env: unknown[] })(10);
    expect(f.$id).toBe(0);
    expect(f.$env).toEqual([10]);
    const table = mod["$lambdas"] as ((env: unknown[]) => (x: number) => number)[];
    const g = table[f.$id]!(f.$env);
    expect(g(5)).toBe(f(5));
    expect(g(5)).toBe(15);
  });

  test("a captured mut binding is boxed, so the closure sees later set!s", async () => {
    const total = binding("total", { mutable: true, captured: true });
    const read = lambda(0, [], [total], local(total));
    const f = binding("f", { type: T.fn([], T.int) });
    const body = letE([[total, int(1)]], letE([[f, read]], doE(setE(total, int(7)), op("println", callValue(local(f))))));
    const { js, mod } = await build(program([defn("main", [], body)], 1));
    expect(js).toContain("{ v: 1 }");
    expect((await captureStdout(mod["main"] as () => void)).stdout).toBe("7\n");
  });

  test("a let in argument position keeps left-to-right evaluation", async () => {
    const y = binding("y");
    const body = op("println", call("tick", str("a")), letE([[y, call("tick", str("b"))]], local(y)));
    const tickArg = binding("s", { type: T.string });
    const { mod } = await build(program([
      defn("tick", [tickArg], doE(op("println", local(tickArg)), int(0))),
      defn("main", [], body),
    ]));
    expect((await captureStdout(mod["main"] as () => void)).stdout).toBe("a\nb\n0 0\n");
  });

  test("modules with the same base name get distinct output files and import each other by them", () => {
    const base = program([defn("main", [], int(0))]);
    const m = base.modules[0]!;
    const p: Program = {
      entry: "game/main.weft",
      modules: [
        { ...m, path: "lib/util.weft", values: [] },
        { ...m, path: "game/util.weft", values: [] },
        { ...m, path: "game/main.weft", imports: [{ path: "lib/util.weft", names: [], span: { file: "game/main.weft", start: 0, end: 1 } }] },
      ],
    };
    const { modules } = generate(p);
    expect(modules.map((x) => x.fileName)).toEqual(["util.js", "util_2.js", "main.js"]);
    expect(modules[2]!.js).toContain('from "./util.js"');
  });
});
