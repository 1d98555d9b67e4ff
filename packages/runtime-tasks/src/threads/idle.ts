import { isMainThread } from "node:worker_threads";

/**
 * Which threads of the process are asleep: the cross-thread half of deadlock detection
 * (LANGUAGE.md §5, as Go's "all goroutines are asleep").
 *
 * A thread is *asleep* when its event loop has nothing left that could wake it (no timer, no
 * I/O: Node emits `beforeExit`) while it still waits for something: its task or scopes are
 * unfinished, it waits on a channel shared with other threads, or on a thread it started. Only
 * another thread can wake it then. The threads (the main thread and every `spawn-thread` worker)
 * share one block of words: a state per thread and the number of threads awake. Whoever
 * completes something a sleeping thread waits for (a channel partner, a child thread finishing,
 * a spawner cancelling) marks it awake *before* going to sleep itself, so the count reaches 0
 * only when every thread sleeps for good: the main thread is told, and reports a deadlock.
 *
 * Nothing here runs on the hot path: a thread touches the block when its event loop empties,
 * when a channel operation completes an operation parked on another thread (already the slow
 * path), and when a thread starts or ends.
 *
 * The state lives on the thread's global object, so that the worker entry and the program's
 * copy of this package (bundled apart) and `@weft/runtime-channels` share it.
 */
const IDLE = Symbol.for("weft.threadIdle");

/** Word 0: how many threads are awake. Then one state word per thread slot. */
const AWAKE_COUNT = 0;
const SLOTS_AT = 1;
const SLOTS = 1023;
/** A slot's state. `WOKEN`: marked awake (and counted) by another thread, not yet by itself. */
const FREE = 0, AWAKE = 1, ASLEEP = 2, WOKEN = 3, EXITED = 4;

/** What a thread needs to take part: the process's block and its own slot in it. */
export interface IdleSeat {
  readonly words: Int32Array;
  readonly slot: number;
}

/** What `@weft/runtime-channels` uses (through the global object; it does not import this package). */
export interface IdleHook {
  /** This thread's slot, recorded in each operation it parks on a shared channel. */
  readonly slot: number;
  /** Marks the thread in `slot` awake: call after completing something it waits for. */
  wake(slot: number): void;
  /**
   * Registers what this thread waits on: `waiting()` says whether it waits on something of this
   * kind; `arrived()` whether such a wait was completed but this thread has not seen it yet.
   */
  watch(waiting: () => boolean, arrived: () => boolean): void;
}

class Idle implements IdleHook {
  readonly words: Int32Array;
  readonly slot: number;
  /** What the thread waits on, and whether one of them already arrived (registered by kind). */
  readonly #kinds: { waiting: () => boolean; arrived: () => boolean }[] = [];
  /** Keeps the event loop alive while the thread sleeps (a pending `waitAsync` does not). */
  #holder: ReturnType<typeof setInterval> | undefined;
  #sleeping = false;
  /** Set by {@link exit}: the slot says EXITED for good (its parent reads it to see the end). */
  #exited = false;
  /** On the main thread: what runs when every thread sleeps. */
  onDeadlock: (() => Promise<void>) | undefined;

  constructor(seat: IdleSeat) {
    this.words = seat.words;
    this.slot = seat.slot;
    process.on("beforeExit", () => this.#loopEmpty());
  }

  wake(slot: number): void {
    wakeSlot(this.words, slot);
  }

  watch(waiting: () => boolean, arrived: () => boolean): void {
    this.#kinds.push({ waiting, arrived });
  }

  /**
   * Something arrived that this thread waits for (a message from a thread it started, a
   * cancellation): if it was asleep, it is awake now, whether or not the sender woke it.
   */
  stir(): void {
    if (this.#sleeping) this.#wakeUp();
  }

  /** Whether this thread waits on something of a registered kind. */
  waiting(): boolean {
    return this.#kinds.some((k) => k.waiting());
  }

  /**
   * A slot for a thread about to start, counted awake; -1 when all are taken (that thread then
   * counts as always awake: a deadlock involving it is not detected, nothing is misreported).
   */
  seatChild(): IdleSeat | undefined {
    for (let s = 1; s < SLOTS; s++) {
      if (Atomics.compareExchange(this.words, SLOTS_AT + s, FREE, AWAKE) === FREE) {
        Atomics.add(this.words, AWAKE_COUNT, 1);
        return { words: this.words, slot: s };
      }
    }
    return undefined;
  }

  /** Whether the child in `slot` has ended (its parent has not yet handled its last message). */
  exited(slot: number): boolean {
    return Atomics.load(this.words, SLOTS_AT + slot) === EXITED;
  }

  /** The parent saw the child in `slot` end (normally or not): frees its slot. */
  release(slot: number): void {
    const was = Atomics.exchange(this.words, SLOTS_AT + slot, FREE);
    if (was === AWAKE || was === WOKEN) this.#leave();
  }

  /**
   * This thread's task has ended and its last message is posted: it stops counting, after waking
   * its parent (which waits for that message), so the count never passes through 0 meanwhile.
   */
  exit(parent: number): void {
    const was = Atomics.exchange(this.words, SLOTS_AT + this.slot, EXITED);
    this.#sleeping = true; // for good: the loop may empty now
    this.#exited = true;
    this.wake(parent);
    if (was === AWAKE || was === WOKEN) this.#leave();
  }

  #leave(): void {
    if (Atomics.sub(this.words, AWAKE_COUNT, 1) === 1) Atomics.notify(this.words, SLOTS_AT + 0);
  }

  /** Whether something this thread waits for has arrived, unseen yet: then it is not asleep. */
  #arrived(): boolean {
    return this.#kinds.some((k) => k.arrived());
  }

  // The event loop has nothing left to run. If the thread still waits for something, it sleeps
  // until another thread wakes it (or, on the main thread, every thread sleeps).
  #loopEmpty(): void {
    if (this.#sleeping || !this.waiting()) return;
    const at = SLOTS_AT + this.slot;
    Atomics.store(this.words, at, ASLEEP);
    // Whoever completes a wait stores that first and then tries to wake this slot; this thread
    // stores ASLEEP first and then looks for completed waits: one of the two sees the other.
    if (this.#arrived()) {
      if (Atomics.exchange(this.words, at, AWAKE) === WOKEN) this.#leave();
      keepTurning();
      return;
    }
    this.#sleeping = true;
    (this.#holder ??= setInterval(() => {}, 1 << 30)).ref();
    this.#leave();
    this.#slept();
  }

  // Asleep: waits until another thread marks this one awake (or, on the main thread, until the
  // count of threads awake reaches 0: a deadlock).
  #slept(): void {
    const at = SLOTS_AT + this.slot;
    for (;;) {
      const state = Atomics.load(this.words, at);
      if (state !== ASLEEP) return this.#wakeUp();
      if (this.slot === 0 && Atomics.load(this.words, AWAKE_COUNT) === 0) {
        this.#wakeUp();
        // The report asks the other threads what they wait on: keep the loop open meanwhile.
        const hold = setInterval(() => {}, 1 << 30);
        void Promise.resolve(this.onDeadlock?.()).finally(() => clearInterval(hold));
        return;
      }
      const wait = waitAsync(this.words, at, ASLEEP);
      if (wait.async) {
        void wait.value.then(() => this.#slept());
        return;
      }
    }
  }

  #wakeUp(): void {
    // A cancel message, or the wait of an earlier sleep, can arrive after the thread ended (its
    // task saw the shared cancel word first): writing AWAKE over EXITED would hide the end from
    // the parent, which could then fall asleep with nobody counted awake and report a deadlock.
    if (this.#exited) return;
    if (Atomics.exchange(this.words, SLOTS_AT + this.slot, AWAKE) === ASLEEP) Atomics.add(this.words, AWAKE_COUNT, 1);
    this.#sleeping = false;
    this.#holder?.unref();
    // What woke this thread (a value a partner handed over, a message) may not have reached its
    // event loop yet, and Node exits a loop left empty by `beforeExit`: keep it turning until then.
    keepTurning();
  }
}

function wakeSlot(words: Int32Array, slot: number): void {
  if (slot < 0) return;
  const at = SLOTS_AT + slot;
  if (Atomics.compareExchange(words, at, ASLEEP, WOKEN) === ASLEEP) {
    Atomics.add(words, AWAKE_COUNT, 1);
    Atomics.notify(words, at);
  }
}

/**
 * A par-map pool thread's part: it never waits (a par-map function cannot suspend: E0320), so it
 * never sleeps and is not counted, but a channel operation it completes — a `try-send`,
 * `try-recv` or `close!` meeting an operation parked by a sleeping thread — must mark that thread
 * awake like any partner does. Otherwise the sleeper runs on (it is woken through the channel
 * itself) while counted asleep, and if it then waits on a timer, the main thread could fall
 * asleep and count nobody awake: a deadlock reported in a program that was about to finish.
 */
class Helper implements IdleHook {
  readonly slot = -1;
  constructor(readonly words: Int32Array) {}
  wake(slot: number): void {
    wakeSlot(this.words, slot);
  }
  watch(): void {}
}

/** On a par-map pool thread: joins the process's block (`words`, from its spawner) as a helper. */
export function joinAsHelper(words: Int32Array): void {
  (globalThis as { [IDLE]?: IdleHook })[IDLE] ??= new Helper(words);
}

// One more turn of the event loop: the loop empties again (and `beforeExit` looks again) unless
// what is on its way has arrived by then.
const keepTurning = (): void => void setTimeout(() => {}, 1);

/** This thread's part in deadlock detection, if it takes part (the main thread, `spawn-thread` workers). */
export function idle(): Idle | undefined {
  const g = globalThis as { [IDLE]?: Idle | Helper };
  if (g[IDLE] === undefined && isMainThread) {
    const words = new Int32Array(new SharedArrayBuffer(4 * (SLOTS_AT + SLOTS)));
    words[AWAKE_COUNT] = 1;
    words[SLOTS_AT] = AWAKE;
    g[IDLE] = new Idle({ words, slot: 0 });
  }
  const me = g[IDLE];
  // A pool thread's helper takes no seat: nothing here watches it or seats its children.
  return me === undefined || me.slot < 0 ? undefined : (me as Idle);
}

/** Joins the process's block on a `spawn-thread` worker, in the seat its parent gave it. */
export function takeSeat(seat: IdleSeat): Idle {
  const g = globalThis as { [IDLE]?: Idle };
  return (g[IDLE] ??= new Idle(seat));
}

/** `Atomics.waitAsync` (ES2024; in Node 20, absent from the ES2023 lib types). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(i32: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;
