import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRuntimeError } from "./runtimeError.js";

// Runs a compiled program's `main` the way `weft run` does: stacks through the source maps,
// an uncaught error rendered at its Weft location, exit code 0 or 1. `weft run` calls it, and
// `weft build` copies its bundle (dist/runner.js, which imports only Node and the
// @weft/runtime-core the build ships) beside the program as weft-runner.mjs, which the generated
// main.mjs calls. So both print the same thing.

/**
 * Imports `entryUrl`, calls its export `mainName`, and resolves to the exit code. `sources`
 * maps each Weft file (as its source map names it, relative to `base`) to its text, for the
 * line an error shows.
 */
export async function runMain(entryUrl: string, mainName: string, sources: ReadonlyMap<string, string>, cwd = process.cwd()): Promise<number> {
  enableWeftStacks();
  endOnBrokenPipe();
  try {
    const loaded = (await import(entryUrl)) as Record<string, () => unknown>;
    await untilDry(() => loaded[mainName]!(), mainDeadlock);
    return 0;
  } catch (error) {
    process.stderr.write(renderRuntimeError(error, sources, cwd));
    return 1;
  }
}

/** The error `weft run` reports when `main` itself waits on something that can never happen. */
export const MAIN_DEADLOCK =
  "deadlock: every task is waiting on something that no running task can complete\n  main: waits on a channel (send, recv, select or for-msg)";

// Where `main` is parked outside every task, as runtime-tasks' compiled `parkedAt` recorded it
// (through the global object, as below): the line names it as a task's line names its wait.
const MAIN_PARKED_AT = Symbol.for("weft.mainParkedAt");
function mainDeadlock(): string {
  const at = (globalThis as { [MAIN_PARKED_AT]?: () => string | undefined })[MAIN_PARKED_AT]?.();
  return at === undefined ? MAIN_DEADLOCK : `${MAIN_DEADLOCK} (at ${at})`;
}

// runtime-tasks' part in deadlock detection (threads/idle.ts), shared through the global object
// because this bundle imports nothing but Node's.
const IDLE = Symbol.for("weft.threadIdle");

// Whether the runtime still waits on something another thread may complete (a scope is open, a
// thread runs, a shared channel has a parked operation): the runtime then sleeps the event loop
// itself and reports a deadlock, naming each waiting task, only when every thread sleeps.
function runtimeWaits(): boolean {
  const hook = (globalThis as { [IDLE]?: { waiting(): boolean } })[IDLE];
  return hook?.waiting() ?? false;
}

/**
 * Runs `f`; if Node's event loop runs dry while it is still pending and the runtime waits on
 * nothing (no timer, no I/O, no thread, no open scope: nothing left could settle it), rejects
 * with the Error `message` (or what it returns by then) rather than letting Node end the
 * process silently (its exit 13).
 */
export async function untilDry<T>(f: () => T | Promise<T>, message: string | (() => string)): Promise<T> {
  let onDry!: () => void;
  // Rejected one turn later: a loop left empty after `beforeExit` ends the process, and what
  // the rejection runs next (the next test) must still find it turning.
  const dry = new Promise<never>((_, reject) => (onDry = () => void (runtimeWaits() || setImmediate(() => reject(new Error(typeof message === "string" ? message : message()))))));
  process.on("beforeExit", onDry);
  try {
    return await Promise.race([f(), dry]);
  } finally {
    process.off("beforeExit", onDry);
  }
}

export { exitWhenFlushed } from "@weft/runtime-core";

/** What a program that loses its stdout reader prints to stderr before it exits with code 1. */
export const BROKEN_PIPE = "error: stdout was closed before the program finished (broken pipe)\n";

let pipeWatched = false;

// A reader that stops early (`weft run game.weft | head`) ends the program at its next print, as a
// Go or Rust program ends, with one line and exit 1, not with a Node stack trace for an
// unhandled stream error.
function endOnBrokenPipe(): void {
  if (pipeWatched) return;
  pipeWatched = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.stderr.write(BROKEN_PIPE);
    process.exit(1);
  });
}

/** Stack traces through the source maps, deep enough to show the calls that led to an error. */
export function enableWeftStacks(): void {
  process.setSourceMapsEnabled(true);
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 32);
}

/** `main.mjs` of a built directory: `sources` are relative to the directory, `base` its URL. */
export async function runBuilt(base: string, entry: string, mainName: string, sources: Readonly<Record<string, string>>): Promise<number> {
  const dir = fileURLToPath(base);
  const byPath = new Map(Object.entries(sources).map(([rel, text]) => [resolve(dir, rel), text] as const));
  return runMain(new URL(entry, base).href, mainName, byPath);
}
