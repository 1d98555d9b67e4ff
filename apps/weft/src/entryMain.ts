import { error, type Diagnostic } from "@weft/reader";
import type { Program } from "@weft/typeck-shareable";

/**
 * What is wrong with the entry module's `main`, if it has one: `weft run` and a built `main.mjs`
 * call it with no arguments (LANGUAGE.md §9), so a `main` that takes some, or is no function,
 * is an error here rather than a JavaScript failure at run time.
 */
export function entryMainDiagnostics(program: Program): Diagnostic[] {
  const main = program.modules.find((m) => m.path === program.entry)?.values.find((v) => v.name === "main");
  if (main === undefined) return [];
  const help = "write it (defn main () ...): `main` takes no arguments, and its result is discarded";
  if (main.type.kind !== "fn") return [error("E0101", "`main` must be a function of no arguments, but this is a value", main.span, { label: "not a function", help })];
  const count = main.type.params.length;
  if (count === 0) return [];
  const at = main.kind === "fn" ? { ...main.params[0]!.span, end: main.params[count - 1]!.span.end } : main.span;
  return [error("E0103", `\`main\` takes no arguments, but this one takes ${count}`, at, { label: count === 1 ? "this parameter" : "these parameters", help })];
}
