import type { Module, TopDef, Type } from "@weft/typeck-shareable";
import type { ProgramIndex } from "./Program.js";
import { view } from "./Types.js";

/**
 * Defs that must be one value on every thread. Every worker imports the program's modules, so
 * each thread evaluates every `def` and `defonce` itself — harmless for plain data, wrong for an
 * atom or a channel (`(defonce high-score (atom 0))`): a worker's swaps would go to its own
 * atom. So a closure that starts a worker (`spawn-thread`, `par-map`, `par-for-each`) carries
 * the spawning thread's values of such defs, and the worker adopts them before it runs.
 *
 * These are the defs whose type holds an atom, a channel or a function (which may capture one)
 * and is Shareable (so the codec can send it).
 */
export function sharedDefs(index: ProgramIndex, module: Module): TopDef[] {
  const out: TopDef[] = [];
  for (const v of module.values) {
    if (v.kind === "fn") continue;
    const r = walk(index, module.path, v.type, new Set(), 0);
    if (r.handle && r.shareable) out.push(v);
  }
  return out;
}

/** `path` and every module it imports, directly or not, dependencies first. */
export function reachableModules(index: ProgramIndex, path: string): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    const info = index.modules.get(p);
    if (!info) return;
    for (const imp of info.module.imports) visit(imp.path);
    order.push(p);
  };
  visit(path);
  return order;
}

interface Found {
  readonly handle: boolean;
  readonly shareable: boolean;
}

const PLAIN: Found = { handle: false, shareable: true };
const NEVER: Found = { handle: false, shareable: false };

function both(xs: readonly Found[]): Found {
  return { handle: xs.some((x) => x.handle), shareable: xs.every((x) => x.shareable) };
}

function walk(index: ProgramIndex, from: string, t: Type | undefined, seen: Set<string>, depth: number): Found {
  if (depth > 40) return NEVER;
  const v = view(t);
  switch (v.kind) {
    case "fn":
      return { handle: true, shareable: (t as { shareable?: boolean }).shareable !== false };
    case "var":
    case "unknown":
      return NEVER;
    case "con":
      break;
  }
  const args = () => v.args.map((a) => walk(index, from, a, seen, depth + 1));
  switch (v.name) {
    case "Int":
    case "Float":
    case "Bool":
    case "String":
    case "Keyword":
    case "Unit":
    case "Error":
      return PLAIN;
    case "Atom":
    case "Channel":
      return { handle: true, shareable: both(args()).shareable };
    case "Vec":
    case "Map":
    case "Option":
    case "Result":
    case "Entry":
      return both(args());
    case "MutVec":
    case "Task":
      return NEVER;
  }
  const found = index.findType(v.name, v.module, from);
  if (!found) return NEVER;
  const key = `${found.module}:${v.name}`;
  if (seen.has(key)) return PLAIN;
  seen.add(key);
  const params = found.struct?.params ?? found.enum?.params ?? [];
  const fields = found.struct ? found.struct.fields.map((f) => f.type) : (found.enum?.variants.flatMap((x) => x.fields) ?? []);
  const argFound = args();
  const results = fields.map((f) => {
    const fv = view(f);
    const i = fv.kind === "var" ? params.indexOf(fv.name) : fv.kind === "con" && fv.args.length === 0 ? params.indexOf(fv.name) : -1;
    return i >= 0 ? (argFound[i] ?? NEVER) : walk(index, found.module, f, seen, depth + 1);
  });
  seen.delete(key);
  return both(results);
}
