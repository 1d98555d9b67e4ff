import type { DictExpr, DictParam } from "../IR.js";
import { BUILTIN_INSTANCES, NO_DICTIONARY } from "./Builtins.js";
import type { Given, InstanceInfo, TypeInfo } from "./Env.js";
import { find, type Cause } from "./Flag.js";
import { ERROR_NAME, GENERIC, prune, substitute, type TCon, type TVar, type Ty } from "./Ty.js";

/** What instance resolution needs from the checker. */
export interface ClassEnv {
  /** User instances by `class|typeKey`. */
  readonly instances: ReadonlyMap<string, InstanceInfo>;
  /** Program types by `module::Name`. */
  readonly types: ReadonlyMap<string, TypeInfo>;
  /** Dictionaries in scope for rigid (sig or instance) variables. */
  readonly givens: readonly Given[];
  /** A dictionary parameter for a generalised variable of the current definition group. */
  paramFor(cls: string, v: TVar): DictParam;
}

/** A constraint that has no instance: `cls` at the innermost type that lacks it. */
export interface NoInstance {
  readonly cls: string;
  readonly ty: Ty;
  /** The instance exists, but a function in `ty` suspends where its head says it does not (E0322). */
  readonly suspends?: Cause | null;
}

/**
 * Where `actual` holds a function that can suspend at a place where the instance head `head`
 * has a function type that does not (its methods call it without waiting): the first such
 * function's cause, `undefined` when there is none.
 */
function suspendingUnder(head: Ty, actual: Ty): Cause | null | undefined {
  const h = prune(head);
  const a = prune(actual);
  if (h.tag === "fn" && a.tag === "fn") {
    const hs = find(h.susp);
    const as = find(a.susp);
    if (!hs.set && as.set) return as.cause;
    for (let i = 0; i < Math.min(h.params.length, a.params.length); i++) {
      const r = suspendingUnder(h.params[i]!, a.params[i]!);
      if (r !== undefined) return r;
    }
    return suspendingUnder(h.result, a.result);
  }
  if (h.tag === "con" && a.tag === "con")
    for (let i = 0; i < Math.min(h.args.length, a.args.length); i++) {
      const r = suspendingUnder(h.args[i]!, a.args[i]!);
      if (r !== undefined) return r;
    }
  return undefined;
}

export const DUMMY_DICT: DictExpr = { kind: "builtin", class: "?", type: "?", args: [] };

export function typeKey(t: TCon): string {
  return t.module === undefined ? t.name : `${t.module}::${t.name}`;
}

/**
 * The dictionary for `cls` at `ty` (already defaulted: a non-generic variable here is a bug
 * of the caller and resolves to a dummy). Instances are found by the head constructor, so
 * resolution never unifies anything.
 */
export function resolveDict(env: ClassEnv, cls: string, ty: Ty, seen: ReadonlySet<string> = new Set()): DictExpr | NoInstance {
  const t = prune(ty);
  if (t.tag === "var") {
    if (t.level === GENERIC) return { kind: "param", param: env.paramFor(cls, t) };
    return DUMMY_DICT;
  }
  if (t.tag === "fn") return { cls, ty: t };
  if (t.name === ERROR_NAME) return DUMMY_DICT;
  if (t.skolem !== undefined) {
    const g = env.givens.find((x) => x.cls === cls && sameRigid(x.ty, t));
    return g ? { kind: "param", param: g.param } : { cls, ty: t };
  }
  const all = (xs: readonly Ty[]): DictExpr[] | NoInstance => {
    const out: DictExpr[] = [];
    for (const a of xs) {
      const d = resolveDict(env, cls, a, seen);
      if (!("kind" in d)) return d;
      out.push(d);
    }
    return out;
  };
  const key = typeKey(t);
  const inst = env.instances.get(`${cls}|${key}`);
  if (inst) {
    const hidden = suspendingUnder(inst.head, t);
    if (hidden !== undefined) return { cls, ty: t, suspends: hidden };
    const args: DictExpr[] = [];
    for (const c of inst.context) {
      const a = t.args[c.index];
      if (!a) continue;
      const d = resolveDict(env, c.cls, a);
      if (!("kind" in d)) return d;
      if (!NO_DICTIONARY.has(c.cls)) args.push(d);
    }
    return { kind: "instance", id: inst.id, args };
  }
  const info = env.types.get(key);
  if (info && cls === "MapKey") return programKey(env, t, info, seen);
  if (info) {
    if ((cls === "Eq" || cls === "Show") && info.derives?.includes(cls)) {
      const args = all(t.args);
      if (!Array.isArray(args)) return args;
      return { kind: "derived", class: cls, type: { module: info.module, name: info.name }, args };
    }
    return { cls, ty: t };
  }
  const builtin = BUILTIN_INSTANCES.get(cls)?.get(t.name);
  if (builtin === undefined) return { cls, ty: t };
  const args = builtin ? all(t.args) : [];
  if (!Array.isArray(args)) return args;
  return { kind: "builtin", class: cls, type: t.name, args };
}

/** The types of a struct's fields, or of every field of every variant of an enum. */
function fieldTypes(info: TypeInfo): Ty[] {
  return info.kind === "struct" ? info.fields.map((f) => f.ty) : info.variants.flatMap((v) => v.fields);
}

/**
 * `(MapKey T)` of a struct or enum (§4: structs and enums of keys are keys): every field, at
 * this use's type arguments, is a key. A type met again inside itself is assumed to be one.
 */
function programKey(env: ClassEnv, t: TCon, info: TypeInfo, seen: ReadonlySet<string>): DictExpr | NoInstance {
  const key = typeKey(t);
  if (seen.has(key)) return { kind: "builtin", class: "MapKey", type: info.name, args: [] };
  const inner = new Set([...seen, key]);
  const args = new Map(info.paramVars.map((v, i): [number, Ty] => [v.id, t.args[i]!]));
  for (const f of fieldTypes(info)) {
    const d = resolveDict(env, "MapKey", substitute(f, args), inner);
    if (!("kind" in d)) return d;
  }
  return { kind: "builtin", class: "MapKey", type: info.name, args: [] };
}

/**
 * The key types of the maps a value of type `ty` can hold: `(Map k v)` in it, also inside the
 * fields of the structs and enums it names (at its type arguments).
 */
export function mapKeysIn(ty: Ty, types: ReadonlyMap<string, TypeInfo>): Ty[] {
  const out: Ty[] = [];
  const seen = new Set<string>();
  const walk = (x: Ty): void => {
    const t = prune(x);
    if (t.tag === "var") return;
    if (t.tag === "fn") return void [...t.params, t.result].forEach(walk);
    if (t.name === "Map" && t.module === undefined && t.args[0]) out.push(prune(t.args[0]));
    t.args.forEach(walk);
    const info = types.get(typeKey(t));
    if (!info || seen.has(typeKey(t))) return;
    seen.add(typeKey(t));
    const args = new Map(info.paramVars.map((v, i): [number, Ty] => [v.id, t.args[i]!]));
    for (const f of fieldTypes(info)) walk(substitute(f, args));
  };
  walk(ty);
  return out;
}

function sameRigid(a: Ty, b: TCon): boolean {
  const p = prune(a);
  return p.tag === "con" && p.skolem === b.skolem;
}

/**
 * Whether a type can have `cls` derived, given its field types: no functions, nothing the
 * runtime cannot compare or print. Program types are assumed to (their own check decides).
 */
export function derivable(cls: "Eq" | "Show", ty: Ty, types: ReadonlyMap<string, TypeInfo>, seen: Set<string>): boolean {
  const t = prune(ty);
  if (t.tag === "var") return true;
  if (t.tag === "fn") return false;
  if (t.skolem !== undefined) return true;
  const info = types.get(typeKey(t));
  if (info) {
    if (info.userInstances.has(cls)) return t.args.every((a) => derivable(cls, a, types, seen));
    if (seen.has(typeKey(t))) return true;
    seen.add(typeKey(t));
    return fieldTypes(info).every((f) => derivable(cls, f, types, seen)) && t.args.every((a) => derivable(cls, a, types, seen));
  }
  const b = BUILTIN_INSTANCES.get(cls)?.get(t.name);
  if (b === undefined) return false;
  return !b || t.args.every((a) => derivable(cls, a, types, seen));
}
