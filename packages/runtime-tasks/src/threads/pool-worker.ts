// The entry of a par-map pool thread (see pool.ts): it sleeps on its word of the pool's shared
// block, takes each job posted to it, and claims chunks of the job's input until none is left.
import { receiveMessageOnPort, threadId, workerData } from "node:worker_threads";
import { decode, processHeap, S, topLevel, useProcessHeap } from "@weft/gc";
import { joinAsHelper } from "./idle.js";
import { loadModules } from "./modules.js";
import { markPoolWorker, workOnJob } from "./parMap.js";
import { CLOSED, type PoolMessage, type PoolWorkerData, W } from "./pool.js";
import { type ChunkResult, followSourceMaps, inheritRandomSeed, type ParJob, toWire } from "./wire.js";

markPoolWorker();
const { port, wake, slot, heap, sourceMaps, randomSeed, idle } = workerData as PoolWorkerData;
useProcessHeap(heap);
// Before the program's modules load: its channels find the hook on the global object.
if (idle !== undefined) joinAsHelper(idle);
followSourceMaps(sourceMaps);
// One seed for the pool; each of its threads mixes in its own id so no two share a sequence.
inheritRandomSeed(randomSeed ^ Math.imul(threadId, 0x9e3779b9));

// What the chunk's function prints goes back with the chunk's result, and is written by the
// main thread before the par-map returns.
let out: string[] = [];
process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
  out.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
  const done = typeof encoding === "function" ? encoding : cb;
  if (typeof done === "function") queueMicrotask(done as () => void);
  return true;
}) as typeof process.stdout.write;

// Whether this worker has run a job before: its first one pays for starting and importing.
let warm = false;
// The module list and top-level values last received (the pool sends them only when they
// change: `null` in a job means these), and whether they are loaded (a failed import is tried
// again with the next job).
let modules: NonNullable<ParJob["modules"]> = [];
let defs: NonNullable<ParJob["defs"]> = {};
let ready = false;

async function setUp(job: ParJob): Promise<void> {
  if (job.modules !== null && job.defs !== null) {
    modules = job.modules;
    defs = job.defs;
    ready = false;
  }
  if (ready) return;
  // Before the modules load: they take the main thread's top-level values from it. (A pool
  // thread that loaded a module before some of its defs were evaluated gets them now.)
  topLevel.receive(defs);
  await loadModules(modules);
  ready = true;
}

async function runJob(job: ParJob): Promise<void> {
  out = [];
  const cold = !warm;
  let failed: unknown;
  try {
    await setUp(job);
  } catch (e) {
    failed = e;
  }
  warm = true;
  const words = job.words;
  // Closed: the caller (or another worker) claimed every chunk before this thread got here.
  if ((Atomics.add(words, W.ENTERED, 1) & CLOSED) !== 0) return;
  let answer: ChunkResult;
  try {
    if (failed !== undefined) throw failed;
    if (Atomics.load(words, W.CANCEL) !== 0) answer = { id: job.id, out };
    else answer = { id: job.id, out, cold, ...workOnJob(job, decode<(x: unknown) => unknown>(job.fn, S.fn)) };
  } catch (e) {
    // Stop the other threads at their next element: the first error ends the par-map.
    Atomics.store(words, W.CANCEL, 1);
    answer = { id: job.id, out, error: toWire(e) };
  } finally {
    processHeap().flush();
  }
  // Posted before FINISHED is bumped: a caller that sees FINISHED finds the answer on the port.
  port.postMessage(answer);
  Atomics.add(words, W.FINISHED, 1);
}

/** How long a worker sleeps before letting its event loop turn (finalizers, then back to sleep). */
const NAP_MS = 50;

async function serve(): Promise<void> {
  for (;;) {
    const seen = Atomics.load(wake, slot);
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const job = m.message as PoolMessage;
      if (job === null) return;
      await runJob(job);
    }
    if (Atomics.wait(wake, slot, seen, NAP_MS) === "timed-out") await new Promise((r) => setImmediate(r));
  }
}

void serve().then(() => port.close());
