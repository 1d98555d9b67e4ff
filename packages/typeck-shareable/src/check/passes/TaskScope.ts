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
  const outside: Where = { depth: 0, away: null };
  for (const { body } of ir.bodies) visit(body, outside, rep);
}

/** How many `with-tasks` bodies enclose the expression on its thread, and what put it on another thread. */
interface Where {
  readonly depth: number;
  readonly away: string | null;
}

const SPAWN_THREAD: Where = { depth: 0, away: "a `spawn-thread` body" };
const WORKER: Where = { depth: 0, away: "a `par-map`/`par-for-each` function" };

function visit(e: Expr, at: Where, rep: Reporter): void {
  switch (e.kind) {
    case "with-tasks":
      visit(e.body, { depth: at.depth + 1, away: at.away }, rep);
      return;
    case "spawn": {
      if (at.depth === 0) report(rep, e, at.away);
      visit(e.body, e.thread ? SPAWN_THREAD : at, rep);
      return;
    }
    case "call-builtin":
      if ((e.name === "par-map" || e.name === "par-for-each") && e.args[1]?.kind === "lambda") {
        e.args.forEach((a, i) => visit(a, i === 1 ? WORKER : at, rep));
        return;
      }
  }
  eachChild(e, visit, at, rep);
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
