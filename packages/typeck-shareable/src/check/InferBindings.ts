/**
 * Inference of bindings and functions: `let` (with let-polymorphism under the value
 * restriction), parameters, `fn` and what a closure's captures make of its `share` flag. Each
 * takes the `Infer` whose form it is.
 */
import type { Form, Span } from "@weft/reader";
import type { Expr } from "../IR.js";
import { NON_GENERALISING } from "./Builtins.js";
import { freshFlag, seed, type Flag } from "./Flag.js";
import { capturesMutable } from "./passes/Shareable.js";
import type { MBinding } from "./Env.js";
import { Scope } from "./Env.js";
import { fn, freeVars, GENERIC, type TVar, tyOf, type Ty } from "./Ty.js";
import { isNamed, isSym } from "./Forms.js";
import { T, type Infer } from "./Infer.js";

/** Whether a binding's value may be generalised (the ML value restriction). */
export function isSyntacticValue(f: Form): boolean {
  if (f.kind === "list") {
    const h = f.items[0];
    if (!h) return true;
    if (isNamed(h, "fn")) return true;
    if (isSym(h) && NON_GENERALISING.has(h.name)) return false;
    if (isSym(h) && /^[A-Z]/.test(h.name)) return f.items.slice(1).every(isSyntacticValue);
    return false;
  }
  if (f.kind === "vector") return f.items.every(isSyntacticValue);
  if (f.kind === "map") return f.entries.every(([k, v]) => isSyntacticValue(k) && isSyntacticValue(v));
  return true;
}

/** Parses `(x 1)` / `(mut x 1)` binding pairs. */
export function bindingPairs(inf: Infer, list: Form, what: string): { name: Extract<Form, { kind: "symbol" }>; mutable: boolean; value: Form; span: Span }[] | null {
  if (list.kind !== "list") {
    inf.malformed(list.span, `\`${what}\` needs a list of bindings: (${what} ((x 1) (mut y 2)) body...)`);
    return null;
  }
  const out: { name: Extract<Form, { kind: "symbol" }>; mutable: boolean; value: Form; span: Span }[] = [];
  for (const b of list.items) {
    if (b.kind === "list" && b.items.length === 2 && isSym(b.items[0]) && b.items[0].name !== "mut") out.push({ name: b.items[0], mutable: false, value: b.items[1]!, span: b.span });
    else if (b.kind === "list" && b.items.length === 3 && isNamed(b.items[0], "mut") && isSym(b.items[1])) out.push({ name: b.items[1], mutable: true, value: b.items[2]!, span: { ...b.items[0]!.span, end: b.items[1].span.end } });
    else {
      inf.malformed(b.span, `a \`${what}\` binding is (name value) or (mut name value)`);
      return null;
    }
  }
  return out;
}

export function inferLet(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  const [, bs, ...body] = f.items;
  if (!bs) return inf.malformed(f.span, "`let` needs bindings: (let ((x 1)) body...)");
  const pairs = bindingPairs(inf, bs, "let");
  if (!pairs) return inf.errorExpr(f.span);
  let inner = scope;
  const bindings: { binding: MBinding; value: Expr }[] = [];
  for (const p of pairs) {
    const reqs0 = inf.group.reqs.length;
    const pending0 = inf.group.pending.length;
    inf.level++;
    const value = inf.infer(p.value, inner, false);
    inf.level--;
    const ty = tyOf(value);
    const generic = !p.mutable && isSyntacticValue(p.value) && generalise(inf, ty, reqs0, pending0);
    // The maps the value makes, keyed by its generalised variables, ask `(MapKey k)` at its uses.
    const keys = generic ? inf.group.pending.splice(pending0).filter((c) => {
      const mine = c.cls === "MapKey" && freeVars(c.ty).some((v) => v.level === GENERIC);
      if (!mine) inf.group.pending.push(c);
      return mine;
    }).map((c) => c.ty) : [];
    // Crossings inside the value on its generalised variables move to its uses.
    const deferred = generic ? inf.group.reqs.splice(reqs0).filter((r) => {
      const mine = freeVars(r.ty).some((v) => v.level === GENERIC);
      if (!mine) inf.group.reqs.push(r);
      return mine;
    }) : [];
    inner = new Scope(inner);
    const b = inf.newBinding(p.name.name, p.mutable, ty, p.name.span);
    if (p.mutable) b.span = p.span;
    inf.bind(inner, b, ty, generic, deferred, keys);
    bindings.push({ binding: b, value });
  }
  const b = inf.body(body, new Scope(inner), tail, f.span);
  return { kind: "let", bindings: bindings as never, body: b, type: b.type, span: f.span };
}

/**
 * Generalises the variables of `ty` born at a deeper level, except those a pending class
 * constraint mentions (local bindings keep constrained variables monomorphic; see README), but
 * for the binding's own `(MapKey k)`s (from `ownPending` on), which move to its uses.
 */
export function generalise(inf: Infer, ty: Ty, ownReqs = inf.group.reqs.length, ownPending = inf.group.pending.length): boolean {
  const vs = freeVars(ty).filter((v) => v.level > inf.level && v.level !== GENERIC);
  if (vs.length === 0) return false;
  const constrained = new Set<TVar>();
  // `(MapKey k)` from the binding's own value has no dictionary: it moves to the uses instead.
  inf.group.pending.forEach((p, i) => {
    if (i < ownPending || p.cls !== "MapKey") for (const v of freeVars(p.ty)) constrained.add(v);
  });
  // A value that crosses outside this binding, or that a closure captures, keeps its type
  // monomorphic: its shareability is decided at the group's end, on the type it really has.
  // Crossings inside the binding's own value (from `ownReqs` on) move to its uses instead.
  for (const r of inf.group.reqs.slice(0, ownReqs)) for (const v of freeVars(r.ty)) constrained.add(v);
  for (const c of inf.group.conds) for (const v of freeVars(c.ty)) constrained.add(v);
  let any = false;
  for (const v of vs)
    if (!constrained.has(v)) {
      v.level = GENERIC;
      any = true;
    }
  return any;
}

/** Parameters `(a (b Float))`; annotated ones get their type. */
export function inferParams(inf: Infer, list: Form, scope: Scope): { binding: MBinding; ty: Ty }[] | null {
  if (list.kind !== "list") {
    inf.malformed(list.span, "the parameters of a function are a list: (fn (a b) body...)");
    return null;
  }
  const out: { binding: MBinding; ty: Ty }[] = [];
  const seen = new Map<string, Span>();
  const vars = new Map<string, Ty>();
  for (const p of list.items) {
    let name: Extract<Form, { kind: "symbol" }>;
    let ty: Ty;
    if (isSym(p)) {
      name = p;
      ty = inf.fresh();
    } else if (p.kind === "list" && p.items.length === 2 && isSym(p.items[0])) {
      name = p.items[0];
      ty = inf.annotation(p.items[1]!, vars);
    } else {
      inf.malformed(p.span, "a parameter is a name or (name Type)");
      return null;
    }
    const prev = seen.get(name.name);
    if (prev) inf.rep.report("E0106", `the parameter \`${name.name}\` is declared twice`, name.span, { notes: [{ span: prev, message: "first declared here" }] });
    seen.set(name.name, name.span);
    const b = inf.newBinding(name.name, false, ty, name.span);
    inf.bind(scope, b, ty);
    out.push({ binding: b, ty });
  }
  return out;
}

export function inferLambda(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const [, ps, ...body] = f.items;
  if (!ps) return inf.malformed(f.span, "`fn` needs parameters: (fn (a b) body...)");
  const id = inf.env.nextLambda();
  inf.lambdas.push({ captures: [], spans: new Map() });
  const inner = new Scope(scope);
  const params = inferParams(inf, ps, inner);
  if (!params) {
    inf.lambdas.pop();
    return inf.errorExpr(f.span);
  }
  const result = inf.fresh();
  const susp = freshFlag("susp");
  inf.suspStack.push(susp);
  inf.recurTargets.push({ loopId: null, params: params.map((p) => p.ty), span: f.span });
  const worker = inf.workerFns.delete(f) ? 1 : 0;
  inf.workerDepth += worker;
  const b = inf.body(body, inner, true, f.span);
  inf.workerDepth -= worker;
  inf.recurTargets.pop();
  inf.suspStack.pop();
  inf.expect(tyOf(b), result, b.span, () => ({ message: "unreachable" }));
  const lam = inf.lambdas.pop()!;
  const share = freshFlag("share");
  captureConds(inf, lam, share);
  // An instance method is reached through its class's dictionary, not as a value that
  // crosses: its `def`s are checked where a task body uses them (README, "Not done yet").
  if (f !== inf.methodForm) for (const d of lam.defs ?? []) inf.group.conds.push({ ty: d.ty, flag: share, name: d.name, useSpan: d.span, def: { via: d.via ?? null } });
  return {
    kind: "lambda",
    id,
    params: params.map((p) => p.binding) as never,
    body: b,
    captures: lam.captures as never,
    capturedDicts: [],
    suspends: susp as never,
    type: T(fn(params.map((p) => p.ty), result, share, susp)),
    span: f.span,
    ...({ captureSpans: lam.spans, defRefs: lam.defs ?? [] } as object),
  } as never;
}

/** A closure is not Shareable when it captures a `mut` binding, or a value that is not (decided at the group's end). */
export function captureConds(inf: Infer, lam: { captures: MBinding[]; spans: Map<MBinding, Span> }, share: Flag): void {
  for (const c of lam.captures) {
    const useSpan = lam.spans.get(c) ?? c.span;
    if (c.mutable)
      seed(share, capturesMutable(c, useSpan));
    else inf.group.conds.push({ ty: c.type as Ty, flag: share, name: c.name, useSpan });
  }
}

