import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { SharedHeapDescriptor } from "@weft/gc";
import type { ChunkResult, ParJob } from "./wire.js";

// par-map's warm pool: its own worker threads rather than a general task queue, so that a call
// costs what its work needs and little more. A worker sleeps in `Atomics.wait` on its own word of
// a shared block; a call posts the job on the worker's port, bumps the word and notifies it (no
// event-loop turn on the worker). The worker takes the job with `receiveMessageOnPort`, claims
// chunks from the job's shared counter, and posts back what does not fit in shared memory
// (printed text, errors, results that are not plain data) before bumping the job's FINISHED word.
// The caller, once every chunk is claimed, waits for FINISHED briefly by reading it (the last
// chunks are short), so a frame's par-map usually ends without an await; only a longer wait
// goes through the event loop (the port's message), never a blocking wait on the main thread.

/** Indices of a job's shared words (`ParJob.words`). */
export const W = {
  /** The next chunk to claim. */
  NEXT: 0,
  /** Becomes 1 once the par-map is cancelled or failed: every thread stops at its next element. */
  CANCEL: 1,
  /** How many workers entered the job, plus `CLOSED` once the caller closed it to latecomers. */
  ENTERED: 2,
  /** How many of those have finished and posted their answer. */
  FINISHED: 3,
  /** How many words a job has. */
  COUNT: 4,
} as const;
export const CLOSED = 1 << 24;

/** What each worker is started with; the rest comes with each job. */
export interface PoolWorkerData {
  readonly port: MessagePort;
  /** Word `slot` is bumped (and notified) for each job posted to this worker. */
  readonly wake: Int32Array;
  readonly slot: number;
  readonly heap: SharedHeapDescriptor;
  readonly sourceMaps: boolean;
  readonly randomSeed: number;
  /** The process's deadlock-detection block (threads/idle.ts), when this thread takes part. */
  readonly idle: Int32Array | undefined;
}

/** A message to a pool worker: a job, or `null` to stop. */
export type PoolMessage = ParJob | null;

interface Slot {
  readonly worker: Worker;
  readonly port: MessagePort;
  /** Set once the thread died (an error outside any job, or it exited): the slot is replaced. */
  failure: unknown;
  /** The call waiting on this worker through the event loop, if any. */
  waiter: ((m: ChunkResult | undefined) => void) | undefined;
  /** What the worker last received: it keeps them. */
  modules: ParJob["modules"];
  defs: ParJob["defs"];
}

function sameModules(a: NonNullable<ParJob["modules"]>, b: ParJob["modules"]): boolean {
  return b !== null && a.length === b.length && a.every(([p, u], i) => b[i]![0] === p && b[i]![1] === u);
}

/** How long (ms) at most the caller reads a job's words before it awaits instead. */
export const SPIN_MS = 1;
const SPIN_FLOOR_MS = 0.01;
// Halved after each read that timed out — on a machine with no core to spare, reading holds the
// core the worker needs —, doubled back after one that did not.
let spinBudget = SPIN_MS;

/** Whether `words[i]` reaches `target` within `ms` (and the adaptive budget), read in a loop. */
export function readUntil(words: Int32Array, i: number, target: number, ms: number): boolean {
  if (Atomics.load(words, i) >= target) return true;
  if (ms <= 0) return false;
  const limit = Math.min(ms, spinBudget);
  const until = performance.now() + limit;
  while (Atomics.load(words, i) < target) {
    if (performance.now() >= until) {
      // (A shorter read asked for by the caller says nothing about the machine.)
      if (limit === spinBudget) spinBudget = Math.max(SPIN_FLOOR_MS, spinBudget / 2);
      return false;
    }
  }
  spinBudget = Math.min(SPIN_MS, spinBudget * 2);
  return true;
}

export class ParPool {
  readonly #url: string;
  readonly #setup: () => Omit<PoolWorkerData, "port" | "wake" | "slot">;
  readonly #slots: (Slot | undefined)[] = [];
  // One word per worker, 16 apart so that two workers' words share no cache line.
  readonly #wake: Int32Array;
  // Answers that came through the event loop while no call waited for them (their call takes
  // them next).
  #held: ChunkResult[] = [];

  constructor(url: string, threads: number, setup: () => Omit<PoolWorkerData, "port" | "wake" | "slot">) {
    this.#url = url;
    this.#setup = setup;
    this.#wake = new Int32Array(new SharedArrayBuffer(4 * 16 * Math.max(1, threads)));
  }

  /**
   * Posts `job` to worker `h` (started on first use) and wakes it. Its module list and top-level
   * values cross only when they differ from what that worker last received (most calls).
   */
  post(h: number, job: ParJob): void {
    const slot = this.#slot(h);
    const { modules, defs } = job;
    if (defs === slot.defs && modules !== null && sameModules(modules, slot.modules)) slot.port.postMessage({ ...job, modules: null, defs: null } satisfies PoolMessage);
    else {
      slot.port.postMessage(job satisfies PoolMessage);
      slot.modules = modules;
      slot.defs = defs;
    }
    Atomics.add(this.#wake, 16 * h, 1);
    Atomics.notify(this.#wake, 16 * h, 1);
  }

  /**
   * The answers of workers `0..helpers` to the job of `words`, once each one that entered it has
   * finished: at once when they finish within `spinMs` (read in a loop), else through the event
   * loop. Call it only once no chunk is left to claim (or the job is cancelled): it closes the job
   * to workers that have not entered yet.
   */
  collect(id: number, words: Int32Array, helpers: number, spinMs: number): ChunkResult[] | Promise<ChunkResult[]> {
    this.#call = id;
    const entered = Atomics.add(words, W.ENTERED, CLOSED) & (CLOSED - 1);
    if (readUntil(words, W.FINISHED, entered, spinMs)) {
      // Every answer was posted before its FINISHED: all are on the ports (or held) now.
      for (let h = 0; h < helpers; h++) {
        const slot = this.#slots[h];
        if (slot === undefined) continue;
        for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) this.#keep(m.message as ChunkResult);
      }
      return this.#take();
    }
    return this.#await(helpers, entered);
  }

  /**
   * Waits, through the event loop, until some worker finished the job of `words`: then no chunk
   * is left to claim. For a caller that claims none itself (`inline: false`).
   */
  async firstFinished(id: number, words: Int32Array, helpers: number): Promise<void> {
    this.#call = id;
    // A worker posts its answer just before it bumps FINISHED, and only once no chunk is left.
    while (this.#held.length === 0 && Atomics.load(words, W.FINISHED) === 0) this.#keep(await this.#next(helpers));
  }

  async #await(helpers: number, entered: number): Promise<ChunkResult[]> {
    try {
      while (this.#held.length < entered) this.#keep(await this.#next(helpers));
    } catch (e) {
      this.#held = [];
      throw e;
    }
    return this.#take();
  }

  // The call being collected: an answer to another (one abandoned when a thread died) is dropped.
  #call = 0;
  #keep(m: ChunkResult): void {
    if (m.id === this.#call) this.#held.push(m);
  }
  #take(): ChunkResult[] {
    const out = this.#held;
    this.#held = [];
    if (out.length > 0) this.#warm = true;
    return out;
  }

  #warm = false;
  /** Whether a worker has answered a job: then the pool's threads have loaded the program. */
  get warm(): boolean {
    return this.#warm;
  }

  /** The next answer of any of workers `0..helpers`, through the event loop; throws if one died. */
  #next(helpers: number): Promise<ChunkResult> {
    return new Promise<ChunkResult>((resolve, reject) => {
      const slots: Slot[] = [];
      const done = (m: ChunkResult | undefined, e?: unknown): void => {
        for (const s of slots) {
          s.waiter = undefined;
          s.port.unref();
        }
        if (m !== undefined) resolve(m);
        else reject(e);
      };
      for (let h = 0; h < helpers; h++) {
        const slot = this.#slots[h];
        if (slot === undefined) continue;
        if (slot.failure !== undefined) return done(undefined, slot.failure);
        const m = receiveMessageOnPort(slot.port);
        if (m !== undefined) return done(m.message as ChunkResult);
        slots.push(slot);
      }
      for (const s of slots) {
        s.waiter = (m) => done(m, s.failure);
        // Held open while a call waits on it: a program awaiting its par-map must not exit.
        s.port.ref();
      }
    });
  }

  #slot(h: number): Slot {
    const old = this.#slots[h];
    if (old !== undefined && old.failure === undefined) return old;
    const { port1, port2 } = new MessageChannel();
    const data: PoolWorkerData = { ...this.#setup(), port: port2, wake: this.#wake, slot: 16 * h };
    const worker = new Worker(new URL(this.#url), { workerData: data, transferList: [port2] });
    // An idle pool never keeps the program alive: the threads stay warm for as long as it runs.
    worker.unref();
    const slot: Slot = { worker, port: port1, failure: undefined, waiter: undefined, modules: null, defs: null };
    port1.on("message", (m: ChunkResult) => {
      if (slot.waiter !== undefined) slot.waiter(m);
      else this.#keep(m);
    });
    port1.unref();
    const die = (e: unknown): void => {
      slot.failure ??= e instanceof Error ? e : new Error(`a par-map pool thread failed: ${String(e)}`);
      slot.waiter?.(undefined);
    };
    worker.on("error", die);
    worker.on("exit", (code) => die(new Error(`a par-map pool thread exited with code ${code}`)));
    this.#slots[h] = slot;
    return slot;
  }

  /** Stops every thread and waits for them to exit. */
  async close(): Promise<void> {
    const slots = this.#slots.filter((s): s is Slot => s !== undefined);
    this.#slots.length = 0;
    for (const s of slots) {
      s.failure ??= new Error("the par-map pool was closed");
      s.worker.removeAllListeners("exit");
      s.port.close();
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
