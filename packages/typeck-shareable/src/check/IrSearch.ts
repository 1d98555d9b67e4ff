import type { Span } from "@weft/reader";
import type { Expr } from "../IR.js";

/** Searches and walks over the typed IR that ignore types and bindings (the passes' walks, W0321's I/O). */

/** Keys of IR nodes that hold no sub-expression (and may hold cyclic checker state). */
export const SKIP_KEYS: ReadonlySet<string> = new Set(["type", "span", "binding", "captures", "params", "captureSpans", "defRefs", "suspends", "dicts", "dict", "ref", "ctor", "struct", "arena", "error", "pattern"]);

/**
 * Calls `f(child, a, b)` on each expression directly inside `e` (through the arrays and records
 * that hold them: `let` bindings, `match` arms, `select` clauses…), in source order. `a` and `b`
 * are passed through, so a walk over a whole module allocates no closure per node.
 */
export function eachChild<A, B>(e: Expr, f: (child: Expr, a: A, b: B) => void, a: A, b: B): void {
  const o = e as unknown as Record<string, unknown>;
  for (const k in o) {
    if (SKIP_KEYS.has(k)) continue;
    const v = o[k];
    if (typeof v === "object" && v !== null) into(v, f, a, b);
  }
}

function into<A, B>(v: object, f: (child: Expr, a: A, b: B) => void, a: A, b: B): void {
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === "object" && x !== null) into(x, f, a, b);
    return;
  }
  if ("kind" in v && "span" in v) {
    f(v as Expr, a, b);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    if (SKIP_KEYS.has(k)) continue;
    const x = o[k];
    if (typeof x === "object" && x !== null) into(x, f, a, b);
  }
}

const pushTo = (c: Expr, stack: Expr[]): void => {
  stack.push(c);
};

/** Pushes `e`'s children onto `stack` so that they pop in source order. */
export function pushChildren(e: Expr, stack: Expr[]): void {
  const from = stack.length;
  eachChild(e, pushTo, stack, null);
  for (let i = from, j = stack.length - 1; i < j; i++, j--) {
    const t = stack[i]!;
    stack[i] = stack[j]!;
    stack[j] = t;
  }
}

/** What may print when a function runs (W0321): `print`/`println`, or a top-level value or method that does. */
export interface IoOracle {
  /** A top-level value, by `module::name`. */
  readonly global: (key: string) => boolean;
  readonly method: (m: Extract<Expr, { kind: "method" }>) => boolean;
}

/**
 * Where `e` may print when what it gives is run (W0321): a call of `print`/`println`, a use of
 * a top-level value or a method that may print, anywhere inside it, nested functions included
 * (a function it passes on or returns may be the one that runs). The first in source order.
 */
export function findIo(e: Expr, io: IoOracle): { name: string; span: Span; global?: true } | null {
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if ((o.kind === "call-builtin" || o.kind === "builtin") && IO.has(o.name)) return { name: o.name, span: o.span };
    if ((o.kind === "call-global" || o.kind === "global") && io.global(`${o.ref.module}::${o.ref.name}`)) return { name: o.ref.name, span: o.span, global: true };
    if (o.kind === "method" && io.method(o)) return { name: o.method, span: o.span, global: true };
    pushChildren(o, stack);
  }
  return null;
}

/** The builtins that perform I/O (W0321). */
export const IO: ReadonlySet<string> = new Set(["println", "print"]);
