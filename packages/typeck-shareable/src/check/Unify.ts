import { mergeFlags } from "./Flag.js";
import { ERROR_NAME, prune, type TVar, type Ty } from "./Ty.js";

/** Why two types did not unify; the caller turns it into a diagnostic that says why they had to. */
export type UnifyFailure = { readonly kind: "mismatch" } | { readonly kind: "occurs"; readonly variable: TVar; readonly type: Ty };

/**
 * Makes `a` and `b` equal by binding variables, or says why not. Stops at the first clash, so
 * one mistake gives one error. The error type `?` unifies with everything.
 */
export function unify(a: Ty, b: Ty): UnifyFailure | null {
  a = prune(a);
  b = prune(b);
  if (a === b) return null;
  if (a.tag === "var") return bind(a, b);
  if (b.tag === "var") return bind(b, a);
  if ((a.tag === "con" && a.name === ERROR_NAME) || (b.tag === "con" && b.name === ERROR_NAME)) return null;
  if (a.tag === "con" && b.tag === "con") {
    if (a.name !== b.name || a.skolem !== b.skolem || a.args.length !== b.args.length) return MISMATCH;
    if (a.module !== undefined && b.module !== undefined && a.module !== b.module) return MISMATCH;
    for (let i = 0; i < a.args.length; i++) {
      const f = unify(a.args[i]!, b.args[i]!);
      if (f) return f;
    }
    return null;
  }
  if (a.tag === "fn" && b.tag === "fn") {
    if (a.params.length !== b.params.length) return MISMATCH;
    for (let i = 0; i < a.params.length; i++) {
      const f = unify(a.params[i]!, b.params[i]!);
      if (f) return f;
    }
    const r = unify(a.result, b.result);
    if (r) return r;
    // Flags never fail to unify: they merge (a rigid one reports its own violation).
    mergeFlags(a.share, b.share);
    mergeFlags(a.susp, b.susp);
    return null;
  }
  return MISMATCH;
}

const MISMATCH: UnifyFailure = { kind: "mismatch" };

function bind(v: TVar, t: Ty): UnifyFailure | null {
  if (t.tag === "con" && t.name === ERROR_NAME) {
    v.ref = t;
    return null;
  }
  if (occurs(v, t)) return { kind: "occurs", variable: v, type: t };
  adjustLevels(t, v.level);
  v.ref = t;
  return null;
}

function occurs(v: TVar, t: Ty): boolean {
  t = prune(t);
  if (t === v) return true;
  if (t.tag === "var") return false;
  if (t.tag === "con") return t.args.some((a) => occurs(v, a));
  return t.params.some((p) => occurs(v, p)) || occurs(v, t.result);
}

/** A variable bound into a shallower scope's type must not be generalised deeper than it. */
function adjustLevels(t: Ty, level: number): void {
  t = prune(t);
  if (t.tag === "var") {
    if (t.level > level) t.level = level;
  } else if (t.tag === "con") for (const a of t.args) adjustLevels(a, level);
  else {
    for (const p of t.params) adjustLevels(p, level);
    adjustLevels(t.result, level);
  }
}
