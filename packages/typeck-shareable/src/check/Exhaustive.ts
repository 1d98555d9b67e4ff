import type { CtorRef, Pattern } from "../IR.js";
import type { Ty } from "./Ty.js";

/** One constructor of a type, with its field types at the scrutinee's type arguments. */
export interface CtorSig {
  readonly name: string;
  readonly fields: readonly Ty[];
}
/** The complete list of constructors of a type, or null when it has too many to list (Int, String…). */
export type Signature = (ty: Ty) => readonly CtorSig[] | null;

const WILD = "_";

/**
 * The cases a `match` misses, as Weft patterns (`None`, `(Node _ _ _)`), at most `limit` of
 * them; empty when the match is exhaustive. Maranget's usefulness algorithm, producing witnesses.
 */
export function missingCases(patterns: readonly Pattern[], ty: Ty, signature: Signature, limit = 8): string[] {
  const rows = patterns.map((p) => [p]);
  return missing(rows, [ty], signature, limit).map((w) => w[0] ?? WILD);
}

export function ctorName(ctor: CtorRef): string {
  return ctor.kind === "struct" ? ctor.type.name : ctor.variant;
}

function head(p: Pattern): string | null {
  if (p.kind === "ctor") return ctorName(p.ctor);
  if (p.kind === "lit") return p.value.kind === "bool" ? String(p.value.value) : `lit:${JSON.stringify(p.value)}`;
  return null;
}

function missing(rows: readonly (readonly Pattern[])[], tys: readonly Ty[], signature: Signature, limit: number): string[][] {
  if (tys.length === 0) return rows.length === 0 ? [[]] : [];
  const [ty, ...rest] = tys as [Ty, ...Ty[]];
  const sig = signature(ty);
  const heads = new Set(rows.map((r) => head(r[0]!)).filter((h): h is string => h !== null));
  const out: string[][] = [];
  if (sig && sig.length > 0 && [...heads].some((h) => sig.some((c) => c.name === h))) {
    for (const c of sig) {
      const specialised: Pattern[][] = [];
      for (const r of rows) {
        const p = r[0]!;
        const h = head(p);
        if (h === null) specialised.push([...c.fields.map((): Pattern => ({ kind: "wild", span: p.span })), ...r.slice(1)]);
        else if (h === c.name) specialised.push([...(p.kind === "ctor" ? p.args : []), ...r.slice(1)]);
      }
      for (const w of missing(specialised, [...c.fields, ...rest], signature, limit - out.length)) {
        const args = w.slice(0, c.fields.length);
        out.push([args.length === 0 ? c.name : `(${c.name} ${args.join(" ")})`, ...w.slice(c.fields.length)]);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
  const defaults = rows.filter((r) => head(r[0]!) === null).map((r) => r.slice(1));
  const complete = sig !== null && sig.length > 0 && sig.every((c) => heads.has(c.name));
  if (complete) return [];
  for (const w of missing(defaults, rest, signature, limit)) {
    if (sig && sig.length > 0 && heads.size === 0) out.push([WILD, ...w]);
    else if (sig && sig.length > 0) {
      for (const c of sig) if (!heads.has(c.name)) out.push([c.fields.length === 0 ? c.name : `(${c.name} ${c.fields.map(() => WILD).join(" ")})`, ...w]);
    } else out.push([WILD, ...w]);
    if (out.length >= limit) break;
  }
  return out;
}
