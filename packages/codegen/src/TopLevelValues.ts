import type { GlobalRef, TopDef, Type } from "@weft/typeck-shareable";
import type { ProgramIndex } from "./Program.js";
import { view } from "./Types.js";
import { someNode } from "./Walk.js";

/**
 * How a `def`'s value reaches worker threads (LANGUAGE.md §6: top-level values are evaluated
 * once, on the main thread, and workers see the same values):
 * - `"everywhere"`: a `def` of a literal, computed by every thread as it loads (no side effect,
 *   same value; a `defonce` is shipped: after a live reload its value is the old one);
 * - `"shipped"`: a Shareable value, computed on the main thread and sent to each worker once
 *   (`topLevel` in @weft/gc); a type variable's value (`(def none None)`) is tried at run time;
 * - `"main"`: not Shareable (a `MutVec`, a `Task`, a function using one): computed on the main
 *   thread only; the checker rejects every way a worker could reach it (E0301).
 */
export type DefReach = "everywhere" | "shipped" | "main";

export function defReach(index: ProgramIndex, def: TopDef): DefReach {
  if (def.value.kind === "lit" && def.kind === "def") return "everywhere";
  return shareable(index, def.module, def.type, new Set(), 0) ? "shipped" : "main";
}

// Whether a value of type `t` (seen from module `from`) can cross to another thread. A type
// variable or an unknown type counts as Shareable: the codec decides at run time.
function shareable(index: ProgramIndex, from: string, t: Type | undefined, seen: Set<string>, depth: number): boolean {
  if (depth > 40) return false;
  const v = view(t);
  switch (v.kind) {
    case "fn":
      return (t as { shareable?: boolean }).shareable !== false;
    case "var":
    case "unknown":
      return true;
    case "con":
      break;
  }
  const args = () => v.args.map((a) => shareable(index, from, a, seen, depth + 1));
  switch (v.name) {
    case "Int":
    case "Float":
    case "Bool":
    case "String":
    case "Keyword":
    case "Unit":
    case "Error":
      return true;
    case "Atom":
    case "Channel":
    case "Vec":
    case "Map":
    case "Option":
    case "Result":
    case "Entry":
      return args().every(Boolean);
    case "MutVec":
    case "Task":
      return false;
  }
  const found = index.findType(v.name, v.module, from);
  if (!found) return false;
  const key = `${found.module}:${v.name}`;
  if (seen.has(key)) return true;
  seen.add(key);
  const params = found.struct?.params ?? found.enum?.params ?? [];
  const fields = found.struct ? found.struct.fields.map((f) => f.type) : (found.enum?.variants.flatMap((x) => x.fields) ?? []);
  const argOk = args();
  const ok = fields.every((f) => {
    const fv = view(f);
    const i = fv.kind === "var" ? params.indexOf(fv.name) : fv.kind === "con" && fv.args.length === 0 ? params.indexOf(fv.name) : -1;
    return i >= 0 ? (argOk[i] ?? false) : shareable(index, found.module, f, seen, depth + 1);
  });
  seen.delete(key);
  return ok;
}

/**
 * The order a module evaluates its `def`s in: each time, the first one in declaration order
 * whose value uses no def of the module still to come, directly or through the functions it
 * calls (Go's package initialisation order), so `(def a (+ b 1)) (def b 2)` works whichever
 * comes first. A cycle keeps declaration order.
 */
export function initOrder(index: ProgramIndex, module: string, defs: readonly TopDef[]): TopDef[] {
  const info = index.modules.get(module);
  if (!info) return [...defs];
  const usedDefs = (def: TopDef): Set<string> => {
    const found = new Set<string>();
    const seenFns = new Set<string>();
    const visit = (root: unknown) =>
      someNode(root, (node) => {
        if (node["kind"] !== "global" && node["kind"] !== "call-global") return undefined;
        const ref = node["ref"] as GlobalRef;
        if (ref.module !== module || ref.name === def.name) return undefined;
        if (info.defs.has(ref.name)) found.add(ref.name);
        const fn = info.fns.get(ref.name);
        if (fn && !seenFns.has(ref.name)) {
          seenFns.add(ref.name);
          visit(fn.body);
        }
        return undefined;
      });
    visit(def.value);
    return found;
  };
  const uses = new Map(defs.map((d) => [d.name, usedDefs(d)]));
  const pending = [...defs];
  const order: TopDef[] = [];
  while (pending.length > 0) {
    const waiting = new Set(pending.map((d) => d.name));
    const ready = pending.findIndex((d) => ![...uses.get(d.name)!].some((n) => waiting.has(n)));
    order.push(...pending.splice(ready < 0 ? 0 : ready, 1));
  }
  return order;
}
