/**
 * Inference of calls: of a top-level function by name (its `Shareable` requirements pointing
 * at the arguments), of any other function value, of the builtins, `nth` and `swap!`, and the
 * check of a call's arguments against the callee's type. Each takes the `Infer` whose form it is.
 */
import type { Form, Span } from "@weft/reader";
import type { DictExpr, Expr } from "../IR.js";
import { BUILTINS, SUSPENDING } from "./Builtins.js";
import type { Global } from "./Env.js";
import { Scope } from "./Env.js";
import { ordinal, plural } from "./Errors.js";
import { con, describe, fn, isError, prune, tError, tInt, type TFn, tyOf, type Ty } from "./Ty.js";
import { unify } from "./Unify.js";
import { noSuspension } from "./InferTasks.js";
import { isNamed } from "./Forms.js";
import { T, type Infer } from "./Infer.js";

/** A call of a top-level function by name: its `Shareable` requirements point at the arguments that carry them. */
export function globalCall(inf: Infer, f: Extract<Form, { kind: "list" }>, g: Extract<Global, { kind: "value" }>, scope: Scope): Expr {
  const [h, ...args] = f.items as [Extract<Form, { kind: "symbol" }>, ...Form[]];
  const n = h.name;
  const r0 = inf.group.reqs.length;
  const callee = inf.globalRef(g, h.span, n) as Extract<Expr, { kind: "global" }>;
  const r1 = inf.group.reqs.length;
  const calleeTy = prune(tyOf(callee));
  const { args: argEs, result } = applyArgs(inf, tyOf(callee), args, scope, `\`${n}\``, f.span, h.span, g.span, g.params);
  // An inferred `(Shareable a)` points at the argument that carries `a`.
  if (calleeTy.tag === "fn")
    for (let k = r0; k < r1; k++) {
      const req = inf.group.reqs[k]!;
      const exact = calleeTy.params.findIndex((p) => p === req.ty);
      const i = exact >= 0 ? exact : calleeTy.params.findIndex((p) => mentions(p, req.ty));
      const a = args[i];
      if (i < 0 || !argEs[i] || !a) continue;
      const what = exact < 0 ? "a value inside this argument" : a.kind === "symbol" ? `\`${a.name}\`` : "this argument";
      inf.group.reqs[k] = { ...req, span: argEs[i]!.span, what };
    }
  inf.calls(tyOf(callee));
  return { kind: "call-global", ref: callee.ref, dicts: callee.dicts, args: argEs, type: T(result), span: f.span, suspends: (prune(tyOf(callee)) as TFn).susp } as never;
}

/** A call of anything else: a local function, a lambda, a method, a field's function. */
export function valueCall(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const [h, ...args] = f.items as [Form, ...Form[]];
  const callee = inf.infer(h, scope, false);
  const name = h.kind === "symbol" ? `\`${h.name}\`` : "this";
  const defSpan = h.kind === "symbol" ? (scope.lookup(h.name)?.binding.span ?? (callee.kind === "global" ? inf.env.values.get(h.name)?.span : undefined)) : undefined;
  const { args: argEs, result } = applyArgs(inf, tyOf(callee), args, scope, name, f.span, h.span, defSpan);
  inf.calls(tyOf(callee));
  const ct = prune(tyOf(callee));
  return { kind: "call", callee, args: argEs, type: T(result), span: f.span, suspends: ct.tag === "fn" ? ct.susp : false } as never;
}

/** Checks a call's arguments against the callee's type; E0103 on a wrong count. */
export function applyArgs(inf: Infer, calleeTy: Ty, args: readonly Form[], scope: Scope, name: string, span: Span, calleeSpan: Span, defSpan?: Span, params?: readonly { name: string; span: Span }[]): { args: Expr[]; result: Ty } {
  const notes = defSpan ? [{ span: defSpan, message: `${name} is defined here` }] : [];
  let ft = prune(calleeTy);
  if (ft.tag === "var") {
    const f = fn(args.map(() => inf.fresh()), inf.fresh());
    unify(ft, f);
    ft = f;
  }
  const argEs = args.map((a) => inf.infer(a, scope, false));
  if (ft.tag !== "fn") {
    if (!isError(ft)) inf.rep.report("E0101", `${name} is ${describe(ft)}, not a function, so it cannot be called`, calleeSpan, { label: "called here" });
    return { args: argEs, result: tError() };
  }
  if (ft.params.length !== args.length) {
    inf.rep.report("E0103", `${name} takes ${plural(ft.params.length, "argument")} but was given ${args.length}`, span, {
      label: `expected ${plural(ft.params.length, "argument")}`,
      notes,
    });
    return { args: argEs, result: ft.result };
  }
  argEs.forEach((a, i) => {
    const p = params?.length === ft.params.length ? params[i] : undefined;
    inf.expect(tyOf(a), ft.params[i]!, a.span, (act, exp) => ({
      message: p
        ? `the ${ordinal(i + 1)} argument of ${name} must be ${exp}, because its parameter \`${p.name}\` is ${exp}, but it is ${act}`
        : `the ${ordinal(i + 1)} argument of ${name} must be ${exp}, but it is ${act}`,
      notes: p ? [{ span: p.span, message: `\`${p.name}\` is ${exp}` }] : notes,
    }), args[i]);
  });
  return { args: argEs, result: ft.result };
}

export function builtinCall(inf: Infer, f: Extract<Form, { kind: "list" }>, n: string, scope: Scope): Expr {
  const sig = BUILTINS.get(n)!;
  const args = f.items.slice(1);
  const dicts: DictExpr[] = [];
  const origin = `\`${n}\``;
  if (sig.variadic && !sig.fixed.has(args.length)) {
    const v = sig.variadic;
    const argEs = args.map((a) => inf.infer(a, scope, false));
    if (args.length < v.min) {
      inf.rep.report("E0103", `\`${n}\` takes at least ${plural(v.min, "argument")} but was given ${args.length}`, f.span, { label: "too few arguments" });
      return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(v.result ?? tError()), span: f.span };
    }
    if (v.kind === "each") {
      for (const a of argEs) inf.constrain(v.cls, tyOf(a), a.span, origin, dicts);
      return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(v.result!), span: f.span };
    }
    const first = tyOf(argEs[0]!);
    argEs.forEach((a, i) => {
      if (i === 0) return;
      inf.expect(tyOf(a), first, a.span, (act, exp) => ({
        message: `\`${n}\` needs all its arguments of one ${v.cls === "Num" ? "numeric " : ""}type: the 1st is ${exp}, the ${ordinal(i + 1)} ${act}`,
        notes: [{ span: argEs[0]!.span, message: `the 1st argument is ${exp}` }, ...inf.sigNoteFor(args[0], exp)],
        ...(numericMix(tyOf(argEs[0]!), tyOf(a)) ? { help: "Int and Float never mix: convert one side with (float …) or (int …)" } : {}),
      }), args[i]);
    });
    inf.constrain(v.cls, first, f.span, origin, dicts);
    return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(first), span: f.span };
  }
  const s = sig.fixed.get(args.length);
  if (!s && sig.value.ty.tag !== "fn") {
    const argEs = args.map((a) => inf.infer(a, scope, false));
    inf.rep.report("E0101", `\`${n}\` is ${describe(sig.value.ty)}, not a function, so it cannot be called`, f.items[0]!.span, { label: "called here", help: `use it without parentheses: ${n}` });
    return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(tError()), span: f.span };
  }
  if (!s) {
    const counts = [...sig.fixed.keys()].sort();
    const argEs = args.map((a) => inf.infer(a, scope, false));
    inf.rep.report("E0103", `\`${n}\` takes ${counts.map((c) => String(c)).join(" or ")} argument${counts.length === 1 && counts[0] === 1 ? "" : "s"} but was given ${args.length}`, f.span, {
      label: "wrong number of arguments",
    });
    return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(tError()), span: f.span };
  }
  const inst = inf.instantiate(s, f.span, origin);
  const ft = inst.ty as Extract<Ty, { tag: "fn" }>;
  const inline = (n === "par-map" || n === "par-for-each") && inf.workerDepth > 0;
  if (!inline) inf.calls(ft);
  if (SUSPENDING.has(n) && !inline) inf.suspends(n, f.span);
  const fnArg = args[1];
  if ((n === "par-map" || n === "par-for-each") && fnArg?.kind === "list" && isNamed(fnArg.items[0], "fn")) inf.workerFns.add(fnArg);
  const argEs = args.map((a) => inf.infer(a, scope, false));
  const binaryNum = inst.constraints.length > 0 && ft.params.length === 2 && prune(ft.params[0]!) === prune(ft.params[1]!);
  argEs.forEach((a, i) => {
    if (binaryNum && i === 1) {
      inf.expect(tyOf(a), ft.params[1]!, a.span, (act, exp) => ({
        message: `\`${n}\` needs both arguments of one ${inst.constraints[0]!.cls === "Num" ? "numeric " : ""}type: the 1st is ${exp}, the 2nd ${act}`,
        notes: [{ span: argEs[0]!.span, message: `the 1st argument is ${exp}` }, ...inf.sigNoteFor(args[0], exp)],
        ...(numericMix(tyOf(argEs[0]!), tyOf(a)) ? { help: "Int and Float never mix: convert one side with (float …) or (int …)" } : {}),
      }), args[i]);
      return;
    }
    inf.expect(tyOf(a), ft.params[i]!, a.span, (act, exp) => ({
      message: `the ${ordinal(i + 1)} argument of \`${n}\` must be ${exp}, but it is ${act}`,
    }), args[i]);
  });
  for (const c of inst.constraints) inf.constrain(c.cls, c.ty, f.span, origin, dicts, c.why);
  return { kind: "call-builtin", name: n, dicts, args: argEs, type: T(ft.result), span: f.span, suspends: ft.susp, ...(inline ? { inline: true } : {}) } as never;
}

/** `(nth coll i)` on a Vec or a MutVec: the collection's type decides (a Vec when not yet known). */
export function inferNth(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const args = f.items.slice(1);
  const argEs = args.map((a) => inf.infer(a, scope, false));
  if (args.length !== 2) {
    inf.rep.report("E0103", `\`nth\` takes 2 arguments but was given ${args.length}`, f.span, { label: "expected a collection and an index" });
    return { kind: "call-builtin", name: "nth", dicts: [], args: argEs, type: T(tError()), span: f.span };
  }
  const c = prune(tyOf(argEs[0]!));
  const elem = inf.fresh();
  const kind = c.tag === "con" && c.name === "MutVec" ? "MutVec" : "Vec";
  inf.expect(tyOf(argEs[0]!), con(kind, [elem]), argEs[0]!.span, (a) => ({
    message: `the 1st argument of \`nth\` must be a Vec or a MutVec, but it is ${a}`,
  }));
  inf.expect(tyOf(argEs[1]!), tInt(), argEs[1]!.span, (a) => ({ message: `the index given to \`nth\` must be an Int, but it is ${a}` }), args[1]);
  const dicts: DictExpr[] = [{ kind: "builtin", class: "Count", type: kind, args: [] }];
  return { kind: "call-builtin", name: "nth", dicts, args: argEs, type: T(elem), span: f.span };
}

/** `(swap! a f x...)` applies `(f old x...)`. */
export function inferSwap(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const args = f.items.slice(1);
  const argEs = args.map((a) => inf.infer(a, scope, false));
  if (args.length < 2) {
    inf.rep.report("E0103", `\`swap!\` takes an atom, a function and its extra arguments, but was given ${args.length}`, f.span);
    return { kind: "call-builtin", name: "swap!", dicts: [], args: argEs, type: T(tError()), span: f.span };
  }
  const v = inf.fresh();
  inf.expect(tyOf(argEs[0]!), con("Atom", [v]), argEs[0]!.span, (a) => ({ message: `the 1st argument of \`swap!\` must be an Atom, but it is ${a}` }));
  const want = fn([v, ...argEs.slice(2).map((a) => tyOf(a))], v);
  inf.expect(tyOf(argEs[1]!), want, argEs[1]!.span, (a, e) => ({ message: `the function given to \`swap!\` must be ${e}, taking the old value and returning the new one, but it is ${a}` }));
  noSuspension(inf, tyOf(argEs[1]!), argEs[1]!.span, "swap!");
  inf.calls(want);
  return { kind: "call-builtin", name: "swap!", dicts: [], args: argEs, type: T(v), span: f.span, suspends: false } as never;
}


function numericMix(a: Ty, b: Ty): boolean {
  const x = prune(a);
  const y = prune(b);
  return x.tag === "con" && y.tag === "con" && x.name !== y.name && ["Int", "Float"].includes(x.name) && ["Int", "Float"].includes(y.name);
}

/** Whether `t` contains the very type object `v` (before any binding is followed). */
function mentions(t: Ty, v: Ty): boolean {
  if (t === v) return true;
  if (t.tag === "var") return t.ref !== null && mentions(t.ref, v);
  if (t.tag === "con") return t.args.some((a) => mentions(a, v));
  return t.params.some((p) => mentions(p, v)) || mentions(t.result, v);
}
