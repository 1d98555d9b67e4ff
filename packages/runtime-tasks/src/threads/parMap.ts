import { trace, traceNow, traceSpan } from "@weft/runtime-core";
import { decode, decodeFlat, encode, type Encoded, type FlatVec, processHeap, S, type Shipment } from "@weft/gc";
import type { Piscina } from "piscina";
import { toCancelled } from "../Cancelled.js";
import { activeFrame } from "../Frame.js";
import { noteOrigin } from "./origin.js";
import { cachedVec, type ChunkResult, fromWire, type ParJob, sourceMapsEnabled, vecSchema } from "./wire.js";

type ChunkPart = NonNullable<ChunkResult["parts"]>[number];

// Adaptive granularity: `par-map` first runs elements on the caller, timing them, and sends
// the rest to the pool only when the parallel time saved outweighs what a pool call costs.
/** At most this many elements are timed on the caller before deciding. */
const PROBE_ELEMENTS = 16;
/** … or this many milliseconds of them. */
const PROBE_MS = 0.05;
/** The work one chunk should hold: big enough that claiming it is noise, small enough to balance. */
const CHUNK_MS = 0.25;
/** What a pool call costs beyond its work (the round trip of its messages, decoding the function):
 * a first guess, then a moving average of what calls measured. */
let poolOverheadMs = 0.3;

/** @internal Set on a pool worker: a par-map nested in a par-map function runs on that worker. */
const NESTED = Symbol.for("weft.parMapWorker");

/** The knobs tests use: `inline: false` sends every element to the pool, as before adaptivity. */
export const parMapOptions = { inline: process.env.WEFT_PAR_INLINE !== "0" };

export interface Pool {
  readonly pool: () => Piscina;
  readonly threads: number;
  readonly modules: () => [string, string][];
  /** The main thread's top-level values, for workers to take (`topLevel.ship()` in @weft/gc). */
  readonly defs: () => Shipment;
  /** The pool's random seed, drawn once from the main thread's generator when it started. */
  readonly randomSeed: () => number;
}

/**
 * `par-map` / `par-for-each` (`each`): the results as an array, at once when everything ran on
 * the caller, else once the pool's share has come back.
 */
export function runChunks(xs: readonly unknown[], f: Function, signal: AbortSignal | undefined, each: boolean, pool: Pool): unknown[] | Promise<unknown[]> {
  if (signal?.aborted) throw toCancelled(signal.reason);
  const n = xs.length;
  if (n === 0) return [];
  const out: unknown[] | undefined = each ? undefined : new Array<unknown>(n);
  const g = f as (x: unknown) => unknown;
  if ((globalThis as { [NESTED]?: boolean })[NESTED] === true) return inline(xs, g, out, 0, n);
  const traceStart = trace.on ? traceNow() : 0;
  if (!parMapOptions.inline) return onPool(xs, g, signal, each, out, 0, 1, pool, traceStart);
  // Timed in doubling batches (1, 2, 4, … elements), so a tiny input reads the clock a few times.
  const t0 = performance.now();
  let i = 0;
  let batch = 1;
  let elapsed = 0;
  for (;;) {
    const end = Math.min(n, i + batch);
    for (; i < end; i++) {
      const r = g(xs[i]);
      if (out !== undefined) out[i] = r;
    }
    if (i === n) return out ?? [];
    elapsed = performance.now() - t0;
    if (i >= PROBE_ELEMENTS || elapsed >= PROBE_MS) break;
    batch *= 2;
  }
  const perElement = elapsed / i;
  const work = perElement * (n - i);
  const threads = pool.threads;
  // With t threads the work takes work/t, so the pool pays off when work·(1 − 1/t) > overhead.
  if (threads < 2 || work * (1 - 1 / threads) < 2 * poolOverheadMs) {
    const done = inline(xs, g, out, i, n);
    // Ran on the caller alone: a par-map of no chunks.
    if (trace.on) traceSpan(each ? "par-for-each" : "par-map", traceStart, { items: n, chunks: 0 });
    return done;
  }
  return onPool(xs, g, signal, each, out, i, perElement, pool, traceStart);
}

function inline(xs: readonly unknown[], f: (x: unknown) => unknown, out: unknown[] | undefined, from: number, n: number): unknown[] {
  if (out === undefined) {
    for (let i = from; i < n; i++) f(xs[i]);
    return [];
  }
  for (let i = from; i < n; i++) out[i] = f(xs[i]);
  return out;
}

/**
 * Elements `from..` on the pool and the caller together. The input crosses once: a vector of
 * one plain-data struct as one flat block in shared memory that workers read in place, anything
 * else as one encoded part per chunk. Chunks are claimed from a shared counter, so a thread that
 * finishes early takes the next; the caller takes its share too while the workers run.
 */
async function onPool(
  xs: readonly unknown[],
  f: (x: unknown) => unknown,
  signal: AbortSignal | undefined,
  each: boolean,
  out: unknown[] | undefined,
  from: number,
  perElement: number,
  pool: Pool,
  traceStart: number,
): Promise<unknown[]> {
  const started = performance.now();
  // The task calling par-map (it runs this synchronously), for the task chain of chunk errors.
  const caller = activeFrame();
  const n = xs.length;
  const rest = n - from;
  const threads = Math.max(1, pool.threads);
  const wanted = Math.round((perElement * rest) / CHUNK_MS);
  const chunks = Math.min(rest, threads * 4, Math.max(threads, wanted));
  const size = Math.ceil(rest / chunks);
  const count = Math.ceil(rest / size);
  const tail = xs.slice(from);
  const { schema, flat } = vecSchema(tail);
  const items: Encoded | null = flat !== null ? encode(tail, schema, { shared: true }) : null;
  const parts: Encoded[] | null = flat === null ? [] : null;
  if (parts !== null) for (let k = 0; k < count; k++) parts.push(encode(tail.slice(k * size, (k + 1) * size), S.any, { shared: true }));
  // [0]: the next chunk to claim; [1]: 1 once the par-map is cancelled.
  const words = new Int32Array(new SharedArrayBuffer(8));
  const cancel = words.subarray(1, 2);
  const job: Omit<ParJob, "fn"> = {
    heap: processHeap().descriptor(),
    modules: pool.modules(),
    defs: pool.defs(),
    items,
    parts,
    flat,
    words,
    size,
    count,
    each,
    sourceMaps: sourceMapsEnabled(),
    randomSeed: pool.randomSeed(),
  };
  let firstError: unknown;
  const fail = (e: unknown): void => {
    if (firstError === undefined) firstError = e;
    Atomics.store(words, 1, 1);
  };
  const onAbort = (): void => fail(toCancelled(signal!.reason));
  signal?.addEventListener("abort", onAbort, { once: true });
  // The caller works too, unless every element must cross (`inline: false`).
  const callerWorks = parMapOptions.inline;
  const helpers = callerWorks ? Math.max(1, Math.min(threads - 1, count - 1)) : Math.min(threads, count);
  const p = pool.pool();
  const runs: Promise<ChunkResult | undefined>[] = [];
  for (let h = 0; h < helpers; h++) {
    runs.push(
      // Each helper its own encoding of `f`: an atom or channel it captures crosses with one
      // reference per message, which that helper's decode adopts (@weft/gc HandleTable).
      (p.run({ ...job, fn: encode(f, S.fn) } satisfies ParJob) as Promise<ChunkResult>).then(
        (r) => {
          if (r.error !== undefined) fail(noteOrigin(fromWire(r.error), r.error.thread, each ? "par-for-each" : "par-map", caller, r.error.origin));
          return r;
        },
        (e: unknown) => {
          fail(e);
          return undefined;
        },
      ),
    );
  }
  // The caller's share: no more than an even split, so the workers always get theirs (a cold
  // pool starts slower than the caller runs).
  const share = callerWorks ? Math.floor(count / (helpers + 1)) : 0;
  try {
    for (let c = 0; c < share && firstError === undefined; c++) {
      const k = Atomics.add(words, 0, 1);
      if (k >= count) break;
      // The caller uses the elements themselves; decoding its part here only hands back the
      // references that atoms or channels in it took to cross (@weft/gc HandleTable).
      if (parts !== null && parts[k]!.handles.length > 0) decode(parts[k]!, S.any);
      const a = from + k * size;
      const b = Math.min(n, a + size);
      const chunkStart = trace.on ? traceNow() : 0;
      for (let j = a; j < b && Atomics.load(cancel, 0) === 0; j++) {
        const r = f(xs[j]);
        if (out !== undefined) out[j] = r;
      }
      if (trace.on) traceSpan("par-map chunk", chunkStart, { k });
    }
  } catch (e) {
    fail(e);
  }
  try {
    const results = await Promise.all(runs);
    for (const r of results) {
      if (r === undefined) continue;
      for (const text of r.out) process.stdout.write(text);
      if (firstError !== undefined || out === undefined || r.parts === undefined) continue;
      for (const part of r.parts) {
        const got = decode<unknown[]>(part.value, part.flat !== null ? cachedVec(part.flat) : S.any);
        const at = from + part.k * size;
        for (let j = 0; j < got.length; j++) out[at + j] = got[j];
      }
    }
    if (firstError !== undefined) throw firstError;
    const wall = performance.now() - started;
    const alone = (perElement * rest) / (helpers + (callerWorks ? 1 : 0));
    poolOverheadMs = 0.8 * poolOverheadMs + 0.2 * Math.min(50, Math.max(0.02, wall - alone));
    return out ?? [];
  } finally {
    if (trace.on) traceSpan(each ? "par-for-each" : "par-map", traceStart, { items: n, chunks: count });
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * @internal A pool worker's side of a job: claims chunks until none is left (or the job is
 * cancelled) and returns the results of each, encoded.
 */
export function workOnJob(job: ParJob, f: (x: unknown) => unknown): ChunkPart[] {
  const words = job.words;
  const vec: FlatVec | null = job.items !== null && job.flat !== null ? decodeFlat(job.items, cachedVec(job.flat)) : null;
  const parts: ChunkPart[] = [];
  for (;;) {
    if (Atomics.load(words, 1) !== 0) return parts;
    const k = Atomics.add(words, 0, 1);
    if (k >= job.count) return parts;
    const a = k * job.size;
    const chunkStart = trace.on ? traceNow() : 0;
    const elements: unknown[] | null = vec === null ? decode<unknown[]>(job.parts![k]!, S.any) : null;
    const b = vec !== null ? Math.min(vec.length, a + job.size) : a + elements!.length;
    const results = job.each ? undefined : new Array<unknown>(b - a);
    for (let j = a; j < b; j++) {
      if (Atomics.load(words, 1) !== 0) return parts;
      const r = f(vec !== null ? vec.get(j) : elements![j - a]);
      if (results !== undefined) results[j - a] = r;
    }
    if (results !== undefined) {
      const { schema, flat } = vecSchema(results);
      parts.push({ k, value: encode(results, schema, { shared: true }), flat });
    }
    // On this pool thread's track: it runs one chunk at a time.
    if (trace.on) traceSpan("par-map chunk", chunkStart, { k }, 0);
  }
}

/** @internal Marks this thread as a pool worker (nested par-maps run inline). */
export function markPoolWorker(): void {
  (globalThis as { [NESTED]?: boolean })[NESTED] = true;
}
