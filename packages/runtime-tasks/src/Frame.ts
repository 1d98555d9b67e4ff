import { setMaxListeners } from "node:events";
import { isMainThread } from "node:worker_threads";
import { attendNow } from "./attention.js";
import { Cancelled, toCancelled } from "./Cancelled.js";
import type { Scope } from "./Scope.js";

/** What a suspended frame runs when it is cancelled: it rejects the wait with a Cancelled. */
export type Waker = (reason: unknown) => void;

/**
 * Where code runs: a task, or the body of a `with-tasks` scope. Cancellation is a flag on the
 * tree of frames, set by {@link Frame.cancel}, which walks down to the scopes nested in it and
 * wakes the one wait (join, sleep) the frame is suspended in. Nothing is allocated for it while
 * nobody cancels: no `AbortController`, no listener. A standard `AbortSignal` is made only when
 * something asks for {@link Frame.signal} (a channel operation, a library API).
 */
export class Frame {
  // Every field is assigned once in the constructor (`declare`, no class-field initialisers and
  // no `#private` fields): a task is made per spawn, and defining fields costs about half again
  // as much as assigning them.
  /** Set once the frame is cancelled: what it raises at its next suspension point. */
  declare cancelled: boolean;
  /** The `Cancelled` (or foreign abort reason) the frame was cancelled with. */
  declare reason: unknown;
  /** @internal The scope `spawn` joins while this frame runs (a scope body: itself). */
  declare spawnScope: Scope | undefined;
  private declare waker: Waker | undefined;
  // What most frames never need, allocated on first use so a task stays a small record.
  private declare extra: { controller?: AbortController; wakers?: Set<Waker>; nested?: Set<Frame>; parkedAt?: string } | undefined;

  constructor(spawnScope?: Scope) {
    this.cancelled = false;
    this.reason = undefined;
    this.spawnScope = spawnScope;
    this.waker = undefined;
    this.extra = undefined;
  }

  /** The frame's cancellation as a standard signal, made on first use and aborted with {@link reason}. */
  get signal(): AbortSignal {
    const extra = (this.extra ??= {});
    if (extra.controller === undefined) {
      extra.controller = new AbortController();
      // A signal may be handed to many concurrent operations (every clause of a select, a
      // Promise.all of sleeps); Node would warn past 10 abort listeners.
      setMaxListeners(0, extra.controller.signal);
      if (this.cancelled) extra.controller.abort(this.reason);
    }
    return extra.controller.signal;
  }

  /** @internal Whether `signal` is this frame's own (made already). */
  owns(signal: AbortSignal | undefined): boolean {
    return signal !== undefined && this.extra?.controller?.signal === signal;
  }

  /**
   * Cancels this frame and every scope nested in it: sets the flag, wakes its wait with `reason`
   * and aborts its signal if one was made. Cancelling twice keeps the first reason.
   */
  cancel(reason: unknown): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.reason = reason;
    attendNow();
    const extra = this.extra;
    extra?.controller?.abort(reason);
    const waker = this.waker;
    if (waker !== undefined) {
      this.waker = undefined;
      waker(reason);
    }
    if (extra?.wakers !== undefined) {
      const all = [...extra.wakers];
      extra.wakers = undefined;
      for (const w of all) w(reason);
    }
    if (extra?.nested !== undefined) for (const scope of [...extra.nested]) scope.cancel(toCancelled(reason));
  }

  /** Throws the frame's `Cancelled` if it was cancelled. */
  throwIfCancelled(): void {
    if (this.cancelled) throw toCancelled(this.reason);
  }

  /** @internal Registers the wait this frame is suspended in, to be woken by a cancellation. */
  suspend(waker: Waker): void {
    if (this.waker === undefined) this.waker = waker;
    else ((this.extra ??= {}).wakers ??= new Set()).add(waker);
  }

  /** @internal The wait ended by itself. */
  resume(waker: Waker): void {
    if (this.waker === waker) this.waker = undefined;
    else this.extra?.wakers?.delete(waker);
    this.unpark();
  }

  /** @internal The wait {@link parkAt} named has ended: a stale site must not reach a deadlock report. */
  unpark(): void {
    if (this.extra !== undefined) this.extra.parkedAt = undefined;
  }

  /**
   * @internal Records the Weft location of the wait this frame just parked in (compiled code
   * calls it on the park branch only, so an operation that answers at once records nothing);
   * cleared when the wait ends.
   */
  parkAt(at: string): void {
    (this.extra ??= {}).parkedAt = at;
  }

  /** @internal Where the frame is parked, when compiled code recorded it (see {@link parkAt}). */
  get parkedAt(): string | undefined {
    return this.extra?.parkedAt;
  }

  /** @internal Whether the frame is suspended in a wait of this package (a join, a sleep). */
  get waiting(): boolean {
    return this.waker !== undefined || (this.extra?.wakers !== undefined && this.extra.wakers.size > 0);
  }

  /** @internal A scope opened inside this frame: cancelled with it. */
  adopt(scope: Frame): void {
    ((this.extra ??= {}).nested ??= new Set()).add(scope);
  }

  /** @internal */
  release(scope: Frame): void {
    this.extra?.nested?.delete(scope);
  }

  /** @internal The scopes open inside this frame (the deadlock report walks them). */
  nested(): Iterable<Frame> {
    return this.extra?.nested ?? [];
  }
}

/**
 * The frame of the code running now, for compiled code: set by the runtime when it starts a
 * task or a scope body, and restored by compiled code after each of its `await`s (each
 * suspending function keeps its own frame in a local, `$task`, taken on entry), so no
 * `AsyncLocalStorage` is needed.
 */
export let current: Frame | undefined;

/** @internal */
export function setCurrent(frame: Frame | undefined): void {
  current = frame;
}

// runtime-core's functions that await a callback (`mapAsync`, `reduceAsync`, …) restore their
// caller's frame before each call through these (its Frames.ts).
(globalThis as { [k: symbol]: unknown })[Symbol.for("weft.frames")] = {
  current: (): Frame | undefined => current,
  resume: (frame: Frame | undefined): void => {
    current = frame;
  },
};

// On a `spawn-thread` worker: the thread task's frame and the shared word its spawner sets
// (with Atomics.store) to cancel it, so a busy loop sees it without reading a message. Kept on
// the thread's global object: the worker entry and the program's copy of this package (bundled
// apart) must agree.
const THREAD_TASK = Symbol.for("weft.threadTask");
interface ThreadTask {
  readonly root: Frame;
  readonly flag: Int32Array | undefined;
}
// (A symbol property of the global object is a slow lookup: the main thread, which never runs a
// thread task, skips it.)
const threadTask = isMainThread ? (): undefined => undefined : (): ThreadTask | undefined => (globalThis as { [THREAD_TASK]?: ThreadTask })[THREAD_TASK];

/** @internal Set by the worker entry before it runs the task. */
export function setThreadRoot(root: Frame, flag: Int32Array | undefined): void {
  (globalThis as { [THREAD_TASK]?: ThreadTask })[THREAD_TASK] = { root, flag };
}

/** The frame that suspension points honour: the current one, else this thread's task. */
export function activeFrame(): Frame | undefined {
  return current ?? threadTask()?.root;
}

/** The thread task's frame on a `spawn-thread` worker; `undefined` elsewhere. */
export function threadFrame(): Frame | undefined {
  return threadTask()?.root;
}

/** Whether this thread runs a `spawn-thread` task whose spawner can cancel it through the shared word. */
export function threadFlagged(): boolean {
  return threadTask()?.flag !== undefined;
}

/**
 * Cancels this thread's task if its spawner set the shared flag. Cheap (one atomic load), so
 * `check-cancelled` can call it in a busy loop.
 */
export function pollThreadCancel(): void {
  const t = threadTask();
  if (t?.flag !== undefined && !t.root.cancelled && Atomics.load(t.flag, 0) !== 0) t.root.cancel(new Cancelled("task cancelled: its scope ended"));
}
