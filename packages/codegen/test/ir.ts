import type { Binding, DictExpr, Expr, Lambda, Module, Program, TopFn, TopValue, Type } from "@weft/typeck-shareable";

/**
 * A small builder for hand-written IR fixtures: enough to state a program's shape without
 * repeating spans and types everywhere. Types are only as precise as codegen needs.
 */
const FILE = "fixture.weft";
const span = { file: FILE, start: 0, end: 1 };
let nextId = 1;

export const T = {
  int: { kind: "con", name: "Int", args: [] } as Type,
  float: { kind: "con", name: "Float", args: [] } as Type,
  string: { kind: "con", name: "String", args: [] } as Type,
  unit: { kind: "con", name: "Unit", args: [] } as Type,
  fn: (params: Type[], result: Type, suspends = false): Type => ({ kind: "fn", params, result, shareable: true, suspends }),
};

export const dict = (cls: string, type: string): DictExpr => ({ kind: "builtin", class: cls, type, args: [] });

export function binding(name: string, opts: { mutable?: boolean; captured?: boolean; type?: Type } = {}): Binding {
  return { id: nextId++, name, mutable: opts.mutable ?? false, captured: opts.captured ?? false, type: opts.type ?? T.int, span };
}

export const int = (value: number): Expr => ({ kind: "lit", value: { kind: "int", value }, type: T.int, span });
export const str = (value: string): Expr => ({ kind: "lit", value: { kind: "string", value }, type: T.string, span });
export const local = (b: Binding): Expr => ({ kind: "local", binding: b, type: b.type, span });

/** A built-in call; `+ - * < <= = mod` get `Int` dictionaries, printing ones a `Show Int` per argument. */
export function op(name: string, ...args: Expr[]): Expr {
  const cls = ["<", "<=", ">", ">="].includes(name) ? "Ord" : name === "=" ? "Eq" : ["+", "-", "*", "/", "mod"].includes(name) ? "Num" : null;
  const dicts = cls ? [dict(cls, "Int")] : ["println", "str"].includes(name) ? args.map((a) => dict("Show", showType(a))) : [];
  return { kind: "call-builtin", name, dicts, args, type: cls === "Num" ? T.int : T.unit, span };
}

function showType(e: Expr): string {
  const t = e.type as { kind: string; name?: string };
  return t.kind === "con" ? t.name! : "Int";
}

export const call = (name: string, ...args: Expr[]): Expr => ({ kind: "call-global", ref: { module: FILE, name }, dicts: [], args, type: T.int, span });
export const callValue = (callee: Expr, ...args: Expr[]): Expr => ({ kind: "call", callee, args, type: T.int, span });
export const doE = (...body: Expr[]): Expr => ({ kind: "do", body, type: body[body.length - 1]!.type, span });
export const ifE = (cond: Expr, then: Expr, els: Expr): Expr => ({ kind: "if", cond, then, else: els, type: then.type, span });
export const letE = (pairs: [Binding, Expr][], body: Expr): Expr => ({
  kind: "let", bindings: pairs.map(([binding, value]) => ({ binding, value })), body, type: body.type, span,
});
export const setE = (b: Binding, value: Expr): Expr => ({ kind: "set", binding: b, value, type: T.unit, span });
export const recur = (loopId: number | null, ...args: Expr[]): Expr => ({ kind: "recur", loopId, args, type: T.int, span });
export const loop = (id: number, pairs: [Binding, Expr][], body: Expr): Expr => ({
  kind: "loop", id, bindings: pairs.map(([binding, value]) => ({ binding, value })), body, type: body.type, span,
});

export function lambda(id: number, params: Binding[], captures: Binding[], body: Expr): Lambda {
  return { kind: "lambda", id, params, body, captures, capturedDicts: [], suspends: false, type: T.fn(params.map((p) => p.type), body.type), span };
}

export function defn(name: string, params: Binding[], body: Expr, suspends = false): TopFn {
  return { kind: "fn", name, module: FILE, dictParams: [], params, body, type: T.fn(params.map((p) => p.type), body.type), suspends, span };
}

export function program(values: TopValue[], lambdaCount = 0): Program {
  const m: Module = { path: FILE, imports: [], structs: [], enums: [], classes: [], instances: [], values, lambdaCount };
  return { modules: [m], entry: FILE };
}
