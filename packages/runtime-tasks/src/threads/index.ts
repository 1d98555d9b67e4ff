import { trace, traceBegin, traceEnd } from "@weft/runtime-core";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { decode, encode, processHeap, registry, S, topLevel } from "@weft/gc";
import { toCancelled } from "../Cancelled.js";
import { cheapInline, forgetCosts, parMapOptions, type ParSite, type Pool, runChunks } from "./parMap.js";
export { mapHere, parSite, type ParSite } from "./parMap.js";
import { ParPool } from "./pool.js";
export { parMapStats } from "./parMap.js";
import { activeFrame } from "../Frame.js";
import { Task } from "../Task.js";
import { noteOrigin } from "./origin.js";
import { idle } from "./idle.js";
import { type ThreadWaits, threadWaits } from "../deadlock.js";
import { drawRandomSeed, fromWire, sourceMapsEnabled, type ThreadMessage, type ThreadStart, type WireError } from "./wire.js";

export { threadId, threadTaskSignal } from "./ambient.js";
export { ThreadError } from "./wire.js";

// Built as dist/thread-worker.js and dist/pool-worker.js beside the chunk this code lands in.
// Running from source (vitest), the built ones are used unless `configureThreads` says otherwise.
const fromSource = import.meta.url.endsWith(".ts");
const workerUrls = {
  thread: new URL(fromSource ? "../../dist/thread-worker.js" : "./thread-worker.js", import.meta.url).href,
  pool: new URL(fromSource ? "../../dist/pool-worker.js" : "./pool-worker.js", import.meta.url).href,
};
let threads: number | undefined;

/**
 * Where the worker entries are and how big the par-map pool is. For tests and embedders: the
 * defaults are the package's own built workers and `WEFT_THREADS` (or one per core). `inline:
 * false` sends every par-map element to the pool, however cheap (tests of what crosses threads;
 * also `WEFT_PAR_INLINE=0`).
 */
export function configureThreads(options: { threadWorker?: string; poolWorker?: string; threads?: number; inline?: boolean }): void {
  if (options.inline !== undefined) {
    parMapOptions.inline = options.inline;
    forgetCosts();
  }
  if (options.threadWorker !== undefined) workerUrls.thread = options.threadWorker;
  if (options.poolWorker !== undefined) workerUrls.pool = options.poolWorker;
  if (options.threads !== undefined) threads = options.threads;
  if (pool !== null && (options.poolWorker !== undefined || options.threads !== undefined)) {
    const old = pool;
    pool = null;
    void old.close();
  }
}

/** How many pool threads par-map uses: `WEFT_THREADS` if set, else one per core. */
export function poolSize(): number {
  // Read once: every par-map asks, and the environment and the core count cost a system call.
  if (threads === undefined) {
    const env = Number.parseInt(process.env.WEFT_THREADS ?? "", 10);
    threads = Number.isSafeInteger(env) && env > 0 ? env : availableParallelism();
  }
  return threads;
}

const moduleList = (): [string, string][] => registry.moduleUrls();

// Dedicated workers still running: a live reload (a module registering a new URL) is forwarded
// to each, which imports the new version and swaps its function-table entries.
const running = new Set<Worker>();
// The seats of the threads this one started (deadlock detection, see idle.ts): this thread waits
// on them, and one that has ended wakes it.
const children = new Set<number>();
let watchingChildren = false;
function watchChildren(): void {
  const me = idle();
  if (watchingChildren || me === undefined) return;
  watchingChildren = true;
  me.watch(
    () => running.size > 0,
    () => [...children].some((slot) => me.exited(slot)),
  );
}
registry.onModuleReload((module, url) => {
  // With the new version's top-level values, once the main thread has evaluated them.
  void topLevel.evaluated(url).then(() => {
    const defs = topLevel.ship();
    for (const w of running) w.postMessage({ t: "reload", module, url, defs });
  });
});

/**
 * `(spawn-thread e)`: runs `closure` — a parameterless Shareable compiled closure — on a new,
 * dedicated worker thread, and resolves with its value. The worker imports the program's
 * compiled modules (`registry.registerModuleUrl`) with this thread's top-level values
 * (`topLevel` in @weft/gc: no def is evaluated again there), decodes the closure with the `@weft/gc`
 * codec and calls it with the task's `AbortSignal`; it may be async. Its captures, atoms and
 * channels included, cross through the codec (atoms and channels as handles to shared state).
 * An error keeps its message (a Weft `Error` stays catchable); aborting `signal` cancels the
 * task on the worker, which then rejects with `signal.reason`. Everything the task printed is
 * written before the promise settles.
 *
 * @example const n = await runOnThread<number>(closure, scope.signal);
 */
export function runOnThread<T>(closure: Function, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(toCancelled(signal.reason));
    let start: ThreadStart;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const me = idle();
    const seat = me?.seatChild();
    try {
      start = {
        heap: processHeap().descriptor(),
        modules: moduleList(),
        defs: topLevel.ship(),
        task: encode(closure, S.fn),
        sourceMaps: sourceMapsEnabled(),
        randomSeed: drawRandomSeed(),
        cancel,
        idle: seat === undefined ? undefined : { words: seat.words, slot: seat.slot, parent: me!.slot },
      };
    } catch (e) {
      if (seat !== undefined) me!.release(seat.slot);
      return reject(e);
    }
    // The spawn-thread task (running this synchronously), for the task chain of its errors.
    const task = activeFrame();
    const fromThread = (w: WireError): Error =>
      task instanceof Task
        ? noteOrigin(fromWire(w), w.thread, `spawn-thread${task.at === undefined ? "" : ` at ${task.at}`}`, task.scope, w.origin)
        : noteOrigin(fromWire(w), w.thread, "spawn-thread", task, w.origin);
    const worker = new Worker(new URL(workerUrls.thread), { workerData: start });
    // A thread taking part in deadlock detection does not hold this one's event loop open: when
    // nothing else does, this thread sleeps until the worker wakes it (see idle.ts).
    if (seat !== undefined) {
      children.add(seat.slot);
      watchChildren();
      if (task !== undefined) threadWaits.set(task, () => askReport(worker));
    }
    // The thread's slice, on its own process track (its events nest in it by time).
    const tracePid = worker.threadId + 1;
    if (trace.on) traceBegin("spawn-thread", 0, undefined, tracePid);
    running.add(worker);
    let settled = false;
    const finish = (f: () => void): void => {
      if (settled) return;
      settled = true;
      if (trace.on) traceEnd(0, undefined, tracePid);
      running.delete(worker);
      // Its seat is freed once it has exited (never while it may still write to it).
      if (seat !== undefined) worker.ref();
      if (task !== undefined) threadWaits.delete(task);
      signal.removeEventListener("abort", onAbort);
      f();
      void worker.terminate();
    };
    // The shared word reaches a busy loop at its next check-cancelled; the message wakes a task
    // suspended in a wait.
    const onAbort = (): void => {
      Atomics.store(cancel, 0, 1);
      if (seat !== undefined) me!.wake(seat.slot);
      worker.postMessage({ t: "cancel" });
    };
    signal.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: ThreadMessage) => {
      switch (m.t) {
        case "out":
          process.stdout.write(m.text);
          return;
        case "report":
          return reports.get(worker)?.({ lines: [...m.lines], at: m.at });
        case "done":
          me?.stir();
          return finish(() => {
            try {
              resolve(decode<T>(m.value, S.any));
            } catch (e) {
              reject(e);
            }
          });
        case "fail":
          me?.stir();
          return finish(() => reject(m.error.cancelled && signal.aborted ? toCancelled(signal.reason) : fromThread(m.error)));
      }
    });
    worker.on("error", (e) => finish(() => reject(e)));
    // After the listeners: adding a "message" listener refs the worker's port again.
    if (seat !== undefined) worker.unref();
    worker.on("exit", (code) => {
      reports.get(worker)?.({ lines: [], at: undefined });
      if (seat !== undefined) {
        children.delete(seat.slot);
        me!.release(seat.slot);
      }
      finish(() => reject(new Error(`spawn-thread worker exited (code ${code}) without a result`)));
    });
  });
}

// Deadlock reports asked of running threads, answered on their port.
const reports = new Map<Worker, (waits: ThreadWaits) => void>();

/** What a sleeping thread reports its tasks wait on (asked only once every thread sleeps). */
function askReport(worker: Worker): Promise<ThreadWaits> {
  return new Promise((resolve) => {
    reports.set(worker, (waits) => {
      reports.delete(worker);
      resolve(waits);
    });
    worker.postMessage({ t: "report" });
  });
}

let pool: ParPool | null = null;
function thePool(): ParPool {
  if (pool === null) {
    const seed = drawRandomSeed();
    pool = new ParPool(workerUrls.pool, poolSize(), () => ({
      heap: processHeap().descriptor(),
      sourceMaps: sourceMapsEnabled(),
      randomSeed: seed,
      // (Made here on the main thread if no scope or thread made it yet.)
      idle: idle()?.words,
    }));
  }
  return pool;
}

const parPool: Pool = {
  pool: () => thePool(),
  get threads() {
    return poolSize();
  },
  modules: moduleList,
  defs: () => topLevel.ship(),
};

/**
 * `(par-map xs f)`: `f` over `xs`, results in order; `f` is a Shareable, non-suspending function.
 * The first elements run on the caller and are timed: when the rest would take less than a pool
 * call saves, they run there too (a tiny par-map costs about a map). Otherwise the rest is cut
 * into chunks sized from that measure (up to 4 per thread), which the pool's threads and the
 * caller claim from a shared counter; a vector of one plain-data struct crosses as one flat
 * block in shared memory that workers read in place. The first error cancels the chunks still to
 * run and is raised once every thread has stopped; aborting `signal` does the same with
 * `signal.reason`. On a pool worker (a par-map inside a par-map function) it runs inline there.
 *
 * @example const moved = await parMap(entities, updatePosition);
 */
export async function parMap<A, B>(xs: readonly A[], f: Function, signal?: AbortSignal): Promise<B[]> {
  return (await runChunks(xs, f, signal, false, parPool)) as B[];
}

/** `(par-for-each xs f)`: `parMap` without the results. */
export async function parForEach<A>(xs: readonly A[], f: Function, signal?: AbortSignal): Promise<void> {
  await runChunks(xs, f, signal, true, parPool);
}

/** @internal Compiled code's fast path: the results of a plain loop when `f` measured far too cheap for the pool, else `undefined`. */
export function parMapCheap(xs: readonly unknown[], f: Function, site?: ParSite): unknown[] | undefined {
  return cheapInline(xs, f, false, site);
}

/** @internal `parMapCheap` for `par-for-each`: `true` once done. */
export function parForEachCheap(xs: readonly unknown[], f: Function, site?: ParSite): boolean {
  return cheapInline(xs, f, true, site) !== undefined;
}

/** @internal `parMap` for compiled code: the array itself when nothing went to the pool. */
export function parMapNow<A, B>(xs: readonly A[], f: Function, signal?: AbortSignal, site?: ParSite): B[] | Promise<B[]> {
  return runChunks(xs, f, signal, false, parPool, site) as B[] | Promise<B[]>;
}

/** @internal `parForEach` for compiled code. */
export function parForEachNow<A>(xs: readonly A[], f: Function, signal?: AbortSignal, site?: ParSite): void | Promise<void> {
  const r = runChunks(xs, f, signal, true, parPool, site);
  return r instanceof Promise ? r.then(() => undefined) : undefined;
}

/** Stops the par-map pool's threads (tests; a program's idle pool never keeps it alive). */
export async function closeThreads(): Promise<void> {
  const old = pool;
  pool = null;
  await old?.close();
}
