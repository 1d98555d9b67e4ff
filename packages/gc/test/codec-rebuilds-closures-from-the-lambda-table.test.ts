import { expect, test } from "vitest";
import { decode, encode, GcError, S } from "../src/index.js";
import { makeRegistry, Vec2 } from "./fixtures.js";

// What codegen emits for `(fn (x) (+ x n))` capturing n, and for `(fn (p) (v+ p offset))`.
const lambdas = [
  (env: unknown[]) => Object.assign((x: number) => x + (env[0] as number), { $id: 0, $env: env, $module: "game" }),
  (env: unknown[]) => Object.assign((p: Vec2) => new Vec2(p.x + (env[0] as Vec2).x, p.y + (env[0] as Vec2).y), { $id: 1, $env: env, $module: "game" }),
];
const functions = { double: (x: number) => x * 2, square: (x: number) => x * x };

function setup() {
  const registry = makeRegistry();
  registry.registerLambdas("game", lambdas);
  registry.registerFunctions("game", functions);
  return registry;
}

test("a closure crosses as (module, lambda id, environment) and is rebuilt from the lambda table", () => {
  const registry = setup();
  const add5 = lambdas[0]!([5]);
  const out = decode<(x: number) => number>(encode(add5, S.fn, { registry }), S.fn, { registry });
  expect(out).not.toBe(add5);
  expect(out(1)).toBe(6);
});

test("a closure environment may hold structs, and the rebuilt closure can cross again", () => {
  const registry = setup();
  const shift = lambdas[1]!([new Vec2(1, 2)]) as (p: Vec2) => Vec2;
  const once = decode<typeof shift>(encode(shift, S.fn, { registry }), S.fn, { registry });
  const twice = decode<typeof shift>(encode(once, S.fn, { registry }), S.fn, { registry });
  expect(twice(new Vec2(10, 10))).toStrictEqual(new Vec2(11, 12));
});

test("a top-level function crosses by name and arrives as the current function-table entry", () => {
  const registry = setup();
  const out = decode(encode([functions.double, functions.square], S.vec(S.fn), { registry }), S.vec(S.fn), { registry });
  expect(out).toEqual([functions.double, functions.square]);
});

test("a function that is neither a closure nor in a function table is refused", () => {
  const registry = setup();
  expect(() => encode((x: number) => x, S.fn, { registry })).toThrow(GcError);
});

test("a closure that captured a class dictionary crosses with the dictionary's methods rebuilt", () => {
  const registry = makeRegistry();
  // (instance (Show Vec2) …) compiles to { show: <closure 2> }; a lambda using it captures the dictionary.
  const table = [
    ...lambdas,
    (env: unknown[]) => Object.assign((p: Vec2) => `<${p.x},${p.y}>`, { $id: 2, $env: env, $module: "game" }),
    (env: unknown[]) => Object.assign((p: Vec2) => `at ${(env[0] as { show: (p: Vec2) => string }).show(p)}`, { $id: 3, $env: env, $module: "game" }),
  ];
  registry.registerLambdas("game", table);
  const dict = { show: table[2]!([]) };
  const describe = table[3]!([dict]) as (p: Vec2) => string;
  const out = decode<typeof describe>(encode(describe, S.fn, { registry }), S.fn, { registry });
  expect(out(new Vec2(1, 2))).toBe("at <1,2>");
});
