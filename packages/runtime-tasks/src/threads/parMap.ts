import { trace, traceNow, traceSpan } from "@weft/runtime-core";
import {
  allocFlat,
  backWith,
  builtElements,
  decode,
  encode,
  type Encoded,
  type FlatBlock,
  flatBlockOf,
  flatLayout,
  flatMember,
  type FlatViews,
  flatVector,
  flatViews,
  peekElement,
  type PlainLayout,
  plainTagOf,
  processHeap,
  S,
  shareFlat,
  type Shipment,
} from "@weft/gc";
import { toCancelled } from "../Cancelled.js";
import { activeFrame } from "../Frame.js";
import { noteOrigin } from "./origin.js";
import { CLOSED, type ParPool, readUntil, SPIN_MS, W } from "./pool.js";
import { cachedVec, type ChunkResult, fromWire, type ParJob, vecSchema } from "./wire.js";

type ChunkPart = NonNullable<ChunkResult["parts"]>[number];

// Adaptive granularity: `par-map` first runs elements on the caller, timing them, and sends
// the rest to the pool only when the parallel time saved outweighs what a pool call costs.
/** At most this many elements are timed on the caller before deciding. */
const PROBE_ELEMENTS = 16;
/** … or this many milliseconds of them. */
const PROBE_MS = 0.05;
/** The work one chunk should hold: big enough that claiming it is noise, small enough to balance. */
const CHUNK_MS = 0.25;
/**
 * At most this many chunks per thread. The last chunk claimed decides when a par-map ends, so a
 * chunk's share of the whole is the imbalance it may leave: with 8 a thread, 100,000 × 10 µs on 2
 * threads had 62 ms chunks (up to 12% of the wall time spent with one thread idle); with 64,
 * 8 ms. Claiming a chunk is one atomic add, and no chunk falls below `CHUNK_MS` of work.
 */
const CHUNKS_PER_THREAD = 64;
/** What a pool call costs beyond its work (the round trip of its messages, decoding the function):
 * a first guess, then a moving average of what calls measured. */
let poolOverheadMs = 0.3;
const POOL_OVERHEAD_FLOOR_MS = 0.02;
/** How fast the estimate drifts down per call kept inline: about 24 calls to fall 3.5×… */
const RETRY_DECAY = 0.95;
/** … and at most about 1,200 after pool calls that kept losing. */
const MAX_RETRY_DECAY = 0.999;
let retryDecay = RETRY_DECAY;

/** @internal Set on a pool worker: a par-map nested in a par-map function runs on that worker. */
const NESTED = Symbol.for("weft.parMapWorker");
let nested: boolean | undefined;

/** The knobs tests use: `inline: false` sends every element to the pool, as before adaptivity. */
export const parMapOptions = { inline: process.env.WEFT_PAR_INLINE !== "0" };

export interface Pool {
  readonly pool: () => ParPool;
  readonly threads: number;
  readonly modules: () => [string, string][];
  /** The main thread's top-level values, for workers to take (`topLevel.ship()` in @weft/gc). */
  readonly defs: () => Shipment;
}

/**
 * `par-map` / `par-for-each` (`each`): the results as an array, at once when everything ran on
 * the caller, else once the pool's share has come back.
 */
export function runChunks(xs: readonly unknown[], f: Function, signal: AbortSignal | undefined, each: boolean, pool: Pool, site?: ParSite): unknown[] | Promise<unknown[]> {
  if (signal?.aborted) throw toCancelled(signal.reason);
  return cheapInline(xs, f, each, site) ?? probe(xs, f as (x: unknown) => unknown, signal, each, pool, site);
}

/**
 * The fast path, small enough for V8 to inline into the caller: when `f` measured far too cheap
 * for the pool on a recent call, the results of a plain loop on the caller, without reading the
 * clock (a read costs about as much as a small map; re-measured every REMEASURE-th call); else
 * `undefined`, and `runChunks` decides. Compiled code calls it first (with its own cheap
 * cancellation check) and passes its call site's record (`parSite`), so a tiny par-map in a
 * frame is a `map` and a few field reads.
 */
export function cheapInline(xs: readonly unknown[], f: Function, each: boolean, site?: ParSite): unknown[] | undefined {
  const known = site ?? costOf(f);
  if (known === undefined || known.left <= 0 || xs.length >= known.under || trace.on) return undefined;
  known.left--;
  const g = f as (x: unknown) => unknown;
  if (each) {
    for (let i = 0; i < xs.length; i++) g(xs[i]);
    return [];
  }
  return mapHere(xs, g);
}

/** @internal `map`: a par-map that runs on the caller. */
export function mapHere<A, B>(xs: readonly A[], f: (x: A) => B): B[] {
  const n = xs.length;
  const out = new Array<B>(n);
  for (let i = 0; i < n; i++) out[i] = f(xs[i]!);
  return out;
}

function probe(xs: readonly unknown[], g: (x: unknown) => unknown, signal: AbortSignal | undefined, each: boolean, pool: Pool, site: ParSite | undefined): unknown[] | Promise<unknown[]> {
  const n = xs.length;
  if (n === 0) return [];
  const out: unknown[] | undefined = each ? undefined : new Array<unknown>(n);
  // Read once per thread (a pool worker is marked before it runs any job).
  nested ??= (globalThis as { [NESTED]?: boolean })[NESTED] === true;
  if (nested) return inline(xs, g, out, 0, n);
  const traceStart = trace.on ? traceNow() : 0;
  if (!parMapOptions.inline) return onPool(xs, g, signal, each, out, 0, 1, pool, traceStart);
  const threads = pool.threads;
  if (threads < 2) return ranHere(xs, g, out, 0, n, each, traceStart);
  // With t threads the work takes work/t, so the pool pays off when work·(1 − 1/t) > 2·overhead.
  const gain = 1 - 1 / threads;
  const cutoff = 2 * poolOverheadMs;
  // Timed in batches of 1, 1, 2, 4, … elements, so a tiny input reads the clock a few times; the
  // cheapest rate of a batch is the estimate, so one batch interrupted (a GC, the thread
  // descheduled on a busy machine) does not send a cheap par-map to the pool.
  let t = performance.now();
  let i = 0;
  let batch = 1;
  let batches = 0;
  let perElement = Infinity;
  for (;;) {
    const end = Math.min(n, i + batch);
    const size = end - i;
    for (; i < end; i++) {
      const r = g(xs[i]);
      if (out !== undefined) out[i] = r;
    }
    const now = performance.now();
    perElement = Math.min(perElement, (now - t) / size);
    t = now;
    batches++;
    if (i === n || i >= PROBE_ELEMENTS || perElement * n * gain < cutoff / FAR_BELOW) break;
    if (batches >= 2 && perElement * i >= PROBE_MS) break;
    if (batches >= 2) batch *= 2;
  }
  noteCost(g, perElement, Math.min(SKIP_CLOCK_MS, cutoff / FAR_BELOW / gain), site);
  const work = perElement * (n - i);
  if (work * gain < cutoff) {
    // The estimate only comes down when the pool is tried: let it drift down while calls that
    // might pay off keep running here, so a pool that was slow once (a loaded machine, a cold
    // start) is tried again after a few such calls.
    if (work > 2 * POOL_OVERHEAD_FLOOR_MS) poolOverheadMs = Math.max(POOL_OVERHEAD_FLOOR_MS, poolOverheadMs * retryDecay);
    return ranHere(xs, g, out, i, n, each, traceStart);
  }
  return onPool(xs, g, signal, each, out, i, perElement, pool, traceStart);
}

/** Elements `from..n` on the caller: a par-map of no chunks. */
function ranHere(xs: readonly unknown[], f: (x: unknown) => unknown, out: unknown[] | undefined, from: number, n: number, each: boolean, traceStart: number): unknown[] {
  const done = inline(xs, f, out, from, n);
  if (trace.on) traceSpan(each ? "par-for-each" : "par-map", traceStart, { items: n, chunks: 0 });
  return done;
}

/** How far below the pool's cutoff a par-map must be to skip the clock. */
const FAR_BELOW = 8;
/** … and never with more work than this (ms): beyond it the clock's cost is noise. */
const SKIP_CLOCK_MS = 0.05;
/** A function skips the clock at most this many calls in a row. */
const REMEASURE = 256;

interface Cost {
  /**
   * How many elements a call may have and skip the clock: their measured work is then far below
   * the pool's cutoff. (A count rather than a cost per element, so the check is one comparison.)
   */
  under: number;
  /** How many more calls may skip it before the function is measured again. */
  left: number;
}

/**
 * One `par-map` / `par-for-each` call site of compiled code, made once per site when its module
 * loads (`compiled.parSite(fixed)`). Where the function is fixed at the site (`fixed`: a `fn`
 * written there, a top-level function by name) the site's cost is that function's, and the fast
 * path reads it here instead of through the closure's `$id` and `$module` and a table. Until it
 * is measured (`left` 0) a call takes the slow path, which measures it. `pending` holds the
 * promise of a call that went to the pool until the generated code takes it (`compiled.parMapAt`).
 */
export interface ParSite extends Cost {
  readonly fixed: boolean;
  pending: Promise<unknown> | undefined;
}

// Every site made, to forget their costs with the rest (`forgetCosts`); weak, so a reloaded
// module's sites go with it.
let sites: WeakRef<ParSite>[] = [];

/** @internal A fresh, unmeasured call site (see `ParSite`). */
export function parSite(fixed: boolean): ParSite {
  const site: ParSite = { under: 0, left: 0, fixed, pending: undefined };
  sites.push(new WeakRef(site));
  return site;
}

// The last measured cost per element of each function: per lambda-table entry for a closure
// (a new closure object is made at every evaluation of its `fn`), per function otherwise.
const lambdaCosts = new Map<string, Cost[]>();
let fnCosts = new WeakMap<Function, Cost>();
// The table of the module asked last: a program's par-maps mostly name one module's lambdas.
let lastModule: unknown;
let lastTable: Cost[] | undefined;

/** @internal Forgets every measured cost (`configureThreads({ inline: false })` must reach the pool at once). */
export function forgetCosts(): void {
  eagerLambdas.clear();
  eagerFns = new WeakMap();
  lambdaCosts.clear();
  fnCosts = new WeakMap();
  lastModule = undefined;
  lastTable = undefined;
  sites = sites.filter((ref) => {
    const site = ref.deref();
    if (site !== undefined) site.left = 0;
    return site !== undefined;
  });
}

function costOf(f: Function): Cost | undefined {
  const c = f as { $id?: unknown; $module?: unknown };
  if (typeof c.$id !== "number") return fnCosts.get(f);
  if (c.$module !== lastModule) {
    lastModule = c.$module;
    lastTable = typeof c.$module === "string" ? lambdaCosts.get(c.$module) : undefined;
  }
  return lastTable?.[c.$id];
}

function noteCost(f: Function, perElement: number, below: number, site: ParSite | undefined): void {
  // (A function too fast for the clock, measured at 0, skips it at any length.)
  const under = below / perElement;
  if (site !== undefined) {
    site.under = under;
    site.left = REMEASURE - 1;
    return;
  }
  const cost = { under, left: REMEASURE - 1 };
  const c = f as { $id?: unknown; $module?: unknown };
  if (typeof c.$id !== "number") fnCosts.set(f, cost);
  else if (typeof c.$module === "string") {
    let table = lambdaCosts.get(c.$module);
    if (table === undefined) lambdaCosts.set(c.$module, (table = []));
    table[c.$id] = cost;
    lastModule = undefined;
  }
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
 * one plain-data struct as a flat block in shared memory that workers read in place (the
 * vector's own block when it has one, e.g. last frame's par-map result: then nothing is
 * encoded), anything else as one encoded part per chunk. Plain-data results are written in place
 * into one shared output block, which then backs the result vector, so feeding it to the next
 * par-map costs nothing. Chunks are claimed from a shared counter, so a thread that finishes
 * early takes the next; the caller claims them too, as soon as it has woken the workers. When
 * the workers finish their last chunks within a moment of the caller, the results come back
 * without an await.
 */
function onPool(
  xs: readonly unknown[],
  f: (x: unknown) => unknown,
  signal: AbortSignal | undefined,
  each: boolean,
  out: unknown[] | undefined,
  from: number,
  perElement: number,
  pool: Pool,
  traceStart: number,
): unknown[] | Promise<unknown[]> {
  const started = performance.now();
  const n = xs.length;
  const rest = n - from;
  const threads = Math.max(1, pool.threads);
  const wanted = Math.round((perElement * rest) / CHUNK_MS);
  const chunks = Math.min(rest, threads * CHUNKS_PER_THREAD, Math.max(threads, wanted));
  const size = Math.ceil(rest / chunks);
  const count = Math.ceil(rest / size);
  learnReads(xs, f);
  const known = flatBlockOf(xs);
  const input = known ?? shareFlat(xs);
  if (known === undefined) parMapStats.encodedInputs++;
  const parts: Encoded[] | null = input === null ? [] : null;
  if (parts !== null) for (let k = 0; k < count; k++) parts.push(encode(xs.slice(from + k * size, from + (k + 1) * size), S.any, { shared: true }));
  // Results go in place when they are plain data: the probe's first result tells their struct
  // (the type checker makes them all one type); with no probe, guess the input's (a frame update).
  const outTag = out === undefined ? null : from > 0 ? plainTagOf(out[0]) : (input?.tag ?? null);
  const output = outTag !== null ? allocFlat(outTag, n) : null;
  const written = output !== null ? new FlatWriter(output) : null;
  written?.write(out!, 0, from);
  const words = new Int32Array(new SharedArrayBuffer(4 * W.COUNT));
  // The caller works too, unless every element must cross (`inline: false`).
  const callerWorks = parMapOptions.inline;
  const helpers = callerWorks ? Math.max(1, Math.min(threads - 1, count - 1)) : Math.min(threads, count);
  const call: Call = {
    id: ++calls,
    xs,
    f,
    peek: peekElement(xs),
    signal,
    each,
    out,
    from,
    size,
    count,
    n,
    words,
    parts,
    written,
    output,
    have: new Uint8Array(count),
    helpers,
    firstError: undefined,
    caller: activeFrame(),
    started,
    work: perElement * rest,
    traceStart,
  };
  const p = pool.pool();
  // Pinned until every worker has answered: its block's buffer is recycled once V8 collects it.
  inFlight.add(xs);
  const modules = pool.modules();
  const defs = pool.defs();
  for (let h = 0; h < helpers; h++) {
    // Each helper its own encoding of `f`: an atom or channel it captures crosses with one
    // reference per message, which that helper's decode adopts (@weft/gc HandleTable). (Every
    // helper encodes the same `f`: if one encoding fails, the first does, before any was posted.)
    p.post(h, { id: call.id, modules, defs, fn: encodeOrUnpin(f, xs), input, output, parts, from, words, size, count, each } satisfies ParJob);
  }
  // The caller's share: an even split, then the rest too once the pool is warm or a worker has
  // entered (a cold pool starts slower than the caller runs — its threads import the program —,
  // and should still get its part of a long par-map).
  const share = callerWorks ? Math.floor(count / (helpers + 1)) : 0;
  try {
    for (let c = 0; call.firstError === undefined && (c < share || (callerWorks && (p.warm || (Atomics.load(words, W.ENTERED) & (CLOSED - 1)) > 0))); c++) {
      const k = Atomics.add(words, W.NEXT, 1);
      if (k >= count) break;
      runChunk(call, k);
    }
  } catch (e) {
    failWith(call, e);
  }
  // The workers' last chunks are short: read their words for about as long as one takes.
  const spin = Math.min(SPIN_MS, perElement * size);
  if (call.firstError !== undefined || Atomics.load(words, W.NEXT) >= count) return finish(call, p, spin);
  // Chunks left to a worker that has not entered yet: once one has finished, every chunk is
  // claimed. Read its word for a moment first.
  if (readUntil(words, W.FINISHED, 1, SPIN_MS)) return finish(call, p, spin);
  const unlisten = onAbort(call);
  return p.firstFinished(call.id, words, helpers).then(
    () => (unlisten(), finish(call, p, 0)),
    (e: unknown) => (unlisten(), fail(call, e)),
  );
}

/** While the caller waits through the event loop, its signal aborting cancels the job's chunks. Returns the unlisten. */
function onAbort(call: Call): () => void {
  const signal = call.signal;
  if (signal === undefined) return () => {};
  const stop = (): void => failWith(call, toCancelled(signal.reason));
  signal.addEventListener("abort", stop, { once: true });
  return () => signal.removeEventListener("abort", stop);
}

let calls = 0;

/** One par-map on the pool, as the caller sees it. */
interface Call {
  readonly id: number;
  readonly xs: readonly unknown[];
  readonly f: (x: unknown) => unknown;
  /** How the caller reads an element of an input that is a lazy par-map result (`flatVector`): without keeping it. */
  readonly peek: ((i: number) => unknown) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly each: boolean;
  readonly out: unknown[] | undefined;
  readonly from: number;
  readonly size: number;
  readonly count: number;
  readonly n: number;
  readonly words: Int32Array;
  readonly parts: readonly Encoded[] | null;
  readonly written: FlatWriter | null;
  readonly output: FlatBlock | null;
  /** The chunks whose results `out` holds: the caller's own. */
  readonly have: Uint8Array;
  readonly helpers: number;
  firstError: unknown;
  /** The task calling par-map, for the task chain of chunk errors. */
  readonly caller: ReturnType<typeof activeFrame>;
  readonly started: number;
  /** The estimated work of elements `from..` (ms). */
  readonly work: number;
  readonly traceStart: number;
}

function failWith(call: Call, e: unknown): void {
  if (call.firstError === undefined) call.firstError = e;
  Atomics.store(call.words, W.CANCEL, 1);
}

/** Chunk `k` on the caller. */
function runChunk(call: Call, k: number): void {
  const { xs, f, peek, out, words, parts } = call;
  // The caller uses the elements themselves; decoding its part here only hands back the
  // references that atoms or channels in it took to cross (@weft/gc HandleTable).
  if (parts !== null && parts[k]!.handles.length > 0) decode(parts[k]!, S.any);
  const a = call.from + k * call.size;
  const b = Math.min(call.n, a + call.size);
  const chunkStart = trace.on ? traceNow() : 0;
  let j = a;
  for (; j < b && Atomics.load(words, W.CANCEL) === 0; j++) {
    const r = f(peek !== undefined ? peek(j) : xs[j]);
    if (out !== undefined) out[j] = r;
  }
  call.have[k] = 1;
  if (j === b) call.written?.write(out!, a, b);
  if (trace.on) traceSpan("par-map chunk", chunkStart, { k });
}

/** Once every chunk is claimed: the workers' answers, at once or awaited, then the results. */
function finish(call: Call, p: ParPool, spinMs: number): unknown[] | Promise<unknown[]> {
  let answers: ChunkResult[] | Promise<ChunkResult[]>;
  try {
    answers = p.collect(call.id, call.words, call.helpers, spinMs);
  } catch (e) {
    return fail(call, e);
  }
  if (answers instanceof Promise) {
    // A wait through the event loop: a cancellation of the calling task may arrive meanwhile.
    const unlisten = onAbort(call);
    return answers.then(
      (got) => (unlisten(), settle(call, got)),
      (e: unknown) => (unlisten(), fail(call, e)),
    );
  }
  return settle(call, answers);
}

function fail(call: Call, e: unknown): never {
  inFlight.delete(call.xs);
  if (trace.on) traceSpan(call.each ? "par-for-each" : "par-map", call.traceStart, { items: call.n, chunks: call.count });
  throw call.firstError ?? e;
}

function settle(call: Call, answers: readonly ChunkResult[]): unknown[] {
  try {
    const { out, from, size, n } = call;
    let cold = false;
    for (const r of answers) {
      if (r.cold === true) cold = true;
      for (const text of r.out) process.stdout.write(text);
      if (r.error !== undefined) failWith(call, noteOrigin(fromWire(r.error), r.error.thread, call.each ? "par-for-each" : "par-map", call.caller, r.error.origin));
    }
    if (call.firstError === undefined && call.signal?.aborted === true) failWith(call, toCancelled(call.signal.reason));
    if (call.firstError !== undefined) throw call.firstError;
    let result = out;
    if (out !== undefined) {
      for (const r of answers) {
        for (const part of r.parts ?? []) {
          const got = decode<unknown[]>(part.value, part.flat !== null ? cachedVec(part.flat) : S.any);
          const at = from + part.k * size;
          for (let j = 0; j < got.length; j++) out[at + j] = got[j];
          call.written?.missed();
        }
      }
      // Every result in the output block: the block is the result, read lazily, so results
      // fed to the next par-map are never built on this thread. Else the block's share is
      // materialised into `out`.
      const complete = call.written?.complete === true;
      if (complete && !buildsAtOnce(call.f)) result = flatVector(call.output!) as unknown[];
      else {
        for (const r of answers)
          for (const k of r.inPlace ?? []) {
            if (call.have[k] === 1) continue;
            const a = from + k * size;
            call.written!.read(out, a, Math.min(n, a + size));
          }
        if (complete) backWith(out, call.output!);
      }
    }
    // What this call cost beyond its work, into the moving average — unless a worker started
    // for it, or none came in time (a one-off). On a machine with more runnable threads than
    // cores a worker can be descheduled for tens of milliseconds holding a chunk: such samples
    // keep the next calls inline for a while, which is what they should do there.
    if (!cold && answers.length > 0) {
      const wall = performance.now() - call.started;
      const alone = call.work / (call.helpers + (parMapOptions.inline ? 1 : 0));
      poolOverheadMs = 0.8 * poolOverheadMs + 0.2 * Math.min(50, Math.max(POOL_OVERHEAD_FLOOR_MS, wall - alone));
      // A pool call slower than running everything here: retry the pool half as often next
      // time (on a machine with no core to spare every retry costs, and none pays).
      retryDecay = wall >= call.work ? Math.min(MAX_RETRY_DECAY, 1 - (1 - retryDecay) / 2) : RETRY_DECAY;
    }
    return result ?? [];
  } finally {
    inFlight.delete(call.xs);
    if (trace.on) traceSpan(call.each ? "par-for-each" : "par-map", call.traceStart, { items: call.n, chunks: call.count });
  }
}

/**
 * A result left in its block costs a proxy trap per read (about ten times a plain array's) plus
 * building the element on its first; built at once, it costs building every element. Which pays
 * depends on the program: a frame loop that hands each result to the next par-map reads few
 * elements, one that renders every entity reads them all. So when a par-map's input is such a
 * result and more than half of it was read, this function's next EAGER_CALLS results are built
 * at once (plain arrays, still backed by their block); then one is left in its block again, to
 * see whether the program still reads them. That lazy call costs a render loop about 4 ms of
 * reads on 10,000 entities; once in 256 calls it is noise (once in 32 was ~8% of the caller's
 * time per frame), and a program that stops reading is noticed within a few seconds of frames.
 */
const EAGER_CALLS = 256;

function learnReads(xs: readonly unknown[], f: Function): void {
  const built = builtElements(xs);
  if (built !== undefined) setEager(f, 2 * built > xs.length ? EAGER_CALLS : 0);
}

/** Whether this call of `f` builds its plain-data results at once (and counts the call). */
function buildsAtOnce(f: Function): boolean {
  const left = eagerOf(f);
  if (left <= 0) return false;
  setEager(f, left - 1);
  return true;
}

// How many more pool calls of each function build their results at once: per lambda-table
// entry for a closure (its `fn` makes a new closure object at each evaluation), else per function.
let eagerFns = new WeakMap<Function, number>();
const eagerLambdas = new Map<string, number>();
const lambdaKey = (f: Function): string | undefined => {
  const c = f as { $id?: unknown; $module?: unknown };
  return typeof c.$id === "number" && typeof c.$module === "string" ? `${c.$module}#${c.$id}` : undefined;
};
function eagerOf(f: Function): number {
  const k = lambdaKey(f);
  return (k !== undefined ? eagerLambdas.get(k) : eagerFns.get(f)) ?? 0;
}
function setEager(f: Function, left: number): void {
  const k = lambdaKey(f);
  if (k !== undefined) eagerLambdas.set(k, left);
  else eagerFns.set(f, left);
}

/**
 * @internal For tests: how many par-maps that went to the pool had to encode their input (laid
 * out flat, or element by element) rather than find it already in shared memory.
 */
export const parMapStats = { encodedInputs: 0 };
// The inputs of par-maps whose workers may still read them.
const inFlight = new Set<readonly unknown[]>();

function encodeOrUnpin(f: Function, xs: readonly unknown[]): Encoded {
  try {
    return encode(f, S.fn);
  } catch (e) {
    inFlight.delete(xs);
    throw e;
  }
}

/**
 * The results of one par-map going into its output block: in place, one range at a time, by
 * whichever thread computed them. Complete once every range went in (a result of another class
 * than the block's, possible only where the checker saw a generic type, leaves it incomplete).
 */
class FlatWriter {
  readonly #layout: PlainLayout;
  readonly #member: (x: unknown) => boolean;
  readonly #views: FlatViews;
  #complete = true;
  constructor(block: FlatBlock) {
    this.#layout = flatLayout(block.tag)!;
    this.#member = flatMember(block.tag);
    this.#views = flatViews(block.buffer);
  }
  get complete(): boolean {
    return this.#complete;
  }
  /** Writes results `a..b` in place; `false` (and nothing written) when one is not of the block's struct. */
  write(results: readonly unknown[], a: number, b: number, at = a): boolean {
    const member = this.#member;
    for (let j = a; j < b; j++) if (!member(results[j])) return this.missed();
    const v = this.#views;
    this.#layout.encodeVec(results, v.f64, v.i32, v.u8, at * this.#layout.size, a, b);
    return true;
  }
  /** Materialises elements `a..b` of the block into `out`. */
  read(out: unknown[], a: number, b: number): void {
    const { f64, i32, u8 } = this.#views;
    const size = this.#layout.size;
    const one = this.#layout.decodeOne;
    for (let j = a; j < b; j++) out[j] = one(f64, i32, u8, j * size);
  }
  missed(): false {
    this.#complete = false;
    return false;
  }
}

/**
 * @internal A pool worker's side of a job: claims chunks until none is left (or the job is
 * cancelled), writes plain-data results in place into the job's output block and returns the
 * others encoded.
 */
export function workOnJob(job: ParJob, f: (x: unknown) => unknown): Pick<ChunkResult, "parts" | "inPlace"> {
  const words = job.words;
  const input = job.input;
  const layout = input !== null ? flatLayout(input.tag) : null;
  const views = input !== null ? flatViews(input.buffer) : null;
  const written = job.output !== null ? new FlatWriter(job.output) : null;
  const parts: ChunkPart[] = [];
  const inPlace: number[] = [];
  for (;;) {
    if (Atomics.load(words, W.CANCEL) !== 0) break;
    const k = Atomics.add(words, W.NEXT, 1);
    if (k >= job.count) break;
    const a = job.from + k * job.size;
    const chunkStart = trace.on ? traceNow() : 0;
    const elements: unknown[] | null = input === null ? decode<unknown[]>(job.parts![k]!, S.any) : null;
    const b = input !== null ? Math.min(input.length, a + job.size) : a + elements!.length;
    const results = job.each ? undefined : new Array<unknown>(b - a);
    for (let j = a; j < b; j++) {
      if (Atomics.load(words, W.CANCEL) !== 0) return { parts, inPlace };
      const r = f(views !== null ? layout!.decodeOne(views.f64, views.i32, views.u8, j * layout!.size) : elements![j - a]);
      if (results !== undefined) results[j - a] = r;
    }
    if (results !== undefined) {
      if (written?.write(results, 0, b - a, a) === true) inPlace.push(k);
      else {
        const { schema, flat } = vecSchema(results);
        parts.push({ k, value: encode(results, schema, { shared: true }), flat });
      }
    }
    // On this pool thread's track: it runs one chunk at a time.
    if (trace.on) traceSpan("par-map chunk", chunkStart, { k }, 0);
  }
  return { parts, inPlace };
}

/** @internal Marks this thread as a pool worker (nested par-maps run inline). */
export function markPoolWorker(): void {
  (globalThis as { [NESTED]?: boolean })[NESTED] = true;
}
