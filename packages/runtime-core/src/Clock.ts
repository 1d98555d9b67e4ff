/**
 * The one clock every runtime timer goes through (`sleep`, `timeout`, select's `after`,
 * `now-ms`), so `weft test` can swap in virtual time (LANGUAGE.md §9). The current clock lives
 * under a global symbol rather than in a module variable: the test runner, the compiled program
 * and each runtime package may load separate copies of this module, and all must agree.
 */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `fire` once `ms` have passed; the handle cancels it. */
  setTimer(ms: number, fire: () => void): unknown;
  clearTimer(handle: unknown): void;
  /** Calls `f` on the next macrotask turn, after the other ready tasks, due timers and I/O. */
  nextTurn(f: () => void): void;
}

const CURRENT = Symbol.for("weft.clock");
type Holder = { [CURRENT]?: Clock };

// A timer of 0 ms or less. Node runs `setTimeout(f, 0)` as `setTimeout(f, 1)`, in the order the
// timers were set, so `(timeout 0 (sleep 1))` let the sleep win; virtual time (and the spec's
// order of deadlines) fires the 0 ms one first. An immediate runs before the next timers phase.
class Immediate {
  constructor(readonly handle: ReturnType<typeof setImmediate>) {}
}

/** Real time: Node's timers and `performance.now()`. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fire) => (ms > 0 ? setTimeout(fire, ms) : new Immediate(setImmediate(fire))),
  clearTimer: (handle) => (handle instanceof Immediate ? clearImmediate(handle.handle) : clearTimeout(handle as ReturnType<typeof setTimeout>)),
  nextTurn: (f) => void setImmediate(f),
};

/** The clock of this thread: virtual inside `weft test`, else {@link realClock}. */
export function clock(): Clock {
  return (globalThis as Holder)[CURRENT] ?? realClock;
}

/** Makes `c` this thread's clock (`undefined`: real time again). */
export function useClock(c: Clock | undefined): void {
  if (c === undefined) delete (globalThis as Holder)[CURRENT];
  else (globalThis as Holder)[CURRENT] = c;
}

interface VirtualTimer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/**
 * Virtual time with Trio's autojump (Go's `synctest`): time stands still while any task can
 * run, and once every task waits, it jumps to the next timer and fires it. "Every task waits"
 * means a macrotask turn passed in which nothing asked for another turn (a `yield`, a channel's
 * fairness turn): microtasks have drained, so only timers and outside events can wake a task.
 * Waiting on another thread or on I/O counts as waiting, so time jumps meanwhile.
 */
export class VirtualClock implements Clock {
  #now = 0;
  #seq = 0;
  readonly #timers = new Map<number, VirtualTimer>();
  // Turns asked for through nextTurn: a task that yields is running, not waiting.
  #turns = 0;
  #pumpScheduled = false;

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fire: () => void): unknown {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#now + Math.max(0, ms), seq, fire });
    this.#schedulePump();
    return seq;
  }

  clearTimer(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  nextTurn(f: () => void): void {
    this.#turns++;
    setImmediate(f);
  }

  /** Timers not fired yet. */
  get pending(): number {
    return this.#timers.size;
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    const turns = this.#turns;
    setImmediate(() => this.#pump(turns));
  }

  #pump(turnsBefore: number): void {
    this.#pumpScheduled = false;
    if (this.#timers.size === 0) return;
    // Something still runs: look again after its turn.
    if (this.#turns !== turnsBefore) return this.#schedulePump();
    let next: VirtualTimer | undefined;
    for (const t of this.#timers.values()) if (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    this.#now = Math.max(this.#now, next!.at);
    // Every timer due at the new time fires in the order it was set, as Node fires due timers.
    const due = [...this.#timers.values()].filter((t) => t.at <= this.#now).sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const t of due) {
      this.#timers.delete(t.seq);
      t.fire();
    }
    if (this.#timers.size > 0) this.#schedulePump();
  }
}
