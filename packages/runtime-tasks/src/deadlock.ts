import { isMainThread } from "node:worker_threads";
import type { Frame } from "./Frame.js";
import type { Scope } from "./Scope.js";
import type { Task } from "./Task.js";

/**
 * What a run fails with when every task waits on something that nothing still running can
 * complete (LANGUAGE.md §5, as Go's "all goroutines are asleep"): its message lists each
 * waiting task, where it was spawned and what it waits on.
 */
export class Deadlock extends Error {
  override name = "Deadlock";
}

let watching = false;

/**
 * Watches for a deadlock of the green tasks of this thread, from the first scope opened on.
 * Node empties its event loop only when no timer, I/O or worker is left to wake anything, so
 * if scopes are still open then, every task in them waits for good: the root scopes fail with
 * a {@link Deadlock}, which cancels their tasks and is raised by the `with-tasks` around them.
 */
export function watchForDeadlock(roots: () => Iterable<Scope>): void {
  if (watching || !isMainThread) return;
  watching = true;
  const reported = new WeakSet<Scope>();
  process.on("beforeExit", () => {
    const stuck = [...roots()];
    if (stuck.length === 0) return;
    const message = report(stuck);
    // Cancelling them did not end them either (a wait that is no suspension point): stop here
    // rather than exit with Node's "unsettled top-level await" or loop.
    if (stuck.every((s) => reported.has(s))) {
      process.stderr.write(`error: ${message}\n`);
      process.exit(1);
    }
    const error = new Deadlock(message);
    for (const scope of stuck) {
      reported.add(scope);
      scope.fail(error);
    }
  });
}

function report(roots: readonly Scope[]): string {
  const tasks: Task<unknown>[] = [];
  const scopes: Scope[] = [];
  const visit = (frame: Frame): void => {
    for (const nested of frame.nested()) {
      const scope = nested as Scope;
      scopes.push(scope);
      visit(scope);
      for (const t of scope.children().reverse()) {
        tasks.push(t);
        visit(t);
      }
    }
  };
  for (const root of roots) {
    scopes.push(root);
    visit(root);
    for (const t of root.children().reverse()) {
      tasks.push(t);
      visit(t);
    }
  }
  const awaiting = new Map<Frame, Task<unknown>>();
  for (const t of tasks) for (const f of t.joinedBy()) awaiting.set(f, t);
  const lines = tasks.map((t) => {
    const on = awaiting.get(t);
    const what = on !== undefined ? `awaits the task spawned at ${where(on)}` : "waits on a channel (send, recv, select or for-msg)";
    return `  task spawned at ${where(t)}: ${what}`;
  });
  return `deadlock: every task is waiting on something that no running task can complete\n${lines.join("\n")}`;
}

function where(t: Task<unknown>): string {
  return t.at ?? "(a library call)";
}
