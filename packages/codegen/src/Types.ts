import type { Type } from "@weft/typeck-shareable";

/**
 * Reads a type from the IR. The checker may hand over its internal representation (`tag`
 * instead of `kind`, bound variables behind `ref`), so this follows both shapes.
 */
export type TypeView =
  | { readonly kind: "con"; readonly name: string; readonly module?: string; readonly args: readonly Type[] }
  | { readonly kind: "fn"; readonly params: readonly Type[]; readonly result: Type; readonly suspends: boolean }
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "unknown" };

export function view(t: Type | undefined): TypeView {
  let x = t as unknown as Record<string, unknown> | undefined;
  for (let i = 0; x && i < 1000 && x["ref"]; i++) x = x["ref"] as Record<string, unknown>;
  if (!x) return { kind: "unknown" };
  const k = (x["kind"] ?? x["tag"]) as string;
  if (k === "con") {
    const module = x["module"] as string | undefined;
    const base = { kind: "con" as const, name: x["name"] as string, args: (x["args"] as Type[] | undefined) ?? [] };
    return module === undefined ? base : { ...base, module };
  }
  if (k === "fn")
    return { kind: "fn", params: (x["params"] as Type[]) ?? [], result: x["result"] as Type, suspends: x["suspends"] === true };
  if (k === "var") return { kind: "var", name: String(x["name"] ?? `t${String(x["id"])}`) };
  return { kind: "unknown" };
}

/** Whether calling a value of this type can suspend. */
export function suspends(t: Type | undefined): boolean {
  const v = view(t);
  return v.kind === "fn" && v.suspends;
}

/** The number of parameters of a function type, or `fallback`. */
export function arity(t: Type | undefined, fallback: number): number {
  const v = view(t);
  return v.kind === "fn" ? v.params.length : fallback;
}

/** Whether a function type that suspends occurs anywhere in `t` (its parameters, result, type arguments). */
export function holdsSuspending(t: Type | undefined, depth = 0): boolean {
  if (depth > 50) return false;
  const v = view(t);
  if (v.kind === "fn") return v.suspends || v.params.some((p) => holdsSuspending(p, depth + 1)) || holdsSuspending(v.result, depth + 1);
  if (v.kind === "con") return v.args.some((a) => holdsSuspending(a, depth + 1));
  return false;
}
