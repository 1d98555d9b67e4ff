import { threadId } from "node:worker_threads";
import type { Frame } from "../Frame.js";
import { Scope } from "../Scope.js";
import { Task } from "../Task.js";

/**
 * Where an error raised on another thread came from (LANGUAGE.md §9: a runtime error names the
 * thread and the task chain that started it): the thread it was raised on, then how that thread
 * was reached, innermost first, e.g. `spawn-thread at game.weft:50:22`, `task spawned at
 * game.weft:48:5`. The driver prints it under the error. Kept under a global symbol, so it
 * survives copies of this package and is read without importing it.
 */
export interface ThreadOrigin {
  readonly thread: number;
  readonly via: readonly string[];
}

const ORIGIN = Symbol.for("weft.threadOrigin");

/** The origin an error carries, if it crossed from another thread. */
export function originOf(error: unknown): ThreadOrigin | undefined {
  return typeof error === "object" && error !== null ? (error as { [ORIGIN]?: ThreadOrigin })[ORIGIN] : undefined;
}

/**
 * Records on `error`, which crossed from thread `thread`, how this thread reached it: `first`
 * (the form that started it) and the tasks around `frame`, out to the thread's root. An origin
 * the error already carries (from a deeper thread) is extended rather than replaced.
 */
export function noteOrigin(error: Error, thread: number, first: string, frame: Frame | undefined, inner?: ThreadOrigin): Error {
  const via = [...(inner?.via ?? []), first, ...taskChain(frame)];
  Object.defineProperty(error, ORIGIN, { value: { thread: inner?.thread ?? thread, via }, enumerable: false, configurable: true });
  return error;
}

/** This thread's id, for an error about to cross to the thread that started this one. */
export const thisThread = threadId;

// The tasks enclosing `frame`, innermost first: a task, the scope it runs in, the frame that
// opened that scope, and so on.
function taskChain(frame: Frame | undefined): string[] {
  const out: string[] = [];
  for (let f = frame, hops = 0; f !== undefined && hops < 64; hops++) {
    if (f instanceof Task) {
      if (f.at !== undefined) out.push(`task spawned at ${f.at}`);
      f = f.scope;
    } else if (f instanceof Scope) f = f.parent;
    else break;
  }
  return out;
}
