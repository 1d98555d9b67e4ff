import { describe, expect, test } from "vitest";
import { compile, load, runtimeSpecifier, writeModules } from "./run.js";

interface Gc {
  encode(v: unknown, schema?: unknown): unknown;
  decode(e: unknown, schema?: unknown): unknown;
  S: Record<string, unknown> & { fn: unknown; any: unknown; type(tag: string, ...args: unknown[]): unknown };
}

const src = `
(defstruct Vec2 (x Float) (y Float))
(defenum (Tree a) Leaf (Node (Tree a) a (Tree a)))

(defn make-adder (n) (fn (x) (+ x n)))
(sig describe-all (Fn (String) (Fn (a) String)) (Show a))
(defn describe-all (prefix) (fn (x) (str prefix (show x))))
(defn main () (println (Node Leaf (Vec2 1.0 2.0) Leaf)))`;

describe("values cross the @weft/gc codec as the generated classes", async () => {
  const { modules } = compile({ "game.weft": src });
  const mod = await load(writeModules(modules), modules[0]!.fileName);
  const gc = (await import(/* @vite-ignore */ runtimeSpecifier("@weft/gc"))) as Gc;
  const rt = (await import(/* @vite-ignore */ runtimeSpecifier("@weft/runtime-core"))) as Record<string, unknown>;

  test("a generic enum holding a struct decodes to the same classes, equal by the derived Eq", () => {
    const Node = mod["Node"] as new (...a: unknown[]) => object;
    const Vec2 = mod["Vec2"] as new (...a: unknown[]) => object;
    const tree = new Node(mod["Leaf"], new Vec2(1, 2), mod["Leaf"]);
    const back = gc.decode(gc.encode(tree, gc.S.any), gc.S.any) as { _1: object; _0: unknown };
    expect(back).toBeInstanceOf(Node);
    expect(back._1).toBeInstanceOf(Vec2);
    expect(back._0).toBe(mod["Leaf"]);
    const eq = (mod["$eq_Tree"] as (d: unknown) => { eq(a: unknown, b: unknown): boolean })(mod["$eq_Vec2"]);
    expect(eq.eq(tree, back)).toBe(true);
  });

  test("a closure crosses as (module, $id, $env) and is rebuilt from the lambda table", () => {
    // make-adder is generic (Num a): its closure captures the Num Int dictionary too.
    const add10 = (mod["make$minusadder"] as (d: unknown, n: number) => (x: number) => number)(rt["NumInt"], 10);
    const back = gc.decode(gc.encode(add10, gc.S.fn), gc.S.fn) as ((x: number) => number) & { $id: number; $env: unknown[] };
    expect(back).not.toBe(add10);
    expect(back(5)).toBe(15);
    expect(back(2147483647)).toBe(-2147483639);
    expect(back.$env).toEqual([10, rt["NumInt"]]);
  });

  test("a closure inside a generic function crosses with its dictionaries, rebuilt by name", () => {
    const Vec2 = mod["Vec2"] as new (...a: unknown[]) => object;
    const f = (mod["describe$minusall"] as (...a: unknown[]) => (x: unknown) => string)(mod["$show_Vec2"], "v=");
    const back = gc.decode(gc.encode(f, gc.S.fn), gc.S.fn) as (x: unknown) => string;
    expect(back(new Vec2(1, 2))).toBe("v=(Vec2 1.0 2.0)");
  });

  test("a top-level function crosses by its name in the function table", () => {
    const f = (mod["$fn"] as Record<string, unknown>)["make$minusadder"];
    expect(gc.decode(gc.encode(f, gc.S.fn), gc.S.fn)).toBe(f);
  });
});
