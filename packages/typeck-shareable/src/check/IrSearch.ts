import type { Span } from "@weft/reader";

/**
 * Searches over the typed IR that ignore types and bindings: which calls a body makes
 * (W0321's I/O, the summaries' callees).
 */

/** Keys of IR nodes that hold no sub-expression (and may hold cyclic checker state). */
export const SKIP_KEYS: ReadonlySet<string> = new Set(["type", "span", "binding", "captures", "params", "captureSpans", "defRefs", "suspends", "dicts", "dict", "ref", "ctor", "struct", "arena", "error", "pattern"]);

/** The first call of one of `names` in `e`, outside nested lambdas. */
export function findCall(e: unknown, names: ReadonlySet<string>, globals: ReadonlySet<string> = new Set()): { name: string; span: Span; global?: true } | null {
  if (typeof e !== "object" || e === null) return null;
  if (Array.isArray(e)) {
    for (const x of e) {
      const r = findCall(x, names, globals);
      if (r) return r;
    }
    return null;
  }
  const o = e as Record<string, unknown>;
  if (o.kind === "call-builtin" && names.has(o.name as string)) return { name: o.name as string, span: o.span as Span };
  if (o.kind === "call-global") {
    const ref = o.ref as { module: string; name: string };
    if (globals.has(`${ref.module}::${ref.name}`)) return { name: ref.name, span: o.span as Span, global: true };
  }
  if (o.kind === "call" && (o.callee as { kind?: string; name?: string })?.kind === "builtin" && names.has((o.callee as { name: string }).name))
    return { name: (o.callee as { name: string }).name, span: o.span as Span };
  for (const [k, v] of Object.entries(o)) {
    if (SKIP_KEYS.has(k)) continue;
    if (typeof v === "object" && v !== null && (v as { kind?: string }).kind === "lambda") continue;
    const r = findCall(v, names, globals);
    if (r) return r;
  }
  return null;
}

/**
 * Where `e` may print when what it gives is run (W0321): a call of `print`/`println`, a use of
 * a top-level value that may print (`globals`, `module::name`) or of a method of a class whose
 * instances do, anywhere inside it, nested functions included (a function it passes on or
 * returns may be the one that runs).
 */
export function findIo(e: unknown, globals: ReadonlySet<string>, ioClass: (cls: string) => boolean): { name: string; span: Span; global?: true } | null {
  const stack: unknown[] = [e];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== "object" || x === null) continue;
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
      continue;
    }
    const o = x as Record<string, unknown>;
    if ((o.kind === "call-builtin" || o.kind === "builtin") && IO.has(o.name as string)) return { name: o.name as string, span: o.span as Span };
    if (o.kind === "call-global" || o.kind === "global") {
      const ref = o.ref as { module: string; name: string };
      if (globals.has(`${ref.module}::${ref.name}`)) return { name: ref.name, span: o.span as Span, global: true };
    }
    if (o.kind === "method" && ioClass(o.class as string)) return { name: o.method as string, span: o.span as Span, global: true };
    const vals = Object.entries(o).filter(([k]) => !SKIP_KEYS.has(k)).map(([, v]) => v);
    for (let i = vals.length - 1; i >= 0; i--) stack.push(vals[i]);
  }
  return null;
}

/** The builtins that perform I/O (W0321). */
export const IO: ReadonlySet<string> = new Set(["println", "print"]);
