import { exitWhenFlushed } from "@weft/runtime-core";
import { threadFrame } from "./Frame.js";
import type { Frame } from "./Frame.js";
import type { Scope } from "./Scope.js";
import type { Task } from "./Task.js";
import { idle } from "./threads/idle.js";

/**
 * What a run fails with when every task waits on something that nothing still running can
 * complete (LANGUAGE.md §5, as Go's "all goroutines are asleep"): its message lists each
 * waiting task, where it was spawned and what it waits on.
 */
export class Deadlock extends Error {
  override name = "Deadlock";
}

const HEADER = "deadlock: every task is waiting on something that no running task can complete";

/**
 * What a thread waits on: the lines of its report, and where its task is parked outside every
 * scope of its own (compiled code's `parkedAt` on the thread's root frame), if it is.
 */
export interface ThreadWaits {
  readonly lines: readonly string[];
  readonly at: string | undefined;
}

/**
 * What a task running another thread waits on (the threads runtime registers each `spawn-thread`
 * task here while its worker runs).
 */
export const threadWaits = new Map<Frame, () => Promise<ThreadWaits>>();

let watching = false;

/**
 * Watches for a deadlock from the first scope opened on. A thread whose event loop has nothing
 * left to run while scopes are still open is asleep (see `threads/idle.ts`); once every thread
 * of the process is, the main thread reports: the root scopes fail with a {@link Deadlock},
 * which cancels their tasks (and the threads they run) and is raised by the `with-tasks` around
 * them. If even that ends nothing (a wait that is no suspension point), the report is printed
 * and the process exits with code 1.
 */
export function watchForDeadlock(roots: () => Iterable<Scope>): void {
  const me = idle();
  if (watching || me === undefined) return;
  watching = true;
  me.watch(
    () => !isEmpty(roots()),
    () => false,
  );
  if (me.slot !== 0) return;
  const reported = new WeakSet<Scope>();
  me.onDeadlock = () =>
    report([...roots()]).then((lines) => {
      const stuck = [...roots()];
      // Every scope closed while the report was being made: something was still running.
      if (stuck.length === 0) return;
      const message = `${HEADER}\n${lines.join("\n")}`;
      if (stuck.every((s) => reported.has(s))) {
        process.stderr.write(`error: ${message}\n`);
        return exitWhenFlushed(1);
      }
      const error = new Deadlock(message);
      for (const scope of stuck) {
        reported.add(scope);
        scope.fail(error);
      }
    });
}

function isEmpty(xs: Iterable<unknown>): boolean {
  for (const _ of xs) return false;
  return true;
}

/**
 * One line per waiting task of this thread, from `roots` (and, on a `spawn-thread` worker, the
 * scopes open in its task); a task that runs another thread is followed by that thread's lines.
 * A scope whose body has not returned is listed too, before its tasks: a body that has returned
 * only waits for them. Where compiled code recorded the operation a frame is parked in, the line
 * ends with its location, `(at file:line:col)`.
 */
export async function report(roots: readonly Scope[]): Promise<string[]> {
  const waiting: Frame[] = [];
  const visitScope = (scope: Scope): void => {
    visit(scope);
    if (!scope.bodyEnded) waiting.push(scope);
    for (const t of scope.children().reverse()) {
      waiting.push(t);
      visit(t);
    }
  };
  const visit = (frame: Frame): void => {
    for (const nested of frame.nested()) visitScope(nested as Scope);
  };
  for (const root of roots) visitScope(root);
  const thread = threadFrame();
  if (thread !== undefined) visit(thread);
  // A task watched only through its batch may have ended while a sibling waits: watched alone,
  // it is heard of within this turn's reactions, and the report is made again without it.
  let unheard = false;
  for (const f of waiting) {
    if (isTask(f) && f.batched) {
      f.watchAlone(undefined);
      unheard = true;
    }
  }
  if (unheard) {
    await new Promise((resolve) => setImmediate(resolve));
    return report(roots.filter((root) => root.open));
  }
  const awaiting = new Map<Frame, Task<unknown>>();
  for (const f of waiting) if (isTask(f)) for (const j of f.joinedBy()) awaiting.set(j, f);
  const lines: string[] = [];
  for (const f of waiting) {
    const inThread = threadWaits.get(f);
    if (inThread !== undefined && isTask(f)) {
      const { lines: inner, at } = await inThread();
      const site = at !== undefined ? ` (at ${at})` : "";
      lines.push(`  task spawned at ${where(f)}: runs a thread${inner.length === 0 ? ` that ${ON_CHANNEL}${site}` : `${site}, where:`}`);
      for (const line of inner) lines.push(`  ${line}`);
      continue;
    }
    const on = awaiting.get(f);
    const what = on !== undefined ? `awaits the task spawned at ${where(on)}` : (innerScope(f) ?? ON_CHANNEL);
    const at = f.parkedAt !== undefined ? ` (at ${f.parkedAt})` : "";
    lines.push(`  ${isTask(f) ? `task spawned at ${where(f)}` : bodyOf(f as Scope)}: ${what}${at}`);
  }
  return lines;
}

const ON_CHANNEL = "waits on a channel (send, recv, select or for-msg)";

function isTask(f: Frame): f is Task<unknown> {
  return "joinedBy" in f;
}

// A frame that waits for a `with-tasks` of its own to end, whose lines follow.
function innerScope(f: Frame): string | undefined {
  for (const nested of f.nested()) {
    const at = (nested as Scope).at;
    return at !== undefined ? `waits for the with-tasks at ${at} to end` : "waits for a with-tasks scope to end";
  }
  return undefined;
}

function bodyOf(scope: Scope): string {
  return scope.at !== undefined ? `body of with-tasks at ${scope.at}` : "body of a with-tasks scope (a library call)";
}

function where(t: Task<unknown>): string {
  return t.at ?? "(a library call)";
}
