// The entry of a par-map pool worker (piscina): each task is one chunk of the input.
import { threadId } from "node:worker_threads";
import { decode, encode, processHeap, S, useProcessHeap } from "@weft/gc";
import { trace, traceNow, traceSpan } from "@weft/runtime-core";
import { loadModules } from "./modules.js";
import { cachedVec, type ChunkResult, type ChunkTask, followSourceMaps, inheritRandomSeed, toWire, vecSchema } from "./wire.js";

// What the chunk's function prints goes back with the chunk's result, and is written by the
// main thread before the par-map returns.
let out: string[] = [];
process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
  out.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
  const done = typeof encoding === "function" ? encoding : cb;
  if (typeof done === "function") queueMicrotask(done as () => void);
  return true;
}) as typeof process.stdout.write;

export default async function runChunk(task: ChunkTask): Promise<ChunkResult> {
  const traceStart = trace.on ? traceNow() : 0;
  out = [];
  const printed = (): string[] => out;
  useProcessHeap(task.heap);
  followSourceMaps(task.sourceMaps);
  // One seed for the pool; each of its threads mixes in its own id so no two share a sequence.
  inheritRandomSeed(task.randomSeed ^ Math.imul(threadId, 0x9e3779b9));
  try {
    if (Atomics.load(task.cancel, 0) !== 0) return { out: printed(), cancelled: true };
    await loadModules(task.modules);
    const f = decode<(x: unknown) => unknown>(task.fn, S.fn);
    const items = decode<unknown[]>(task.items, task.flat === null ? S.any : cachedVec(task.flat));
    const results = task.each ? undefined : new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) {
      if (Atomics.load(task.cancel, 0) !== 0) return { out: printed(), cancelled: true };
      const r = f(items[i]);
      if (results !== undefined) results[i] = r;
    }
    if (results === undefined) return { out: printed() };
    const { schema, flat } = vecSchema(results);
    return { out: printed(), value: encode(results, schema, { shared: true }), flat };
  } catch (e) {
    return { out: printed(), error: toWire(e) };
  } finally {
    // The chunk's slice, on this worker's track (a pool thread runs one chunk at a time).
    if (trace.on) traceSpan("par-map chunk", traceStart, undefined, 0);
    processHeap().flush();
  }
}
