import type { Type } from "../Type.js";
import { find, freshFlag, isSetNow, type Flag } from "./Flag.js";

/**
 * The checker's internal, mutable type representation. Unification variables are bound in
 * place (`ref`); `level` drives let-generalisation (a variable whose level is deeper than the
 * binding site's is generalised). `GENERIC` marks a quantified variable of a scheme.
 */
export type Ty = TVar | TCon | TFn;

/** The checker's type of an IR node (the IR holds `Ty`s until `finalize` turns them into `Type`s). */
export const tyOf = (e: { type: Type }): Ty => e.type as unknown as Ty;
/** A checker type stored in an IR node's `type` until `finalize`. */
export const asIrType = (t: Ty): Type => t as unknown as Type;
export interface TVar {
  tag: "var";
  id: number;
  level: number;
  ref: Ty | null;
}
/** A named type. `skolem` marks a rigid variable of a `sig` (name is the variable's name). */
export interface TCon {
  tag: "con";
  name: string;
  module?: string;
  args: Ty[];
  skolem?: number;
}
export interface TFn {
  tag: "fn";
  params: Ty[];
  result: Ty;
  /** Set when the function is not Shareable (§6). */
  share: Flag;
  /** Set when calling it can suspend (§5). */
  susp: Flag;
}

export const GENERIC = Number.POSITIVE_INFINITY;

let nextVar = 1;
export function freshVar(level: number): TVar {
  return { tag: "var", id: nextVar++, level, ref: null };
}
export function con(name: string, args: Ty[] = [], module?: string): TCon {
  return module === undefined ? { tag: "con", name, args } : { tag: "con", name, args, module };
}
export function fn(params: Ty[], result: Ty, share: Flag = freshFlag("share"), susp: Flag = freshFlag("susp")): TFn {
  return { tag: "fn", params, result, share, susp };
}

/** The type of an expression that already produced an error: unifies with anything, silently. */
export const ERROR_NAME = "?";
export const tError = (): TCon => con(ERROR_NAME);
export const tInt = (): TCon => con("Int");
export const tFloat = (): TCon => con("Float");
export const tBool = (): TCon => con("Bool");
export const tString = (): TCon => con("String");
export const tKeyword = (): TCon => con("Keyword");
export const tUnit = (): TCon => con("Unit");
export const tErrorVal = (): TCon => con("Error");

export function prune(t: Ty): Ty {
  while (t.tag === "var" && t.ref) t = t.ref;
  return t;
}

export function zonk(t: Ty): Ty {
  t = prune(t);
  if (t.tag === "var") return t;
  if (t.tag === "con") return t.args.length === 0 ? t : { ...t, args: t.args.map(zonk) };
  return { tag: "fn", params: t.params.map(zonk), result: zonk(t.result), share: t.share, susp: t.susp };
}

export function isError(t: Ty): boolean {
  const p = prune(t);
  return p.tag === "con" && p.name === ERROR_NAME;
}

export function containsError(t: Ty): boolean {
  t = prune(t);
  if (t.tag === "var") return false;
  if (t.tag === "con") return t.name === ERROR_NAME || t.args.some(containsError);
  return t.params.some(containsError) || containsError(t.result);
}

/** Free unification variables of `t`, in order of first appearance. */
export function freeVars(t: Ty, out: TVar[] = []): TVar[] {
  t = prune(t);
  if (t.tag === "var") {
    if (!out.includes(t)) out.push(t);
  } else if (t.tag === "con") for (const a of t.args) freeVars(a, out);
  else {
    for (const p of t.params) freeVars(p, out);
    freeVars(t.result, out);
  }
  return out;
}

/** Replaces variables per `map` (by id), and flags per `flags` (by root); everything else is copied structurally. */
export function substitute(t: Ty, map: Map<number, Ty>, flags?: (f: Flag) => Flag): Ty {
  t = prune(t);
  if (t.tag === "var") return map.get(t.id) ?? t;
  if (t.tag === "con") return t.args.length === 0 ? t : { ...t, args: t.args.map((a) => substitute(a, map, flags)) };
  return {
    tag: "fn",
    params: t.params.map((p) => substitute(p, map, flags)),
    result: substitute(t.result, map, flags),
    share: flags ? flags(t.share) : t.share,
    susp: flags ? flags(t.susp) : t.susp,
  };
}

/** Every flag of `t` (roots), in order. */
export function flagsOf(t: Ty, out: Flag[] = []): Flag[] {
  t = prune(t);
  if (t.tag === "con") for (const a of t.args) flagsOf(a, out);
  else if (t.tag === "fn") {
    for (const f of [find(t.share), find(t.susp)]) if (!out.includes(f)) out.push(f);
    for (const p of t.params) flagsOf(p, out);
    flagsOf(t.result, out);
  }
  return out;
}

/** Names generic variables `a`, `b`, … in order of first appearance (for messages and the IR). */
export class VarNames {
  readonly #names = new Map<number, string>();
  name(id: number): string {
    let n = this.#names.get(id);
    if (n === undefined) {
      const i = this.#names.size;
      n = i < 26 ? String.fromCharCode(97 + i) : `t${i}`;
      this.#names.set(id, n);
    }
    return n;
  }
}

/**
 * Weft syntax for a type: `Int`, `(Vec a)`, `(Fn (Int) Int)`. A message shows at most `budget`
 * type constructors and writes `…` for the rest: a type that doubles at each call can reach
 * thousands of them, and a diagnostic must stay readable.
 */
export function show(t: Ty, names: VarNames = new VarNames(), budget = 64): string {
  const left = { n: budget };
  const go = (u: Ty): string => {
    u = prune(u);
    if (u.tag === "var") return names.name(u.id);
    if (u.tag === "con" && u.args.length === 0) return u.name === "Unit" ? "()" : u.name;
    if (left.n-- <= 0) return "…";
    if (u.tag === "con") return `(${u.name} ${u.args.map(go).join(" ")})`;
    return `(${isSetNow(u.share) ? "LocalFn" : "Fn"} (${u.params.map(go).join(" ")}) ${go(u.result)})`;
  };
  return go(t);
}

/** "an Int", "a `(Vec Int)`", "a function `(Fn (Int) Int)`": a type inside a sentence. */
export function describe(t: Ty, names: VarNames = new VarNames()): string {
  t = prune(t);
  if (t.tag === "var") return `a value of any type \`${names.name(t.id)}\``;
  if (t.tag === "fn") return `a function \`${show(t, names)}\``;
  if (t.name === "Unit") return "`()`";
  if (t.skolem !== undefined) return `a value of the generic type \`${t.name}\``;
  const s = show(t, names);
  const text = t.args.length === 0 ? s : `\`${s}\``;
  return `${/^[AEIOU]/.test(t.name) ? "an" : "a"} ${text}`;
}

/** Converts to the public `Type`, after inference: a flag still unset reads Shareable / not suspending. */
export function toType(t: Ty, names: VarNames): Type {
  t = prune(t);
  if (t.tag === "var") return { kind: "var", id: t.id, name: names.name(t.id) };
  if (t.tag === "con") {
    if (t.skolem !== undefined) return { kind: "var", id: t.skolem, name: t.name };
    const args = t.args.map((a) => toType(a, names));
    return t.module === undefined ? { kind: "con", name: t.name, args } : { kind: "con", name: t.name, module: t.module, args };
  }
  return {
    kind: "fn",
    params: t.params.map((p) => toType(p, names)),
    result: toType(t.result, names),
    shareable: !find(t.share).set,
    suspends: find(t.susp).set,
  };
}
