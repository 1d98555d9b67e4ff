import type { Expr } from "../../IR.js";
import type { Reporter } from "../Errors.js";
import { eachChild } from "../IrSearch.js";
import type { ModuleIr } from "./Summaries.js";

/**
 * Every task belongs to a scope that waits for it (LANGUAGE.md §5, E0310): a `spawn` or
 * `spawn-thread` must be lexically inside a `with-tasks` body (inside a `fn` written there too,
 * whose escape from the scope is E0311, see `Escape.ts`). A `spawn-thread` body and a function
 * written as `par-map`'s or `par-for-each`'s run on another thread, where the scopes around
 * them do not exist: inside them a `spawn` needs its own `with-tasks`.
 */
export function taskScopePass(ir: ModuleIr, rep: Reporter): void {
  for (const { body } of ir.bodies) visit(body, 0, null, rep);
}

function visit(e: Expr, depth: number, away: string | null, rep: Reporter): void {
  switch (e.kind) {
    case "with-tasks":
      visit(e.body, depth + 1, away, rep);
      return;
    case "spawn": {
      if (depth === 0) report(rep, e, away);
      if (e.thread) visit(e.body, 0, "a `spawn-thread` body", rep);
      else visit(e.body, depth, away, rep);
      return;
    }
    case "call-builtin":
      if ((e.name === "par-map" || e.name === "par-for-each") && e.args[1]?.kind === "lambda") {
        for (const [i, a] of e.args.entries()) visit(a, i === 1 ? 0 : depth, i === 1 ? "a `par-map`/`par-for-each` function" : away, rep);
        return;
      }
  }
  eachChild(e, (c) => visit(c, depth, away, rep));
}

function report(rep: Reporter, e: Extract<Expr, { kind: "spawn" }>, away: string | null): void {
  const n = e.thread ? "spawn-thread" : "spawn";
  rep.report("E0310", away
    ? `\`${n}\` inside ${away} runs on another thread, where the enclosing \`with-tasks\` does not exist`
    : `\`${n}\` outside \`with-tasks\`: every task must belong to a scope that waits for it`, e.span, {
    label: away ? "no `with-tasks` on this thread" : "no enclosing `with-tasks`",
    help: away
      ? `give that body its own scope: (with-tasks (${n} …) …)`
      : `wrap it in a scope: (with-tasks (${n} …) …), which returns once its tasks have finished`,
  });
}
