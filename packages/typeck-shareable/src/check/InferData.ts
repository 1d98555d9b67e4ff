/**
 * Inference of the data forms: constructors, field access and `with`, `match` with its
 * patterns and exhaustiveness. Each takes the `Infer` whose form it is.
 */
import type { Form, Span } from "@weft/reader";
import type { Expr, Pattern } from "../IR.js";
import { isStdlibType } from "./Stdlib.js";
import type { CtorInfo, TypeInfo } from "./Env.js";
import { Scope } from "./Env.js";
import { closest, ordinal, plural } from "./Errors.js";
import { missingCases, type CtorSig } from "./Exhaustive.js";
import { con, containsError, describe, fn, isError, prune, substitute, tError, zonk, tyOf, type Ty, asIrType } from "./Ty.js";
import { unify } from "./Unify.js";
import { isNamed, isSym, literalOf } from "./Forms.js";
import type { Infer } from "./Infer.js";

export function construct(inf: Infer, f: Extract<Form, { kind: "list" }>, ctor: CtorInfo, scope: Scope): Expr {
  const args = f.items.slice(1);
  const inst = inf.instantiateCtor(ctor);
  const result = inst.result;
  // A `(Fn …)` field reports a non-Shareable function where the struct is built (E0301).
  const fields = inst.fields.map((t, i) => {
    const arg = args[i];
    const fieldName = ctor.type?.kind === "struct" ? ctor.type.fields[i]?.name : undefined;
    return arg ? inf.freshenRigid(t, arg.span, fieldName ? `the field \`${fieldName}\` of \`${ctor.name}\`` : `this field of \`${ctor.name}\``) : t;
  });
  const argEs = args.map((a) => inf.infer(a, scope, false));
  if (fields.length !== args.length) {
    inf.rep.report("E0103", `\`${ctor.name}\` takes ${plural(fields.length, "field")} but was given ${args.length}`, f.span, {
      label: `expected ${plural(fields.length, "argument")}`,
      ...(ctor.type ? { notes: [{ span: ctor.type.span, message: `\`${ctor.name}\` is declared here` }] } : {}),
    });
    return { kind: "construct", ctor: ctor.ref, args: argEs, type: asIrType(result), span: f.span };
  }
  const what = ctor.ref.kind === "struct" ? "the struct" : `the variant \`${ctor.name}\``;
  argEs.forEach((a, i) => {
    const declSpan = ctor.fieldSpans[i];
    const fieldName = ctor.type?.kind === "struct" ? ctor.type.fields[i]?.name : undefined;
    inf.expect(tyOf(a), fields[i]!, a.span, (act, exp) => ({
      message: `the ${ordinal(i + 1)} argument of \`${ctor.name}\` must be ${exp}, because ${what} says so, but it is ${act}`,
      notes: declSpan ? [{ span: declSpan, message: fieldName ? `field \`${fieldName}\` is declared here` : "declared here" }] : [],
    }), args[i]);
  });
  return { kind: "construct", ctor: ctor.ref, args: argEs, type: asIrType(result), span: f.span };
}

/** The struct a field name means on a value of type `t` (E0105 when there is none, or several). */
export function structFor(inf: Infer, t: Ty, field: string, span: Span, fieldSpan: Span): { info: TypeInfo; args: Ty[] } | null {
  const p = prune(t);
  if (p.tag === "con" && !isError(p)) {
    const named = inf.env.types.get(p.name);
    const info = named && named.module === p.module && named.kind === "struct"
      ? named
      : [...inf.env.types.values()].find((x) => x.name === p.name && x.module === p.module && x.kind === "struct");
    if (!info) {
      inf.rep.report("E0105", `${describe(p)} has no fields, so it has no field \`${field}\``, fieldSpan);
      return null;
    }
    if (!info.fields.some((x) => x.name === field)) {
      const near = closest(field, info.fields.map((x) => x.name));
      inf.rep.report("E0105", `the struct \`${info.name}\` has no field \`${field}\``, fieldSpan, {
        label: "unknown field",
        notes: isStdlibType(info) ? [] : [{ span: info.span, message: `\`${info.name}\` has the fields ${info.fields.map((x) => `\`${x.name}\``).join(", ")}` }],
        ...(near ? { help: `did you mean \`${near}\`?` } : {}),
      });
      return null;
    }
    return { info, args: p.args };
  }
  if (isError(p)) return null;
  if (p.tag === "fn") {
    inf.rep.report("E0105", `a function has no field \`${field}\``, fieldSpan);
    return null;
  }
  // A value of unknown type after an error in this definition (`(map (enmies) (fn (e) (.pos e)))`
  // with `enmies` unbound) is unknown because of that error: one report, not one per field.
  if (inf.rep.errors > inf.group.errorsAtStart) return null;
  const having = [...new Set(inf.env.types.values())].filter((x) => x.kind === "struct" && x.fields.some((y) => y.name === field));
  // The program's own structs come first: a stdlib record (`Entry`) never makes a field ambiguous.
  const own = having.filter((x) => !isStdlibType(x));
  const candidates = own.length > 0 ? own : having;
  if (candidates.length === 0) {
    inf.rep.report("E0105", `no struct has a field \`${field}\``, fieldSpan, { label: "unknown field" });
    return null;
  }
  if (candidates.length > 1) {
    inf.rep.report("E0105", `several structs have a field \`${field}\` (${candidates.map((c) => `\`${c.name}\``).join(", ")}), and the type here is not known yet`, fieldSpan, {
      help: `annotate the value, e.g. (the ${candidates[0]!.name} …), or its parameter ((x ${candidates[0]!.name}))`,
    });
    return null;
  }
  const info = candidates[0]!;
  const args = info.paramVars.map(() => inf.fresh() as Ty);
  unify(p, con(info.name, args, info.module));
  void span;
  return { info, args };
}

export function fieldType(inf: Infer, info: TypeInfo, args: Ty[], field: string): Ty {
  const map = new Map<number, Ty>();
  info.paramVars.forEach((v, i) => map.set(v.id, args[i]!));
  return substitute(info.fields.find((x) => x.name === field)!.ty, map);
}

export function field(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const h = f.items[0] as Extract<Form, { kind: "symbol" }>;
  const name = h.name.slice(1);
  if (f.items.length !== 2) return inf.malformed(f.span, `field access takes one value: (.${name} v)`);
  const target = inf.infer(f.items[1]!, scope, false);
  const s = structFor(inf, tyOf(target), name, f.span, h.span);
  if (!s) return { kind: "field", target, struct: { module: "", name: "" }, field: name, type: asIrType(tError()), span: f.span };
  return { kind: "field", target, struct: { module: s.info.module, name: s.info.name }, field: name, type: asIrType(fieldType(inf, s.info, s.args, name)), span: f.span };
}

export function withForm(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const [, tf, ...rest] = f.items;
  if (!tf || rest.length === 0 || rest.length % 2 !== 0) return inf.malformed(f.span, "`with` is (with value :field new-value ...)");
  const target = inf.infer(tf, scope, false);
  const first = rest[0]!;
  if (first.kind !== "keyword") return inf.malformed(first.span, "`with` names fields with keywords: (with v :x 1.0)");
  const s = structFor(inf, tyOf(target), first.name, f.span, first.span);
  const updates: { field: string; value: Expr }[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i]!;
    const vf = rest[i + 1]!;
    const value = inf.infer(vf, scope, false);
    if (k.kind !== "keyword") {
      inf.malformed(k.span, "`with` names fields with keywords: (with v :x 1.0)");
      continue;
    }
    if (!s) continue;
    const decl = s.info.fields.find((x) => x.name === k.name);
    if (!decl) {
      structFor(inf, con(s.info.name, s.args, s.info.module), k.name, k.span, k.span);
      continue;
    }
    inf.expect(tyOf(value), inf.freshenRigid(fieldType(inf, s.info, s.args, k.name), vf.span, `the field \`${k.name}\` of \`${s.info.name}\``), value.span, (a, e) => ({
      message: `the field \`${k.name}\` of \`${s.info.name}\` must be ${e}, because the struct says so, but the new value is ${a}`,
      notes: [{ span: decl.span, message: `field \`${k.name}\` is declared here` }],
    }), vf);
    updates.push({ field: k.name, value });
  }
  if (!s) return inf.errorExpr(f.span);
  return { kind: "with", target, struct: { module: s.info.module, name: s.info.name }, updates, type: target.type, span: f.span };
}

// ---------------------------------------------------------------- match

export function match(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  const [, sf, ...arms] = f.items;
  if (!sf) return inf.malformed(f.span, "`match` is (match value (pattern body...)...)");
  const scrutinee = inf.infer(sf, scope, false);
  const st = tyOf(scrutinee);
  const result = inf.fresh();
  let firstArm: Span | null = null;
  const out: { pattern: Pattern; body: Expr }[] = [];
  let broken = false;
  let armsDisagree = false;
  for (const arm of arms) {
    if (arm.kind !== "list" || arm.items.length < 2) {
      inf.malformed(arm.span, "a `match` arm is (pattern body...)");
      broken = true;
      continue;
    }
    const inner = new Scope(scope);
    const before = inf.rep.count;
    const pat = pattern(inf, arm.items[0]!, st, inner);
    if (inf.rep.count > before) broken = true;
    const body = inf.body(arm.items.slice(1), inner, tail, arm.span);
    const fa = firstArm;
    if (!inf.expect(tyOf(body), result, body.span, (a, e) => ({
      message: `the arms of this \`match\` must have the same type: this one is ${a}, the first ${e}`,
      notes: fa ? [{ span: fa, message: `the first arm is ${e}` }] : [],
    }))) armsDisagree = true;
    firstArm ??= body.span;
    out.push({ pattern: pat, body });
  }
  if (!broken && !containsError(zonk(st))) {
    const missing = missingCases(out.map((a) => a.pattern), st, (t) => signature(inf, t));
    if (missing.length > 0)
      inf.rep.report("E0401", `this \`match\` does not cover every case: ${missing.map((m) => `\`${m}\``).join(", ")} ${missing.length === 1 ? "is" : "are"} not matched`, f.span, {
        label: "not exhaustive",
        help: `add an arm for ${missing.map((m) => `\`${m}\``).join(", ")}, or a catch-all arm (_ ...)`,
      });
  }
  return { kind: "match", scrutinee, arms: out as never, type: asIrType(armsDisagree ? tError() : result), span: f.span };
}

export function signature(inf: Infer, t: Ty): CtorSig[] | null {
  const p = prune(t);
  if (p.tag !== "con") return null;
  if (p.name === "Bool" && p.module === undefined) return [{ name: "true", fields: [] }, { name: "false", fields: [] }];
  if (p.name === "Unit") return [{ name: "()", fields: [] }];
  if (!inf.ctorsByType) {
    inf.ctorsByType = new Map();
    for (const c of new Set(inf.env.ctors.values())) {
      const key = `${c.result.module ?? ""}::${c.result.name}`;
      const list = inf.ctorsByType.get(key) ?? [];
      list.push(c);
      inf.ctorsByType.set(key, list);
    }
  }
  const ctors = [...(inf.ctorsByType.get(`${p.module ?? ""}::${p.name}`) ?? [])];
  if (ctors.length === 0) return null;
  ctors.sort((a, b) => ("tag" in a.ref ? a.ref.tag : 0) - ("tag" in b.ref ? b.ref.tag : 0));
  return ctors.map((c) => {
    const map = new Map<number, Ty>();
    c.paramVars.forEach((v, i) => map.set(v.id, p.args[i] ?? tError()));
    return { name: c.name, fields: c.fields.map((x) => substitute(x, map)) };
  });
}

export function pattern(inf: Infer, f: Form, ty: Ty, scope: Scope): Pattern {
  const lit = literalOf(f);
  if (lit) {
    inf.expect(lit.ty, ty, f.span, (a, e) => ({ message: `this pattern is ${a}, but the value matched is ${e}` }));
    return { kind: "lit", value: lit.value, span: f.span };
  }
  if (isNamed(f, "_")) return { kind: "wild", span: f.span };
  if (isSym(f) && !/^[A-Z]/.test(f.name)) {
    const b = inf.newBinding(f.name, false, ty, f.span);
    inf.bind(scope, b, ty);
    return { kind: "bind", binding: b as never, span: f.span };
  }
  const head = isSym(f) ? f : f.kind === "list" && isSym(f.items[0]) ? f.items[0] : null;
  if (!head) {
    inf.malformed(f.span, "a pattern is `_`, a name, a literal, a constructor or (Constructor pattern...)");
    return { kind: "wild", span: f.span };
  }
  const ctor = inf.env.ctors.get(head.name);
  if (!ctor) {
    const near = closest(head.name, inf.env.ctors.keys());
    inf.rep.report("E0105", `there is no constructor \`${head.name}\``, head.span, { label: "unknown constructor", ...(near ? { help: `did you mean \`${near}\`?` } : {}) });
    // Its names are bound all the same (of no known type), so the arm's body reports nothing more.
    if (f.kind === "list") for (const sub of f.items.slice(1)) pattern(inf, sub, tError(), scope);
    return { kind: "wild", span: f.span };
  }
  const { fields, result } = inf.instantiateCtor(ctor);
  inf.expect(result, ty, f.span, (a, e) => ({ message: `this pattern matches ${a}, but the value matched is ${e}` }));
  const subs = f.kind === "list" ? f.items.slice(1) : [];
  if (subs.length !== fields.length) {
    // Still bind the names it mentions, so the arm's body reports nothing more.
    for (const sub of subs) pattern(inf, sub, inf.fresh(), scope);
    inf.rep.report("E0103", `the pattern \`${ctor.name}\` needs ${plural(fields.length, "field")} but has ${subs.length}`, f.span, {
      ...(fields.length > 0 && f.kind !== "list" ? { help: `write (${ctor.name} ${fields.map(() => "_").join(" ")})` } : {}),
    });
    return { kind: "wild", span: f.span };
  }
  const args = subs.map((s, i) => pattern(inf, s, fields[i]!, scope));
  return { kind: "ctor", ctor: ctor.ref, args, span: f.span };
}

// ---------------------------------------------------------------- annotations
