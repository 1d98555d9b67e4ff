import type { Expr } from "../../IR.js";
import type { Reporter } from "../Errors.js";
import { eachChild, findIo, IO, type IoOracle } from "../IrSearch.js";
import type { ModuleIr, Summaries } from "./Summaries.js";

/**
 * Side effects in `swap!` (W0321): the function given to `swap!` may run more than once, so I/O
 * in it may happen more than once. Whatever path the function takes (a helper, a closure a
 * function returns, a struct field, a `def`, a method), it may print when the expression giving
 * it reaches `print`: written in it, or through a top-level value or an instance whose
 * summary says it prints. Over-approximating only costs a warning; no path hides a print.
 */
export function sideEffectsPass(ir: ModuleIr, rep: Reporter, summaries: Summaries): void {
  const swaps = summariseIo(ir, summaries);
  const io = oracle(summaries);
  for (const f of swaps) warn(rep, f, io);
}

function warn(rep: Reporter, f: Expr, io: IoOracle): void {
  const found = findIo(f, io);
  if (!found) return;
  const what = found.global ? `it calls \`${found.name}\`, which prints` : `\`${found.name}\``;
  rep.warn("W0321", `the function given to \`swap!\` does I/O (${what}): it may run more than once`, found.span, {
    label: "this may run again when the swap retries",
    notes: [{ span: f.span, message: "the function given to `swap!`" }],
    help: "do the I/O after the swap, with the value `swap!` returns: (println (swap! a f))",
  });
}

/**
 * A method call prints when the instance its dictionary names does; through a dictionary
 * parameter any instance of the class may run.
 */
function oracle(summaries: Summaries): IoOracle {
  return {
    global: (key) => summaries.io.get(key) === true,
    method: (m) => methodKeys(m, summaries).some((k) => summaries.io.get(k) === true),
  };
}

function methodKeys(m: Extract<Expr, { kind: "method" }>, summaries: Summaries): string[] {
  if (m.dict.kind === "instance") return [`instance:${m.dict.id}`];
  return (summaries.instances.get(m.class) ?? []).map((id) => `instance:${id}`);
}

/**
 * Whether each top-level value and instance of the module prints, directly or through what it
 * names: one walk of each body for what it names, then the facts flow back along those edges.
 * Returns the functions given to `swap!`, in source order, found on the way.
 */
function summariseIo(ir: ModuleIr, summaries: Summaries): Expr[] {
  const swaps: Expr[] = [];
  // An instance's methods are walked as the instance (their bodies in `ir.bodies` have no key).
  const units = ir.bodies.filter((b) => b.key !== null);
  for (const f of ir.fns) if (f.instance) units.push({ key: `instance:${f.instance.id}`, body: f.body });
  /** Who names each key: they print when it does. */
  const namedBy = new Map<string, string[]>();
  const printing: string[] = [];
  for (const u of units) {
    const key = u.key!;
    summaries.io.set(key, summaries.io.get(key) ?? false);
    let direct = false;
    const stack: Expr[] = [u.body];
    while (stack.length > 0) {
      const e = stack.pop()!;
      const names: string[] =
        (e.kind === "call-builtin" || e.kind === "builtin") && IO.has(e.name) ? ((direct = true), [])
          : e.kind === "call-global" || e.kind === "global" ? [`${e.ref.module}::${e.ref.name}`]
            : e.kind === "method" ? methodKeys(e, summaries)
              : [];
      for (const n of names) {
        if (summaries.io.get(n) === true) direct = true;
        else (namedBy.get(n) ?? namedBy.set(n, []).get(n)!).push(key);
      }
      if (e.kind === "call-builtin" && e.name === "swap!" && e.args[1]) swaps.push(e.args[1]);
      const from = stack.length;
      eachChild(e, (c) => stack.push(c));
      stack.push(...stack.splice(from).reverse());
    }
    if (direct) printing.push(key);
  }
  while (printing.length > 0) {
    const key = printing.pop()!;
    if (summaries.io.get(key) === true) continue;
    summaries.io.set(key, true);
    printing.push(...(namedBy.get(key) ?? []));
  }
  return swaps;
}
