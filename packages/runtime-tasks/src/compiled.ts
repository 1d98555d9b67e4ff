import { AsyncLocalStorage } from "node:async_hooks";
import { errors } from "./errors.js";
import { type Option } from "./Option.js";
import { race as raceFns, timeout as timeoutFn } from "./race.js";
import { type Scope, withTasks as withScope } from "./Scope.js";
import { checkCancelled as check, sleep as sleepFor, yieldNow as yieldOnce } from "./suspension.js";
import type { Task } from "./Task.js";
import * as threadRuntime from "./threads/index.js";

/**
 * The entry points compiled Weft code calls (`import { compiled } from "@weft/runtime-tasks"`).
 *
 * Weft code never names a scope or a signal: `spawn` joins the scope that is open when it runs,
 * and every suspension point honours the cancellation of the task it runs in. So this module
 * keeps the current task's context — its innermost `with-tasks` scope and its `AbortSignal` —
 * in an `AsyncLocalStorage`, which follows the task through every `await`.
 */
interface TaskContext {
  /** The innermost `with-tasks` scope: what `spawn` joins and `cancel-tasks` cancels. */
  readonly scope: Scope | undefined;
  /** The running task's (or scope body's) signal: what suspension points honour. */
  readonly signal: AbortSignal | undefined;
}

const context = new AsyncLocalStorage<TaskContext>();

/**
 * The signal of the task running now; `undefined` outside every task (e.g. in `main`). On a
 * `spawn-thread` worker, outside any nested scope, it is the signal of the thread's task.
 */
export function currentSignal(): AbortSignal | undefined {
  const store = context.getStore();
  return store !== undefined ? store.signal : threadRuntime.threadTaskSignal();
}

/**
 * Runs `fn` as the body of a task whose cancellation signal is `signal` (spawn already does
 * this; a worker thread uses it to run a task's closure there). Suspension points inside see
 * `signal`; `spawn` inside joins `scope`.
 */
export function enterTask<T>(signal: AbortSignal | undefined, fn: () => T, scope?: Scope): T {
  return context.run({ scope: scope ?? context.getStore()?.scope, signal }, fn);
}

/** `(with-tasks body...)`: a scope nested in the current task (cancelling the task cancels it). */
export function withTasks<T>(body: () => T | PromiseLike<T>): Promise<T> {
  return withScope((scope) => context.run({ scope, signal: scope.signal }, body), currentSignal());
}

/** `(spawn e)`: starts `fn` as a green task of the innermost open scope. */
export function spawn<T>(fn: () => T | PromiseLike<T>): Task<T> {
  const scope = openScope("spawn");
  return scope.spawn((signal) => context.run({ scope, signal }, fn));
}

/** `(await t)`: a suspension point of the current task. */
export function awaitTask<T>(task: Task<T>): Promise<T> {
  return task.join(currentSignal());
}

/** `(sleep ms)`. */
export function sleep(ms: number): Promise<void> {
  return sleepFor(ms, currentSignal());
}

/** `(yield)`. */
export function yieldNow(): Promise<void> {
  return yieldOnce(currentSignal());
}

/** `(check-cancelled)`. */
export function checkCancelled(): void {
  check(currentSignal());
}

/**
 * `(cancel-tasks)`: cancels the remaining children of the innermost scope — when a child of
 * that scope calls it, the others (it goes on running). Nothing outside every scope.
 */
export function cancelTasks(): void {
  const store = context.getStore();
  store?.scope?.cancelRemaining(store.signal);
}

/** `(timeout ms e)`: `{ some, value }` (compiled code turns it into a Weft Option). */
export function timeout<T>(ms: number, fn: () => T | PromiseLike<T>): Promise<Option<T>> {
  const scope = context.getStore()?.scope;
  return timeoutFn(ms, (signal) => context.run({ scope, signal }, fn), currentSignal());
}

/** `(race e1 e2 ...)`: the first value; the others are cancelled. */
export function race<T>(fns: readonly (() => T | PromiseLike<T>)[]): Promise<T> {
  const scope = context.getStore()?.scope;
  return raceFns(
    fns.map((fn) => (signal: AbortSignal) => context.run({ scope, signal }, fn)),
    currentSignal(),
  );
}

/** What the cross-thread runtime (`./threads/`) provides to compiled code. */
interface Threads {
  runOnThread<T>(closure: () => T | PromiseLike<T>, signal: AbortSignal): Promise<T>;
  parMap<A, B>(xs: readonly A[], f: (x: A) => B, signal?: AbortSignal): Promise<B[]>;
  parForEach<A>(xs: readonly A[], f: (x: A) => unknown, signal?: AbortSignal): Promise<void>;
  threadId(): number;
}

const threads: Threads = threadRuntime;

/** `(spawn-thread e)`: a task of the innermost scope that runs `closure` on its own worker thread. */
export function spawnThread<T>(closure: () => T | PromiseLike<T>): Task<T> {
  const scope = openScope("spawn-thread");
  return scope.spawn((signal) => threads.runOnThread(closure, signal));
}

/** `(par-map xs f)`. */
export function parMap<A, B>(xs: readonly A[], f: (x: A) => B): Promise<B[]> {
  return threads.parMap(xs, f, currentSignal());
}

/** `(par-for-each xs f)`. */
export function parForEach<A>(xs: readonly A[], f: (x: A) => unknown): Promise<void> {
  return threads.parForEach(xs, f, currentSignal());
}

/** `(thread-id)`: 0 on the main thread, a distinct positive number on each worker. */
export function threadId(): number {
  return threads.threadId();
}

function openScope(what: string): Scope {
  const scope = context.getStore()?.scope;
  // The checker rejects a `spawn` outside `with-tasks` (E0310) and a spawning closure that
  // escapes its scope (E0311), so this only fires for code the checker did not see.
  if (scope === undefined) throw errors.noScope(what);
  return scope;
}
