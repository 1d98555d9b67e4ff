import { trace, traceBegin, traceEnd, traceNow, traceSpan } from "@weft/runtime-core";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { decode, encode, processHeap, registry, S } from "@weft/gc";
import { Piscina } from "piscina";
import { toCancelled } from "../Cancelled.js";
import { importingProgram } from "./modules.js";
import {
  cachedVec,
  drawRandomSeed,
  type ChunkResult,
  type ChunkTask,
  fromWire,
  sourceMapsEnabled,
  ThreadError,
  type ThreadMessage,
  type ThreadStart,
  vecSchema,
} from "./wire.js";

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
 * defaults are the package's own built workers and `WEFT_THREADS` (or one per core).
 */
export function configureThreads(options: { threadWorker?: string; poolWorker?: string; threads?: number }): void {
  if (options.threadWorker !== undefined) workerUrls.thread = options.threadWorker;
  if (options.poolWorker !== undefined) workerUrls.pool = options.poolWorker;
  if (options.threads !== undefined) threads = options.threads;
  if (pool !== null && (options.poolWorker !== undefined || options.threads !== undefined)) {
    const old = pool;
    pool = null;
    void old.destroy();
  }
}

/** How many pool threads par-map uses: `WEFT_THREADS` if set, else one per core. */
export function poolSize(): number {
  if (threads !== undefined) return threads;
  const env = Number.parseInt(process.env.WEFT_THREADS ?? "", 10);
  return Number.isSafeInteger(env) && env > 0 ? env : availableParallelism();
}

const moduleList = (): [string, string][] => registry.moduleUrls();

// Dedicated workers still running: a live reload (a module registering a new URL) is forwarded
// to each, which imports the new version and swaps its function-table entries.
const running = new Set<Worker>();
registry.onModuleReload((module, url) => {
  for (const w of running) w.postMessage({ t: "reload", module, url });
});

/**
 * `(spawn-thread e)`: runs `closure` — a parameterless Shareable compiled closure — on a new,
 * dedicated worker thread, and resolves with its value. The worker imports the program's
 * compiled modules (`registry.registerModuleUrl`), decodes the closure with the `@weft/gc`
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
    if (importingProgram()) return reject(threadsInDef("spawn-thread"));
    let start: ThreadStart;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    try {
      start = {
        heap: processHeap().descriptor(),
        modules: moduleList(),
        task: encode(closure, S.fn),
        sourceMaps: sourceMapsEnabled(),
        randomSeed: drawRandomSeed(),
        cancel,
      };
    } catch (e) {
      return reject(e);
    }
    const worker = new Worker(new URL(workerUrls.thread), { workerData: start });
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
      signal.removeEventListener("abort", onAbort);
      f();
      void worker.terminate();
    };
    // The shared word reaches a busy loop at its next check-cancelled; the message wakes a task
    // suspended in a wait.
    const onAbort = (): void => {
      Atomics.store(cancel, 0, 1);
      worker.postMessage({ t: "cancel" });
    };
    signal.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: ThreadMessage) => {
      switch (m.t) {
        case "out":
          process.stdout.write(m.text);
          return;
        case "done":
          return finish(() => {
            try {
              resolve(decode<T>(m.value, S.any));
            } catch (e) {
              reject(e);
            }
          });
        case "fail":
          return finish(() => reject(m.error.cancelled && signal.aborted ? toCancelled(signal.reason) : fromWire(m.error)));
      }
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`spawn-thread worker exited (code ${code}) without a result`))));
  });
}

function threadsInDef(form: string): ThreadError {
  return new ThreadError(
    `a top-level def cannot use \`${form}\`: defs are evaluated again on every worker thread, so each would start more threads; compute the value in \`main\` instead`,
  );
}

let pool: Piscina | null = null;
let poolSeed = 0;
function thePool(): Piscina {
  if (pool === null) {
    poolSeed = drawRandomSeed();
    const n = poolSize();
    // Idle workers are unref'd by piscina, so a finished program exits with the pool alive.
    pool = new Piscina({ filename: workerUrls.pool, minThreads: n, maxThreads: n, idleTimeout: 30_000 });
  }
  return pool;
}

/**
 * `(par-map xs f)`: `f` over `xs` on the worker pool, results in order. `xs` is cut into a few
 * chunks per thread, each encoded with the `@weft/gc` codec (a vector of one plain-data struct
 * as one flat block in shared memory); `f` is a Shareable, non-suspending function. The first
 * error cancels the chunks still to run and is raised once every chunk has stopped. Aborting
 * `signal` does the same with `signal.reason`. Always runs on the pool, however small `xs` is.
 *
 * @example const moved = await parMap(entities, updatePosition);
 */
export async function parMap<A, B>(xs: readonly A[], f: Function, signal?: AbortSignal): Promise<B[]> {
  return (await runChunks(xs, f, signal, false)) as B[];
}

/** `(par-for-each xs f)`: `parMap` without the results. */
export async function parForEach<A>(xs: readonly A[], f: Function, signal?: AbortSignal): Promise<void> {
  await runChunks(xs, f, signal, true);
}

async function runChunks(xs: readonly unknown[], f: Function, signal: AbortSignal | undefined, each: boolean): Promise<unknown[]> {
  signal?.throwIfAborted();
  if (importingProgram()) throw threadsInDef(each ? "par-for-each" : "par-map");
  if (xs.length === 0) return [];
  const p = thePool();
  const heap = processHeap().descriptor();
  const modules = moduleList();
  const fn = encode(f, S.fn);
  const { schema, flat } = vecSchema(xs);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const sourceMaps = sourceMapsEnabled();
  const chunks = Math.min(xs.length, p.maxThreads * 4);
  const traceStart = trace.on ? traceNow() : 0;
  const size = Math.ceil(xs.length / chunks);
  let firstError: unknown;
  const fail = (e: unknown): void => {
    if (firstError === undefined) firstError = e;
    Atomics.store(cancel, 0, 1);
  };
  const onAbort = (): void => fail(toCancelled(signal!.reason));
  signal?.addEventListener("abort", onAbort, { once: true });
  const runs: Promise<ChunkResult | undefined>[] = [];
  for (let at = 0; at < xs.length; at += size) {
    const task: ChunkTask = { heap, modules, fn, items: encode(xs.slice(at, at + size), schema, { shared: true }), flat, cancel, each, sourceMaps, randomSeed: poolSeed };
    runs.push(
      (p.run(task) as Promise<ChunkResult>).then(
        (r) => {
          if (r.error !== undefined) fail(fromWire(r.error));
          return r;
        },
        (e: unknown) => {
          fail(e);
          return undefined;
        },
      ),
    );
  }
  try {
    const results = await Promise.all(runs);
    const out: unknown[] = [];
    for (const r of results) {
      if (r === undefined) continue;
      for (const text of r.out) process.stdout.write(text);
      if (firstError === undefined && r.value !== undefined) {
        const part = decode<unknown[]>(r.value, r.flat ? cachedVec(r.flat) : S.any);
        for (const x of part) out.push(x);
      }
    }
    if (firstError !== undefined) throw firstError;
    return out;
  } finally {
    if (trace.on) traceSpan(each ? "par-for-each" : "par-map", traceStart, { items: xs.length, chunks: runs.length });
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Stops the par-map pool's threads (tests; a program's idle pool never keeps it alive). */
export async function closeThreads(): Promise<void> {
  const old = pool;
  pool = null;
  await old?.destroy();
}
