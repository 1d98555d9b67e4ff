import type { Expr, GlobalRef, Lambda, TopFn } from "@weft/typeck-shareable";
import { someNode } from "./Walk.js";

/**
 * Which version of a function a `Body` compiles (ARCHITECTURE.md, "Suspension and codegen").
 *
 * - `plain`: as the IR says; every call awaits exactly when its `suspends` says so.
 * - `async`: the async colour of a function polymorphic in suspension (`maySuspend`), for the
 *   calls that give it functions that suspend. Which calls inside suspend then depends on those
 *   functions, which the IR cannot say here, so every call of a function value is awaited
 *   (awaiting a plain value is harmless), higher-order built-ins take their `…Async` variants,
 *   and polymorphic callees and lambdas are used in their async colours.
 * - `lambdas`: a function that does not suspend for its parameters' sake but makes lambdas
 *   that may (`(defn compose (f g) (fn (x) (g (f x))))`): its own calls are plain, its lambdas
 *   are built in their async colours. It is async only if it suspends anyway.
 */
export type Colour = "plain" | "async" | "lambdas";

/** Finds the top-level function a call names. */
export type FnLookup = (ref: GlobalRef) => TopFn | undefined;

/**
 * Whether `e` makes lambdas whose suspension depends on the enclosing function's parameters:
 * a `maySuspend` lambda occurs in it (at any depth), or it calls a function that makes such
 * lambdas (`(defn twice (f) (compose f f))`).
 */
export function makesPolymorphicLambdas(e: Expr, lookup: FnLookup, visiting = new Set<TopFn>()): boolean {
  return someNode(e, (o) => {
    if (o["kind"] === "lambda" && (o as unknown as Lambda).maySuspend === true) return "found";
    if (o["kind"] !== "call-global" && o["kind"] !== "global") return undefined;
    const target = lookup(o["ref"] as GlobalRef);
    return target !== undefined && !visiting.has(target) && secondColour(target, lookup, visiting) === "lambdas" ? "found" : undefined;
  });
}

const colourCache = new WeakMap<TopFn, Colour | null>();

/** The second colour a top-level function is compiled in, besides `plain`, if any. */
export function secondColour(fn: TopFn, lookup: FnLookup, visiting = new Set<TopFn>()): Colour | null {
  const cached = colourCache.get(fn);
  if (cached !== undefined) return cached;
  if (fn.maySuspend === true && !fn.suspends) return remember(fn, "async", visiting);
  visiting.add(fn);
  const colour = makesPolymorphicLambdas(fn.body, lookup, visiting) ? "lambdas" : null;
  visiting.delete(fn);
  return remember(fn, colour, visiting);
}

// A result found while another function was being decided may have been cut short by a cycle,
// so only a top-level decision is kept.
function remember(fn: TopFn, colour: Colour | null, visiting: Set<TopFn>): Colour | null {
  if (visiting.size === 0) colourCache.set(fn, colour);
  return colour;
}

/** The colour a lambda is built in inside a body of colour `outer`. */
export function lambdaColour(l: Lambda, outer: Colour, lookup: FnLookup): Colour {
  if (outer === "plain") return "plain";
  if (l.maySuspend === true && !l.suspends) return "async";
  return makesPolymorphicLambdas(l.body, lookup) ? "lambdas" : "plain";
}
