/** Lowerings of sugar-like forms into core IR that more than one family of forms needs. */
import type { Expr } from "../IR.js";
import { asIrType, prune, tUnit, tyOf } from "./Ty.js";
import { unify } from "./Unify.js";

/** Whether `e` always ends by jumping with `recur` (so it never produces a value). */
export function endsInRecur(e: Expr): boolean {
  switch (e.kind) {
    case "recur":
      return true;
    case "do":
      return endsInRecur(e.body[e.body.length - 1]!);
    case "let":
      return endsInRecur(e.body);
    case "if":
      return endsInRecur(e.then) && endsInRecur(e.else);
    case "match":
      return e.arms.length > 0 && e.arms.every((a) => endsInRecur(a.body));
    default:
      return false;
  }
}

/**
 * A body whose value is discarded (`when`, `unless`, `cond` without `else`) as a `()` expression:
 * `(do body ())`, except when it is already `()` or ends in `recur`, which stays in tail position.
 */
export function unitBody(e: Expr): Expr {
  const t = prune(tyOf(e));
  if (t.tag === "con" && t.name === "Unit") return e;
  if (endsInRecur(e) && !unify(tyOf(e), tUnit())) return e;
  return { kind: "do", body: [e, { kind: "lit", value: { kind: "unit" }, type: asIrType(tUnit()), span: e.span }], type: asIrType(tUnit()), span: e.span };
}
