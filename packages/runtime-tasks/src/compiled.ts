import { isMainThread } from "node:worker_threads";
import { trace } from "@weft/runtime-core";
import { toCancelled } from "./Cancelled.js";
import { activeFrame, current as running, Frame, setCurrent } from "./Frame.js";
import { errors } from "./errors.js";
import { type Option } from "./Option.js";
import { raceIn, timeoutIn } from "./race.js";
import { runScope, Scope } from "./Scope.js";
import { busyTurn as busyTurnIn, checkBudget, resumeBusy as resumeBusyIn } from "./busy.js";
import { sleepIn, yieldEnded, yieldIn, yieldTurn as yieldTurnIn } from "./suspension.js";
import { GIVE_SIGNAL, type Task } from "./Task.js";
import * as threadRuntime from "./threads/index.js";
import type { ParSite } from "./threads/index.js";

/**
 * The entry points compiled Weft code calls (`import { compiled } from "@weft/runtime-tasks"`).
 *
 * Weft code never names a scope or a signal: `spawn` joins the scope that is open when it runs,
 * and every suspension point honours the cancellation of the task it runs in. The runtime keeps
 * that task — its {@link Frame} — as the *current* frame while it runs synchronously, and the
 * code generator passes it on explicitly across awaits: each suspending function takes
 * `const $task = $tasks.current()` on entry and writes every `await` as
 * `$tasks.resume($task, await …)`, so after the await the current frame is its own again (and
 * a `catch` after an await starts with `$tasks.resume($task)`). No `AsyncLocalStorage`, no
 * per-task context object.
 */

/** The frame running now (`undefined` outside every task): what a suspending function keeps on entry. */
export function current(): Frame | undefined {
  return running;
}

/** Makes `frame` the current one again after an await, and passes `value` through. */
export function resume<T>(frame: Frame | undefined, value?: T): T {
  setCurrent(frame);
  if (frame === undefined) mainParkedAt = undefined;
  return value as T;
}

// Where code outside every task (`main` outside every `with-tasks`) is parked, recorded by
// `parkedAt` as a frame's site is, and forgotten when it resumes: `weft run`'s runner names it
// when `main` waits on something nothing can complete. The runner imports nothing of this package,
// so it reads it through the global object (a getter set once; the site itself stays a module
// variable, as cheap to clear on each of main's awaits as a frame's).
let mainParkedAt: string | undefined;
(globalThis as { [k: symbol]: unknown })[Symbol.for("weft.mainParkedAt")] = (): string | undefined => mainParkedAt;

/**
 * The signal of the task running now; `undefined` outside every task (e.g. in `main`). On a
 * `spawn-thread` worker, outside any nested scope, it is the signal of the thread's task. Made
 * on first use (channel operations ask for it).
 */
export function currentSignal(): AbortSignal | undefined {
  return activeFrame()?.signal;
}

/**
 * The frame of the task running now, as {@link currentSignal} sees it (on a `spawn-thread`
 * worker outside any nested scope, the thread's task): what compiled channel operations are
 * given (`sendIn`/`recvIn`), which read its `cancelled` flag instead of a signal's.
 */
export function activeTask(): Frame | undefined {
  return activeFrame();
}

/**
 * Runs `fn` as the body of a task whose cancellation signal is `signal`: suspension points
 * inside see it; `spawn` inside joins `scope` (else the current frame's scope).
 */
export function enterTask<T>(signal: AbortSignal | undefined, fn: () => T, scope?: Scope): T {
  const frame = new Frame();
  frame.spawnScope = scope ?? running?.spawnScope;
  if (signal?.aborted) frame.cancel(toCancelled(signal.reason));
  else signal?.addEventListener("abort", () => frame.cancel(toCancelled(signal.reason)), { once: true });
  const prev = running;
  setCurrent(frame);
  try {
    return fn();
  } finally {
    setCurrent(prev);
  }
}

/**
 * `(with-tasks body...)`: a scope nested in the current task (cancelling the task cancels it);
 * `at` is its Weft location, which the deadlock report names its body by.
 */
export function withTasks<T>(body: () => T | PromiseLike<T>, at?: string): Promise<T> {
  const scope = new Scope(activeFrame());
  scope.at = at;
  return runScope(scope, body);
}

/** `(spawn e)`: starts `fn` as a green task of the innermost open scope; `at` is its Weft location. */
export function spawn<T>(fn: () => T | PromiseLike<T>, at?: string): Task<T> {
  const scope = openScope("spawn");
  return scope.spawnTask(fn, undefined, scope, at);
}

/**
 * `(spawn (f x))` where `x` is a local or a literal: a task that runs `f(x)` without a closure
 * around the call (`at` as for {@link spawn}).
 */
export function spawnCall<A, T>(f: (x: A) => T | PromiseLike<T>, x: A, at?: string): Task<T> {
  const scope = openScope("spawn");
  return scope.spawnTask(f, x, scope, at);
}

/**
 * The park branch of `(await t)`, `send`, `recv`, `for-msg` (and every `select`, which always
 * returns a promise, resumed by {@link resumeParked}): records `at`, the operation's
 * Weft location, as where the current task waits (for the deadlock report), and passes `waiting`
 * through. Generated code calls it only once the operation has parked, so an operation that
 * answers at once pays nothing.
 */
export function parkedAt<T>(waiting: T, at: string): T {
  const frame = activeFrame();
  if (frame !== undefined) frame.parkAt(at);
  else if (isMainThread) mainParkedAt = at;
  return waiting;
}

/**
 * {@link resume} after a wait whose end the frame does not see by itself (`select`'s promise),
 * and at the start of a `catch` after an await: also forgets the site {@link parkedAt} recorded.
 */
export function resumeParked<T>(frame: Frame | undefined, value?: T): T {
  setCurrent(frame);
  const active = activeFrame();
  if (active !== undefined) active.unpark();
  else mainParkedAt = undefined;
  return value as T;
}

/** `(await t)`: a suspension point of the current task. */
export function awaitTask<T>(task: Task<T>): T | Promise<T> {
  return task.joinFrom(activeFrame());
}

/** `(sleep ms)`. */
export function sleep(ms: number): Promise<void> {
  return sleepIn(ms, activeFrame());
}

/** `(yield)`. */
export function yieldNow(): Promise<void> {
  return yieldIn(activeFrame());
}

/**
 * `(yield)` as generated code writes it, `$tasks.resumeYield($task, await $tasks.yieldTurn())`:
 * the awaited promise is the next turn's, shared by every task that yields before it, and
 * `resumeYield` restores the frame and raises `Cancelled` if it was cancelled meanwhile.
 */
export function yieldTurn(): Promise<void> {
  return yieldTurnIn(activeFrame());
}

/** `resume` after the await of {@link yieldTurn}. */
export function resumeYield(frame: Frame | undefined, _value?: unknown): void {
  setCurrent(frame);
  yieldEnded(activeFrame());
}

/**
 * `(check-cancelled)` as generated code writes it,
 * `if ($tasks.checkCancelled()) $tasks.resumeBusy($task, await $tasks.busyTurn())`: raises
 * `Cancelled` if the task is cancelled, and answers `true` when the task has run for its slice
 * and must give way to timers and the other tasks (busy.ts).
 */
export function checkCancelled(): boolean {
  return checkBudget();
}

/** The turn a task awaits when {@link checkCancelled} says its slice is spent. */
export function busyTurn(): Promise<void> {
  return busyTurnIn(activeFrame());
}

/** `resume` after the await of {@link busyTurn}: restores the frame, starts a new slice and checks for cancellation again. */
export function resumeBusy(frame: Frame | undefined, _value?: unknown): void {
  setCurrent(frame);
  resumeBusyIn(frame);
}

/**
 * `(cancel-tasks)`: cancels the remaining children of the innermost scope — when a child of
 * that scope calls it, the others (it goes on running). Nothing outside every scope.
 */
export function cancelTasks(): void {
  const frame = activeFrame();
  frame?.spawnScope?.cancelRemaining(frame);
}

/** `(timeout ms e)`: `{ some, value }` (compiled code turns it into a Weft Option). */
export function timeout<T>(ms: number, fn: () => T | PromiseLike<T>): Promise<Option<T>> {
  const frame = activeFrame();
  return timeoutIn(new Scope(frame), ms, fn, false, frame?.spawnScope);
}

/** `(race e1 e2 ...)`: the first value; the others are cancelled. */
export function race<T>(fns: readonly (() => T | PromiseLike<T>)[]): Promise<T> {
  const frame = activeFrame();
  return raceIn(new Scope(frame), fns, false, frame?.spawnScope);
}

/** What the cross-thread runtime (`./threads/`) provides to compiled code. */
interface Threads {
  runOnThread<T>(closure: () => T | PromiseLike<T>, signal: AbortSignal): Promise<T>;
  parMapNow<A, B>(xs: readonly A[], f: (x: A) => B, signal?: AbortSignal, site?: ParSite): Promise<B[]> | B[];
  parForEachNow<A>(xs: readonly A[], f: (x: A) => unknown, signal?: AbortSignal, site?: ParSite): Promise<void> | void;
  parMapCheap(xs: readonly unknown[], f: Function, site?: ParSite): unknown[] | undefined;
  parForEachCheap(xs: readonly unknown[], f: Function, site?: ParSite): boolean;
  parSite(fixed: boolean): ParSite;
  mapHere<A, B>(xs: readonly A[], f: (x: A) => B): B[];
  threadId(): number;
}

const threads: Threads = threadRuntime;

/** `(spawn-thread e)`: a task of the innermost scope that runs `closure` on its own worker thread. */
export function spawnThread<T>(closure: () => T | PromiseLike<T>, at?: string): Task<T> {
  const scope = openScope("spawn-thread");
  return scope.spawnTask((signal: AbortSignal) => threads.runOnThread(closure, signal), GIVE_SIGNAL, scope, at);
}

/** `(par-map xs f)`: the array itself when it all ran on the caller (a tiny one, or nested on a pool worker). */
export function parMap<A, B>(xs: readonly A[], f: (x: A) => B): Promise<B[]> | B[] {
  if (notCancelled()) {
    const out = threads.parMapCheap(xs, f);
    if (out !== undefined) return out as B[];
  }
  return threads.parMapNow(xs, f, signalIfAny());
}

/**
 * `(par-map xs f)` as generated code writes it, with its call site's record (`parSite`): the
 * results, or `undefined` when they come later — then `pendingOf(site)` is their promise:
 * `$tasks.parMapAt(xs, f, $pm0) ?? $tasks.resume($task, await $tasks.pendingOf($pm0))`. No
 * promise is tested for and no scratch variable holds the array, so when the caller only reads a
 * tiny par-map's results V8 can leave them unallocated, as it does a `map`'s.
 */
export function parMapAt<A, B>(xs: readonly A[], f: (x: A) => B, site: ParSite): B[] | undefined {
  // The fast path, small enough for V8 to inline: a site whose function measured far too cheap
  // for the pool. (An unfixed site is never measured: its `left` stays 0.)
  if (site.left > 0 && xs.length < site.under && notCancelled() && !trace.on) {
    site.left--;
    return threads.mapHere(xs, f);
  }
  return parMapSlow(xs, f, site);
}

function parMapSlow<A, B>(xs: readonly A[], f: (x: A) => B, site: ParSite): B[] | undefined {
  const cost = site.fixed ? site : undefined;
  if (notCancelled()) {
    const out = threads.parMapCheap(xs, f, cost);
    if (out !== undefined) return out as B[];
  }
  const r = threads.parMapNow(xs, f, signalIfAny(), cost);
  if (!(r instanceof Promise)) return r as B[];
  site.pending = r;
  return undefined;
}

/** `(par-for-each xs f)`; `site` as for `parMapAt`. */
export function parForEach<A>(xs: readonly A[], f: (x: A) => unknown, site?: ParSite): Promise<void> | void {
  const cost = site?.fixed === true ? site : undefined;
  if (notCancelled() && threads.parForEachCheap(xs, f, cost)) return;
  return threads.parForEachNow(xs, f, signalIfAny(), cost);
}

/** A `par-map` / `par-for-each` call site's record, made once when its module loads; `fixed`: its function is the same at every call. */
export function parSite(fixed: boolean): ParSite {
  return threads.parSite(fixed);
}

/** The promise of the last call at `site` that went to the pool (`parMapAt` returned `undefined`), forgotten here so the site does not keep its results alive. */
export function pendingOf(site: ParSite): Promise<unknown> {
  const p = site.pending!;
  site.pending = undefined;
  return p;
}

// The cheap half of `signalIfAny`, for the fast path: a frame that is running and not cancelled,
// or none on the main thread (where no thread task can be).
const notCancelled = (): boolean => (running === undefined ? isMainThread : !running.cancelled);

/** `(thread-id)`: 0 on the main thread, a distinct positive number on each worker. */
export function threadId(): number {
  return threads.threadId();
}

// A par-map outside every task has nothing to be cancelled by; inside one, its frame's signal.
function signalIfAny(): AbortSignal | undefined {
  const frame = activeFrame();
  if (frame?.cancelled) throw toCancelled(frame.reason);
  return frame?.signal;
}

function openScope(what: string): Scope {
  const scope = activeFrame()?.spawnScope;
  // The checker rejects a `spawn` outside `with-tasks` (E0310) and a spawning closure that
  // escapes its scope (E0311), so this only fires for code the checker did not see.
  if (scope === undefined) throw errors.noScope(what);
  return scope;
}

