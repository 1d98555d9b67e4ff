import { type Encoded, type FlatBlock, plainLayout, registry, S, type Schema, type SharedHeapDescriptor, type Shipment } from "@weft/gc";
import { isCancelled } from "../Cancelled.js";
import { originOf, thisThread, type ThreadOrigin } from "./origin.js";

const WEFT_ERROR = Symbol.for("weft.Error");

/** An error as it crosses back from a worker: its message survives, and whether Weft's `try` may catch it. */
export interface WireError {
  readonly message: string;
  readonly name: string;
  readonly weft: boolean;
  readonly cancelled: boolean;
  readonly stack?: string;
  /** The thread it was raised on, and how that thread was reached if it crossed before. */
  readonly thread: number;
  readonly origin?: ThreadOrigin;
}

/** What the main thread gives a dedicated `spawn-thread` worker. */
export interface ThreadStart {
  readonly heap: SharedHeapDescriptor;
  /** Every compiled module registered on the spawning thread, `[path, url]`, in load order. */
  readonly modules: readonly (readonly [string, string])[];
  /** The main thread's top-level values, which the modules take instead of evaluating their defs. */
  readonly defs: Shipment;
  /** The closure, encoded with `S.fn`. */
  readonly task: Encoded;
  /** Whether the spawning thread maps stacks through source maps (the driver enables it). */
  readonly sourceMaps: boolean;
  /** Word 0 becomes 1 (Atomics.store) when the task is cancelled: read by `check-cancelled`. */
  readonly cancel: Int32Array;
  /** The new thread's random seed, drawn from the spawning thread's generator (see `inheritRandomSeed`). */
  readonly randomSeed: number;
  /** Its seat in deadlock detection (see idle.ts) and its spawner's; absent: it takes no part. */
  readonly idle: { readonly words: Int32Array; readonly slot: number; readonly parent: number } | undefined;
}

/** Messages from a dedicated worker, in order on one port: its output always comes before its end. */
export type ThreadMessage =
  | { readonly t: "out"; readonly text: string }
  | { readonly t: "report"; readonly lines: readonly string[]; readonly at: string | undefined }
  | { readonly t: "done"; readonly value: Encoded }
  | { readonly t: "fail"; readonly error: WireError };

/** A par-map's work, as each pool worker taking part receives it. */
export interface ParJob {
  /** Which call of the process this is: its answers carry it back. */
  readonly id: number;
  /** As `ThreadStart.modules`; `null`: the same as this worker's last job. */
  readonly modules: readonly (readonly [string, string])[] | null;
  /** As `ThreadStart.defs`; `null` with `modules`: the same as this worker's last job. */
  readonly defs: Shipment | null;
  readonly fn: Encoded;
  /** The whole vector as one flat block of plain-data structs, read in place; else `parts`. */
  readonly input: FlatBlock | null;
  /** The elements of each chunk, encoded self-describing (when they are not one flat block). */
  readonly parts: readonly Encoded[] | null;
  /** The block for every result, when they are plain data: each chunk writes its own range. */
  readonly output: FlatBlock | null;
  /** Element index of chunk 0 (the caller ran those before it on its own). */
  readonly from: number;
  /** Shared words, at the indices of `W` in pool.ts: the chunk counter, cancellation, who entered and finished, each chunk done. */
  readonly words: Int32Array;
  /** Elements per chunk (the last may hold fewer), and how many chunks. */
  readonly size: number;
  readonly count: number;
  /** `par-for-each`: results are dropped. */
  readonly each: boolean;
}

/** What a pool worker sends back: what it printed, and the results of each chunk it claimed. */
export interface ChunkResult {
  /** The job's `id`. */
  readonly id: number;
  readonly out: readonly string[];
  readonly parts?: readonly { readonly k: number; readonly value: Encoded; readonly flat: string | null }[];
  /** The worker's first job: its time includes starting the thread and importing the program. */
  readonly cold?: boolean;
  /** The chunks whose results went into the job's output block. */
  readonly inPlace?: readonly number[];
  readonly error?: WireError;
}

/** Whether this thread maps stack traces through source maps (`--enable-source-maps`, or set by the driver). */
export function sourceMapsEnabled(): boolean {
  return (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled === true;
}

/** Makes this worker map stacks as the thread that started it does. */
export function followSourceMaps(enabled: boolean): void {
  if (enabled && !sourceMapsEnabled()) process.setSourceMapsEnabled(true);
}

/** Encodes what was thrown on a worker so the main thread can raise an equivalent error. */
export function toWire(e: unknown): WireError {
  const err = e as { message?: unknown; name?: unknown; stack?: unknown; [WEFT_ERROR]?: unknown } | null;
  const isObj = typeof e === "object" && e !== null;
  return {
    message: isObj && typeof err!.message === "string" ? err!.message : String(e),
    name: isObj && typeof err!.name === "string" ? err!.name : "Error",
    weft: isObj && (err![WEFT_ERROR] === true || registry.errors?.is(e) === true),
    cancelled: isCancelled(e),
    ...(isObj && typeof err!.stack === "string" ? { stack: err!.stack } : {}),
    thread: thisThread,
    ...(originOf(e) !== undefined ? { origin: originOf(e) } : {}),
  };
}

/** The error to raise on this thread for one that crossed: a Weft error stays catchable by `try`. */
export function fromWire(w: WireError): Error {
  if (w.weft) {
    const made = registry.errors?.make(w.message);
    const e = made instanceof Error ? made : Object.assign(new ThreadError(w.message), { [WEFT_ERROR]: true, suppressed: [] });
    // The worker's stack names the Weft call that failed (the driver reports it).
    if (w.stack !== undefined) e.stack = w.stack;
    return e;
  }
  const e = new ThreadError(w.message);
  e.name = w.name;
  if (w.stack !== undefined) e.stack = w.stack;
  return e;
}

/** An error raised on a worker thread that is not a Weft `Error` (a bug, a runtime failure). */
export class ThreadError extends Error {
  override name = "ThreadError";
}

/**
 * The schema to encode a vector with: a flat block when every element is an instance of the
 * same registered plain-data struct (the 10,000-entity case), else self-describing.
 */
export function vecSchema(xs: readonly unknown[]): { schema: Schema; flat: string | null } {
  const first = xs[0];
  if (typeof first === "object" && first !== null) {
    const t = registry.typeOf(first);
    if (t !== undefined && t.type.kind === "struct") {
      const s = S.type(t.type.tag);
      const ctor = first.constructor;
      if (plainLayout(s) !== null && xs.every((x) => typeof x === "object" && x !== null && x.constructor === ctor)) {
        return { schema: cachedVec(t.type.tag), flat: t.type.tag };
      }
    }
  }
  return { schema: S.any, flat: null };
}

// One schema object per tag: the codec caches layouts and encoders per schema object.
const vecSchemas = new Map<string, Schema>();
export function cachedVec(tag: string): Schema {
  let s = vecSchemas.get(tag);
  if (s === undefined) vecSchemas.set(tag, (s = S.vec(S.type(tag))));
  return s;
}

/**
 * runtime-core's per-thread random generator (LANGUAGE.md §4.1), reached through a registered
 * symbol so this package needs no dependency on it: the parent draws a seed for each new
 * thread, and the thread leaves it where runtime-core's Random.ts reads it when it loads.
 */
export { drawRandomSeed, inheritRandomSeed } from "./seed.js";
