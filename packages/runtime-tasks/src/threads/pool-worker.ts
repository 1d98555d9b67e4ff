// The entry of a par-map pool worker (piscina): each task is one worker's part in a par-map,
// claiming chunks of the input until none is left.
import { threadId } from "node:worker_threads";
import { decode, processHeap, S, topLevel, useProcessHeap } from "@weft/gc";
import { loadModules } from "./modules.js";
import { markPoolWorker, workOnJob } from "./parMap.js";
import { type ChunkResult, followSourceMaps, inheritRandomSeed, type ParJob, toWire } from "./wire.js";

markPoolWorker();

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

export default async function runJob(job: ParJob): Promise<ChunkResult> {
  out = [];
  const cold = !warm;
  warm = true;
  useProcessHeap(job.heap);
  followSourceMaps(job.sourceMaps);
  // One seed for the pool; each of its threads mixes in its own id so no two share a sequence.
  inheritRandomSeed(job.randomSeed ^ Math.imul(threadId, 0x9e3779b9));
  try {
    if (Atomics.load(job.words, 1) !== 0) return { out };
    // Before the modules load: they take the main thread's top-level values from it.
    topLevel.receive(job.defs);
    await loadModules(job.modules);
    const f = decode<(x: unknown) => unknown>(job.fn, S.fn);
    return { out, cold, ...workOnJob(job, f) };
  } catch (e) {
    // Stop the other threads at their next element: the first error ends the par-map.
    Atomics.store(job.words, 1, 1);
    return { out, error: toWire(e) };
  } finally {
    processHeap().flush();
  }
}
