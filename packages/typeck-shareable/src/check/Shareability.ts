import type { Label } from "@weft/reader";
import type { TypeInfo } from "./Env.js";
import { find, type Cause, type Flag } from "./Flag.js";
import { ERROR_NAME, GENERIC, prune, show, substitute, type TCon, type TVar, type Ty } from "./Ty.js";
import { typeKey } from "./Classes.js";

/** Why a type is not Shareable: where in it (`its field \`run\``) and what is there. */
export interface Reason {
  readonly path: readonly string[];
  /** "a `MutVec`", "a closure that captures the mutable binding `done`". */
  readonly leaf: string;
  readonly notes: readonly Label[];
  readonly help?: string;
}

/** What decides whether a type is Shareable (§6), once its constant parts are known. */
export interface Shareability {
  /** Parts that are never Shareable. */
  readonly reasons: Reason[];
  /** Function flags inside it: Shareable only while they stay unset. */
  readonly flags: { flag: Flag; path: readonly string[] }[];
  /** Quantified type variables: Shareable when the instantiation is (a `(Shareable a)` constraint). */
  readonly vars: TVar[];
  /** Rigid `sig` variables: need `(Shareable a)` among the sig's constraints. */
  readonly skolems: TCon[];
}

const NEVER: Record<string, { leaf: string; help: string }> = {
  MutVec: { leaf: "a `MutVec`", help: "share an immutable copy instead: (freeze …)" },
  Task: { leaf: "a `Task`", help: "await the task first and share its value" },
  Arena: { leaf: "an arena", help: "move the data out of the arena with (freeze …)" },
};

/** Walks `ty` per LANGUAGE.md §6. `types` gives the fields of program structs and enums. */
export function shareability(ty: Ty, types: ReadonlyMap<string, TypeInfo>): Shareability {
  const out: Shareability = { reasons: [], flags: [], vars: [], skolems: [] };
  const seen = new Set<string>();
  let pathNotes: Label[] = [];
  const walk = (t: Ty, path: readonly string[], depth: number): void => {
    t = prune(t);
    if (depth > 40) return;
    if (t.tag === "var") {
      if (t.level === GENERIC && !out.vars.includes(t)) out.vars.push(t);
      return;
    }
    if (t.tag === "fn") {
      const r = find(t.share);
      if (r.set) {
        const c: Cause | null = r.cause;
        out.reasons.push({ path, leaf: c ? `a closure that ${c.text}` : "a function that is not Shareable (declared `LocalFn`)", notes: [...pathNotes, ...(c?.notes ?? [])], ...(c?.help ? { help: c.help } : { help: "declare it (Fn …) and make it capture only Shareable values" }) });
      } else if (r.local) {
        out.reasons.push({ path, leaf: `a function that ${r.local.text}`, notes: [...pathNotes, ...r.local.notes], ...(r.local.help ? { help: r.local.help } : {}) });
      } else if (!out.flags.some((x) => x.flag === r)) out.flags.push({ flag: r, path });
      return;
    }
    if (t.name === ERROR_NAME) return;
    if (t.skolem !== undefined) {
      if (!out.skolems.some((s) => s.skolem === t.skolem)) out.skolems.push(t);
      return;
    }
    const never = t.module === undefined ? NEVER[t.name] : undefined;
    if (never) {
      out.reasons.push({ path, leaf: never.leaf, notes: [...pathNotes], help: never.help });
      return;
    }
    const info = t.module !== undefined ? types.get(typeKey(t)) : undefined;
    if (info) {
      const key = show(t, undefined, Number.POSITIVE_INFINITY);
      if (seen.has(key)) return;
      seen.add(key);
      const map = new Map<number, Ty>();
      info.paramVars.forEach((v, i) => map.set(v.id, t.args[i] ?? prune(v)));
      if (info.kind === "struct") {
        for (const f of info.fields) {
          const saved = pathNotes;
          pathNotes = [...pathNotes, { span: f.span, message: `the field \`${f.name}\` of \`${info.name}\` holds it` }];
          walk(substitute(f.ty, map), [...path, `its field \`${f.name}\``], depth + 1);
          pathNotes = saved;
        }
      } else {
        for (const v of info.variants)
          for (const f of v.fields) walk(substitute(f, map), [...path, `its variant \`${v.name}\``], depth + 1);
      }
      return;
    }
    const what = t.name === "Atom" ? "its contents" : t.name === "Channel" ? "what it carries" : "its elements";
    for (const a of t.args) walk(a, [...path, what], depth + 1);
  };
  walk(ty, [], 0);
  return out;
}

/** "holds", or "hold" after a plural ("its elements hold …"). */
function holds(path: readonly string[]): string {
  return /elements|contents/.test(path[path.length - 1] ?? "") ? "hold" : "holds";
}

/** "`x` is not Shareable because its field `run` holds a closure that …" */
export function because(name: string, r: Reason): string {
  const where = r.path.length === 0 ? `it is ${r.leaf}` : `${r.path.map((p, i) => (i === 0 ? p : p.replace(/^its /, "whose "))).join(", ")} ${holds(r.path)} ${r.leaf}`;
  return `${name} is not Shareable because ${where}`;
}

/** The same chain as a verb phrase for a closure's cause: "captures `job`, whose field …". */
export function captureText(name: string, r: Reason, verb = "captures"): string {
  const n = / /.test(name) ? name : `\`${name}\``;
  const where = r.path.length === 0 ? `which is ${r.leaf}` : `whose ${r.path.map((p) => p.replace(/^its /, "")).join(", whose ")} ${holds(r.path)} ${r.leaf}`;
  return `${verb} ${n}, ${where}`;
}
