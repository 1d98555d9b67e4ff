/**
 * Inference of the control forms: conditionals (`if`, `cond`, `and`/`or`), loops and `recur`,
 * assignment and `try`. Each takes the `Infer` whose form it is.
 */
import type { Form, Span } from "@weft/reader";
import { bindingPairs } from "./InferBindings.js";
import type { Expr } from "../IR.js";
import type { MBinding } from "./Env.js";
import { Scope } from "./Env.js";
import { ordinal, plural } from "./Errors.js";
import { tBool, tError, tErrorVal, tUnit, tyOf, type Ty, asIrType } from "./Ty.js";
import { isNamed, isSym } from "./Forms.js";
import { unitBody } from "./Lowering.js";
import type { Infer } from "./Infer.js";

export function condition(inf: Infer, f: Form, scope: Scope, what: string): Expr {
  const c = inf.infer(f, scope, false);
  inf.expect(tyOf(c), tBool(), c.span, (a) => ({ message: `the condition of \`${what}\` must be a Bool, but it is ${a}` }));
  return c;
}

export function ifForm(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  const args = f.items.slice(1);
  if (args.length !== 3 && args.length !== 2) return inf.malformed(f.span, "`if` takes a condition and two branches: (if cond then else)");
  const c = condition(inf, args[0]!, scope, "if");
  const t = inf.infer(args[1]!, scope, tail);
  if (args.length === 2) {
    inf.expect(tyOf(t), tUnit(), t.span, (a) => ({ message: `an \`if\` without an \`else\` branch must have a \`()\` branch, but this one is ${a}`, help: "add an else branch" }));
    return { kind: "if", cond: c, then: t, else: { kind: "lit", value: { kind: "unit" }, type: asIrType(tUnit()), span: f.span }, type: asIrType(tUnit()), span: f.span };
  }
  const e = inf.infer(args[2]!, scope, tail);
  const same = inf.expect(tyOf(e), tyOf(t), e.span, (a, x) => ({
    message: `the branches of this \`if\` must have the same type: the \`then\` branch is ${x}, the \`else\` branch ${a}`,
    notes: [{ span: t.span, message: `this branch is ${x}` }],
  }), args[2]);
  // After a reported mismatch the `if` has the error type, so its users report nothing more.
  return { kind: "if", cond: c, then: t, else: e, type: same ? t.type : asIrType(tError()), span: f.span };
}

export function cond(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  const clauses = f.items.slice(1);
  const hasElse = clauses.some((c) => c.kind === "list" && isNamed(c.items[0], "else"));
  const result: Ty = hasElse ? inf.fresh() : tUnit();
  let firstSpan: Span | null = null;
  const parts: { cond: Expr | null; body: Expr; span: Span }[] = [];
  for (const c of clauses) {
    if (c.kind !== "list" || c.items.length < 2) {
      inf.malformed(c.span, "a `cond` clause is (condition body...)");
      continue;
    }
    const isElse = isNamed(c.items[0], "else");
    const cond = isElse ? null : condition(inf, c.items[0]!, scope, "cond");
    const body = inf.body(c.items.slice(1), new Scope(scope), tail, c.span);
    if (hasElse) {
      const fs = firstSpan;
      inf.expect(tyOf(body), result, body.span, (a, x) => ({
        message: `the branches of this \`cond\` must have the same type: this one is ${a}, the first ${x}`,
        notes: fs ? [{ span: fs, message: "the first branch" }] : [],
      }));
      firstSpan ??= body.span;
    }
    parts.push({ cond, body, span: c.span });
    if (isElse) break;
  }
  let acc: Expr = { kind: "lit", value: { kind: "unit" }, type: asIrType(tUnit()), span: f.span };
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    const body: Expr = hasElse ? p.body : unitBody(p.body);
    acc = p.cond ? { kind: "if", cond: p.cond, then: body, else: acc, type: asIrType(result), span: p.span } : body;
  }
  // The outermost `if` is ours: give it the whole `cond`'s span (a lone else body stays as it is).
  if (acc.kind === "if" && parts[0]?.cond) (acc as { span: Span }).span = f.span;
  return acc;
}

export function andOr(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const n = (f.items[0] as { name: string }).name;
  const args = f.items.slice(1).map((a) => condition(inf, a, scope, n));
  const lit = (v: boolean, span: Span): Expr => ({ kind: "lit", value: { kind: "bool", value: v }, type: asIrType(tBool()), span });
  if (args.length === 0) return lit(n === "and", f.span);
  let acc = args[args.length - 1]!;
  for (let i = args.length - 2; i >= 0; i--) {
    const a = args[i]!;
    acc = n === "and"
      ? { kind: "if", cond: a, then: acc, else: lit(false, a.span), type: asIrType(tBool()), span: f.span }
      : { kind: "if", cond: a, then: lit(true, a.span), else: acc, type: asIrType(tBool()), span: f.span };
  }
  return acc;
}

export function loop(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const [, bs, ...body] = f.items;
  if (!bs) return inf.malformed(f.span, "`loop` needs bindings: (loop ((i 0)) body...)");
  const pairs = bindingPairs(inf, bs, "loop");
  if (!pairs) return inf.errorExpr(f.span);
  const id = inf.env.nextLoop();
  const inner = new Scope(scope);
  const bindings: { binding: MBinding; value: Expr }[] = [];
  for (const p of pairs) {
    const value = inf.infer(p.value, inner, false);
    const b = inf.newBinding(p.name.name, p.mutable, tyOf(value), p.name.span);
    inf.bind(inner, b, tyOf(value));
    bindings.push({ binding: b, value });
  }
  inf.recurTargets.push({ loopId: id, params: bindings.map((b) => b.binding.type as Ty), span: f.span });
  const b = inf.body(body, new Scope(inner), true, f.span);
  inf.recurTargets.pop();
  return { kind: "loop", id, bindings: bindings as never, body: b, type: b.type, span: f.span };
}

export function recur(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  const args = f.items.slice(1).map((a) => inf.infer(a, scope, false));
  const target = inf.recurTargets[inf.recurTargets.length - 1];
  if (!target) return inf.malformed(f.span, "`recur` must be inside a `loop` or a function");
  if (!tail) {
    inf.rep.report("E0501", "`recur` is not in tail position", f.span, {
      label: "something still happens after this `recur` returns",
      notes: [{ span: target.span, message: target.loopId === null ? "the function it restarts" : "the `loop` it restarts" }],
      help: "make `recur` the last thing its branch does, or use an ordinary call",
    });
  } else if (args.length !== target.params.length) {
    inf.rep.report("E0103", `\`recur\` must give ${plural(target.params.length, "value")}, one per ${target.loopId === null ? "parameter" : "loop binding"}, but was given ${args.length}`, f.span, {
      notes: [{ span: target.span, message: "restarts this" }],
    });
  } else {
    args.forEach((a, i) =>
      inf.expect(tyOf(a), target.params[i]!, a.span, (act, exp) => ({
        message: `the ${ordinal(i + 1)} value given to \`recur\` must be ${exp}, like the binding it replaces, but it is ${act}`,
        notes: [{ span: target.span, message: "restarts this" }],
      })),
    );
  }
  return { kind: "recur", loopId: target.loopId, args, type: asIrType(inf.fresh()), span: f.span };
}

export function set(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const [, target, value] = f.items;
  if (f.items.length !== 3 || !isSym(target)) return inf.malformed(f.span, "`set!` takes a name and a value: (set! x value)");
  const v = inf.infer(value!, scope, false);
  const local = scope.lookup(target.name);
  if (!local) {
    if (inf.env.values.has(target.name)) {
      inf.rep.report("E0201", `cannot assign to \`${target.name}\`: top-level definitions are immutable`, target.span, {
        help: "keep mutable state in an atom: (def state (atom 0)), then (reset! state v)",
      });
    } else inf.unbound(target.name, target.span, scope);
    return inf.errorExpr(f.span);
  }
  inf.useLocal(local, target.span);
  if (!local.binding.mutable) {
    inf.rep.report("E0201", `cannot assign twice to the immutable binding \`${target.name}\``, f.span, {
      label: "assigned here",
      notes: [{ span: local.binding.span, message: `\`${target.name}\` is declared immutable here` }],
      help: `declare it mutable: (mut ${target.name} ...)`,
    });
  } else {
    inf.expect(tyOf(v), local.ty, v.span, (a, e) => ({
      message: `the new value of \`${target.name}\` must be ${e}, the type it was declared with, but it is ${a}`,
      notes: [{ span: local.binding.span, message: "declared here" }],
    }), value);
  }
  return { kind: "set", binding: local.binding as never, value: v, type: asIrType(tUnit()), span: f.span };
}

export function tryForm(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const args = f.items.slice(1);
  const c = args[args.length - 1];
  if (args.length < 2 || !c || c.kind !== "list" || !isNamed(c.items[0], "catch") || !isSym(c.items[1]))
    return inf.malformed(f.span, "`try` is (try body... (catch err handler...))");
  const body = inf.body(args.slice(0, -1), new Scope(scope), false, f.span);
  const inner = new Scope(scope);
  const b = inf.newBinding(c.items[1].name, false, tErrorVal(), c.items[1].span);
  inf.bind(inner, b, tErrorVal());
  const handler = inf.body(c.items.slice(2), inner, false, c.span);
  const same = inf.expect(tyOf(handler), tyOf(body), handler.span, (a, e) => ({
    message: `the body of this \`try\` and its \`catch\` handler must have the same type: the body is ${e}, the handler ${a}`,
    notes: [{ span: body.span, message: `the body is ${e}` }],
  }));
  return { kind: "try", body, error: b as never, handler, type: same ? body.type : asIrType(tError()), span: f.span };
}
