import type { TopDef, Type } from "@weft/typeck-shareable";
import type { ProgramIndex } from "./Program.js";
import { view } from "./Types.js";

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
