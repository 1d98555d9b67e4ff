import {
  decode,
  encode,
  type HandleDescriptor,
  loadEncoded,
  processHeap,
  S,
  type SharedHeap,
  type SharedHeapDescriptor,
  storeEncoded,
} from "@weft/gc";
import type { ChannelCore, LocalCore, Offer, Policy } from "./ChannelCore.js";
import { type Option, none, some } from "./Option.js";
import type { RecvWaiter, SendWaiter, Settles } from "./Pending.js";

// ---- The channel block: Int32 words from its payload (the protocol every thread agrees on). ----
/** Spin lock around the queues; held only for a few list operations, never around user code. */
const LOCK = 0;
/** Bumped (and notified) after every change; parked threads `Atomics.waitAsync` on it. */
const SEQ = 1;
const CLOSED = 2;
/** Capacity, or -1 when unbounded. */
const CAP = 3;
const POLICY = 4;
/** Values in the buffer. */
const COUNT = 5;
/** Three singly linked FIFO lists of records: buffered values, parked senders, parked receivers. */
const BUF_HEAD = 6, BUF_TAIL = 7, SND_HEAD = 8, SND_TAIL = 9, RCV_HEAD = 10, RCV_TAIL = 11;
const CHANNEL_WORDS = 12;

// ---- A record: a heap block with two reference words, then plain words. ----
/** The encoded value's block. */
const R_VALUE = 0;
/** A parked operation's token block (shared by every record of one select); 0 for a buffered value. */
const R_TOKEN = 1;
const R_NEXT = 2;
/** Set by the partner after it filled or took the value: `DONE`, or `SHUT` by close. */
const R_STATE = 3;
const RECORD_BYTES = 16;
/**
 * A token's one word. Whoever CASes it away from `WAITING` completes the operation: a partner on
 * any thread (`DONE`, then it fills that record), `close` (`DONE`, record `SHUT`), or the
 * operation's own thread when it settles otherwise (`CANCELLED`: a timer, an abort, a clause on
 * another channel). So a parked operation completes exactly once, across every channel it waits on.
 */
const WAITING = 0, DONE = 1, SHUT = 2, CANCELLED = 3;
const TOKEN_BYTES = 8;

const POLICIES: readonly Policy[] = ["block", "dropping", "sliding"];

/** What a channel's handle descriptor carries to another thread. */
export interface SharedChannelData {
  readonly heap: SharedHeapDescriptor;
  readonly block: number;
}

type List = readonly [head: number, tail: number];
const BUF: List = [BUF_HEAD, BUF_TAIL];
const SND: List = [SND_HEAD, SND_TAIL];
const RCV: List = [RCV_HEAD, RCV_TAIL];

/**
 * A channel core in the process's shared heap, used by every thread once the channel has crossed
 * one. Values are encoded into heap blocks (`@weft/gc` codec, self-describing) and linked in FIFO
 * lists under a short spin lock; a parked sender or receiver is a record in a list too, whose
 * state word its partner CASes (`WAITING` → `DONE`) when it hands over or takes a value, so an
 * operation completes exactly once. The parked thread learns of it on its event loop: it waits
 * with `Atomics.waitAsync` on the channel's change counter, never with a blocking wait.
 */
export class SharedCore<T> implements ChannelCore<T> {
  readonly heap: SharedHeap;
  readonly block: number;
  readonly #receivers = new Map<number, RecvWaiter<T>>();
  readonly #senders = new Map<number, SendWaiter<T>>();
  #watching = false;

  constructor(heap: SharedHeap, block: number) {
    this.heap = heap;
    this.block = block;
  }

  /** A new shared core with the state of `local` (buffer, then parked waiters), which is left empty. */
  static adopt<T>(local: ChannelCore<T>, heap: SharedHeap = processHeap()): SharedCore<T> {
    const block = heap.alloc(CHANNEL_WORDS * 4);
    const i32 = heap.i32;
    const w = block >> 2;
    for (let i = 0; i < CHANNEL_WORDS; i++) i32[w + i] = 0;
    i32[w + CAP] = Number.isFinite(local.capacity) ? local.capacity : -1;
    i32[w + POLICY] = POLICIES.indexOf(local.policy);
    const core = new SharedCore<T>(heap, block);
    const drained = (local as Partial<LocalCore<T>>).drain?.();
    if (drained !== undefined) {
      for (const v of drained.values) core.#pushBuffered(v);
      for (const [op, waiter] of drained.senders) core.parkSender(op, waiter);
      for (const [op, waiter] of drained.receivers) core.parkReceiver(op, waiter);
    }
    if (local.closed) core.close();
    return core;
  }

  descriptor(): HandleDescriptor {
    const data: SharedChannelData = { heap: this.heap.descriptor(), block: this.block };
    return { kind: "channel", data };
  }

  get capacity(): number {
    const c = this.#load(CAP);
    return c < 0 ? Number.POSITIVE_INFINITY : c;
  }

  get policy(): Policy {
    return POLICIES[this.#load(POLICY)] ?? "block";
  }

  get closed(): boolean {
    return this.#load(CLOSED) !== 0;
  }

  get length(): number {
    return this.#load(COUNT);
  }

  readyToRecv(): boolean {
    return this.#load(COUNT) > 0 || this.#load(CLOSED) !== 0 || this.#anyWaiting(SND);
  }

  readyToSend(): boolean {
    if (this.#load(CLOSED) !== 0 || this.policy !== "block") return true;
    const cap = this.#load(CAP);
    return cap < 0 || this.#load(COUNT) < cap || this.#anyWaiting(RCV);
  }

  poll(): Option<T> | undefined {
    this.#lock();
    return this.#pollLocked();
  }

  /** `poll` with the lock held; releases it. */
  #pollLocked(): Option<T> | undefined {
    if (this.#load(COUNT) > 0) {
      const taken = this.#shift(BUF);
      this.#add(COUNT, -1);
      // A slot opened: the longest-waiting sender's value moves into the buffer.
      const sender = this.#claim(SND);
      if (sender !== 0) {
        this.#push(BUF, sender); // the record itself, value and all, with the list's reference
        this.#add(COUNT, 1);
        this.#complete(sender, DONE);
      }
      this.#unlock();
      this.#changed();
      const value = Atomics.exchange(this.heap.i32, (taken >> 2) + R_VALUE, 0);
      this.heap.release(taken);
      return some(this.#takeValue(value));
    }
    const sender = this.#claim(SND);
    if (sender !== 0) {
      const value = Atomics.exchange(this.heap.i32, (sender >> 2) + R_VALUE, 0);
      this.#complete(sender, DONE);
      this.#unlock();
      this.heap.release(sender);
      this.#changed();
      return some(this.#takeValue(value));
    }
    const closed = this.#load(CLOSED) !== 0;
    this.#unlock();
    return closed ? none : undefined;
  }

  offer(value: T): Offer {
    if (this.#load(CLOSED) !== 0) return "closed";
    const record = this.#record(0, true, value);
    this.#lock();
    return this.#offerLocked(record);
  }

  /** `offer` of a value already in `record` (which it takes over), with the lock held; releases it. */
  #offerLocked(record: number): Offer {
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      this.heap.release(record);
      return "closed";
    }
    // A receiver is parked only while nothing is buffered, so handing over keeps FIFO.
    const receiver = this.#claim(RCV);
    if (receiver !== 0) {
      this.#handOver(record, receiver);
      return "sent";
    }
    const cap = this.#load(CAP);
    if (cap < 0 || this.#load(COUNT) < cap) {
      this.#push(BUF, record);
      this.#add(COUNT, 1);
      this.#unlock();
      this.#changed();
      return "sent";
    }
    if (this.policy === "sliding" && cap > 0) {
      const oldest = this.#shift(BUF);
      this.#push(BUF, record);
      this.#unlock();
      this.heap.release(oldest);
      this.#changed();
      return "sent";
    }
    this.#unlock();
    this.heap.release(record);
    return this.policy === "block" ? "full" : "dropped";
  }

  parkReceiver(operation: Settles, waiter: RecvWaiter<T>): void {
    if (operation.settled) return;
    const token = tokenOf(this.heap, operation);
    const record = this.#record(token, false);
    const i32 = this.heap.i32;
    this.#lock();
    // Ready since the caller polled (another thread moved): complete now, if still ours to complete.
    if (this.#load(COUNT) > 0 || this.#load(CLOSED) !== 0) {
      this.heap.release(record);
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) return this.#unlock();
      const message = this.#pollLocked() ?? none; // cannot miss: the lock is held and it was ready
      deliver(() => waiter.receive(message));
      return;
    }
    const sender = this.#claim(SND);
    if (sender !== 0) {
      this.heap.release(record);
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) return this.#giveBack(SND, sender);
      const value = Atomics.exchange(i32, (sender >> 2) + R_VALUE, 0);
      this.#complete(sender, DONE);
      this.#unlock();
      this.heap.release(sender);
      this.#changed();
      const message = some(this.#takeValue(value));
      deliver(() => waiter.receive(message));
      return;
    }
    this.#push(RCV, record);
    this.heap.retain(record); // the list's reference and this thread's
    this.#unlock();
    this.#changed();
    this.#receivers.set(record, waiter);
    operation.onSettle(() => this.#leave(this.#receivers, record));
    this.#watch();
  }

  parkSender(operation: Settles, waiter: SendWaiter<T>): void {
    if (operation.settled) return;
    const token = tokenOf(this.heap, operation);
    const record = this.#record(token, true, waiter.value);
    const i32 = this.heap.i32;
    this.#lock();
    const cap = this.#load(CAP);
    if (this.#load(CLOSED) !== 0 || cap < 0 || this.#load(COUNT) < cap) {
      // Closed, or room since the caller offered: complete now, if still ours to complete.
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) {
        this.#unlock();
        this.heap.release(record);
        return;
      }
      const offered = this.#offerLocked(record); // "sent" or "closed": the lock is held
      deliver(() => (offered === "closed" ? waiter.closed() : waiter.sent()));
      return;
    }
    const receiver = this.#claim(RCV);
    if (receiver !== 0) {
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) {
        this.heap.release(record);
        return this.#giveBack(RCV, receiver);
      }
      this.#handOver(record, receiver);
      deliver(() => waiter.sent());
      return;
    }
    this.#push(SND, record);
    this.heap.retain(record);
    this.#unlock();
    this.#changed();
    this.#senders.set(record, waiter);
    operation.onSettle(() => this.#leave(this.#senders, record));
    this.#watch();
  }

  /**
   * A partner claimed for an operation that, in the meantime, settled elsewhere: the partner's
   * operation goes back to waiting, at the front of its list. (Its records on other channels may
   * have been dropped meanwhile; it still waits here.) Releases the lock.
   */
  #giveBack(list: List, partner: number): void {
    const i32 = this.heap.i32;
    Atomics.store(i32, i32[(partner >> 2) + R_TOKEN]! >> 2, WAITING);
    this.#unshift(list, partner);
    this.#unlock();
  }

  close(): void {
    this.#lock();
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      return;
    }
    Atomics.store(this.heap.i32, (this.block >> 2) + CLOSED, 1);
    for (const list of [RCV, SND]) {
      for (let r = this.#claim(list); r !== 0; r = this.#claim(list)) {
        this.#complete(r, SHUT);
        this.heap.release(r);
      }
    }
    this.#unlock();
    this.#changed();
  }

  // ---- this thread's parked operations ----

  /** Settles every local waiter whose record a partner (or close) has completed. */
  #settleLocal(): void {
    const i32 = this.heap.i32;
    for (const [record, waiter] of this.#receivers) {
      const state = Atomics.load(i32, (record >> 2) + R_STATE);
      if (state === WAITING) continue;
      this.#receivers.delete(record);
      const value = Atomics.exchange(i32, (record >> 2) + R_VALUE, 0);
      this.heap.release(record);
      const message = state === DONE ? some(this.#takeValue(value)) : none;
      deliver(() => waiter.receive(message));
    }
    for (const [record, waiter] of this.#senders) {
      const state = Atomics.load(i32, (record >> 2) + R_STATE);
      if (state === WAITING) continue;
      this.#senders.delete(record);
      this.heap.release(record);
      deliver(() => (state === DONE ? waiter.sent() : waiter.closed()));
    }
  }

  /** One `waitAsync` per core per thread while anything is parked here. */
  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    keepAlive(1);
    const i32 = this.heap.i32;
    const at = (this.block >> 2) + SEQ;
    const loop = (): void => {
      for (;;) {
        const seen = Atomics.load(i32, at);
        this.#settleLocal();
        if (this.#receivers.size === 0 && this.#senders.size === 0) {
          this.#watching = false;
          keepAlive(-1);
          return;
        }
        const wait = waitAsync(i32, at, seen);
        if (wait.async) {
          void wait.value.then(loop);
          return;
        }
      }
    };
    queueMicrotask(loop);
  }

  /**
   * The operation settled (delivered here, or elsewhere: its token then says `CANCELLED`, so no
   * partner can complete this record any more). Drops this thread's reference; the list's goes
   * when a partner skips the record.
   */
  #leave(parked: Map<number, unknown>, record: number): void {
    if (parked.delete(record)) this.heap.release(record);
  }

  // ---- values and records ----

  /** A record for operation `token` (0 for a buffered value), holding `value` if `hasValue`. */
  #record(token: number, hasValue: boolean, value?: T): number {
    const heap = this.heap;
    const v = hasValue ? storeEncoded(heap, encode(value, S.any)) : 0;
    const record = heap.alloc(RECORD_BYTES, 2);
    const i32 = heap.i32;
    i32[(record >> 2) + R_NEXT] = 0;
    i32[(record >> 2) + R_STATE] = WAITING;
    if (v !== 0) heap.setRef(record, R_VALUE, v);
    if (token !== 0) {
      heap.retain(token);
      heap.setRef(record, R_TOKEN, token);
    }
    return record;
  }

  #pushBuffered(value: T): void {
    const record = this.#record(0, true, value);
    this.#lock();
    this.#push(BUF, record);
    this.#add(COUNT, 1);
    this.#unlock();
  }

  #takeValue(v: number): T {
    try {
      return decode<T>(loadEncoded(this.heap, v), S.any);
    } finally {
      this.heap.release(v);
    }
  }

  // ---- the lists (callers hold the lock) ----

  /**
   * Moves `record`'s value into a parked `receiver` and completes it. Called with the lock held;
   * releases it, then both records, and wakes threads waiting for a change.
   */
  #handOver(record: number, receiver: number): void {
    const i32 = this.heap.i32;
    Atomics.store(i32, (receiver >> 2) + R_VALUE, Atomics.exchange(i32, (record >> 2) + R_VALUE, 0));
    this.#complete(receiver, DONE);
    this.#unlock();
    this.heap.release(receiver);
    this.heap.release(record);
    this.#changed();
  }

  /**
   * Removes parked records from the front of `list` until one whose operation it can claim
   * (token `WAITING` → `DONE`); returns it with the list's reference, or 0. Records of operations
   * that completed elsewhere are dropped on the way.
   */
  #claim(list: List): number {
    const i32 = this.heap.i32;
    for (let r = this.#shift(list); r !== 0; r = this.#shift(list)) {
      const token = i32[(r >> 2) + R_TOKEN]!;
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) === WAITING) return r;
      this.heap.release(r);
    }
    return 0;
  }

  /** Tells the parked thread its record is done (`DONE`, or `SHUT` by close), after the value moved. */
  #complete(record: number, state: number): void {
    Atomics.store(this.heap.i32, (record >> 2) + R_STATE, state);
  }

  #anyWaiting(list: List): boolean {
    const i32 = this.heap.i32;
    for (let r = Atomics.load(i32, (this.block >> 2) + list[0]); r !== 0; r = Atomics.load(i32, (r >> 2) + R_NEXT)) {
      if (Atomics.load(i32, i32[(r >> 2) + R_TOKEN]! >> 2) === WAITING) return true;
    }
    return false;
  }

  #push(list: List, r: number): void {
    const i32 = this.heap.i32;
    const w = this.block >> 2;
    Atomics.store(i32, (r >> 2) + R_NEXT, 0);
    const tail = Atomics.load(i32, w + list[1]);
    if (tail === 0) Atomics.store(i32, w + list[0], r);
    else Atomics.store(i32, (tail >> 2) + R_NEXT, r);
    Atomics.store(i32, w + list[1], r);
  }

  #unshift(list: List, r: number): void {
    const i32 = this.heap.i32;
    const w = this.block >> 2;
    const head = Atomics.load(i32, w + list[0]);
    Atomics.store(i32, (r >> 2) + R_NEXT, head);
    Atomics.store(i32, w + list[0], r);
    if (head === 0) Atomics.store(i32, w + list[1], r);
  }

  #shift(list: List): number {
    const i32 = this.heap.i32;
    const w = this.block >> 2;
    const r = Atomics.load(i32, w + list[0]);
    if (r === 0) return 0;
    const next = Atomics.load(i32, (r >> 2) + R_NEXT);
    Atomics.store(i32, w + list[0], next);
    if (next === 0) Atomics.store(i32, w + list[1], 0);
    return r;
  }

  // ---- words ----

  #load(word: number): number {
    return Atomics.load(this.heap.i32, (this.block >> 2) + word);
  }

  #add(word: number, n: number): void {
    Atomics.add(this.heap.i32, (this.block >> 2) + word, n);
  }

  #lock(): void {
    const i32 = this.heap.i32;
    const at = (this.block >> 2) + LOCK;
    while (Atomics.compareExchange(i32, at, 0, 1) !== 0) {
      // Held for a few list operations by another thread: spin.
    }
  }

  #unlock(): void {
    Atomics.store(this.heap.i32, (this.block >> 2) + LOCK, 0);
  }

  #changed(): void {
    const i32 = this.heap.i32;
    const at = (this.block >> 2) + SEQ;
    Atomics.add(i32, at, 1);
    Atomics.notify(i32, at);
    if (this.#receivers.size > 0 || this.#senders.size > 0) this.#settleLocal();
  }
}

// Every parked operation's token, made by the first shared core it parks on and shared by every
// record it parks (one per select clause). Its guard claims it for the operation's own thread
// when it settles otherwise — unless it is settling with what a partner already delivered.
const tokens = new WeakMap<Settles, number>();
let delivering = false;

function tokenOf(heap: SharedHeap, operation: Settles): number {
  let token = tokens.get(operation);
  if (token !== undefined) return token;
  const t = heap.alloc(TOKEN_BYTES);
  Atomics.store(heap.i32, t >> 2, WAITING);
  tokens.set(operation, t);
  operation.guard(() => delivering || Atomics.compareExchange(heap.i32, t >> 2, WAITING, CANCELLED) === WAITING);
  operation.onSettle(() => heap.release(t));
  return (token = t);
}

/** Settles a waiter with what a partner (or this thread, having claimed the token) completed. */
function deliver(settle: () => unknown): void {
  const was = delivering;
  delivering = true;
  try {
    settle();
  } finally {
    delivering = was;
  }
}

// A pending `Atomics.waitAsync` does not keep a thread's event loop alive: a worker parked on a
// channel would exit. While any core on this thread is watching, a timer holds the loop open.
let watchers = 0;
let holder: ReturnType<typeof setInterval> | undefined;
function keepAlive(delta: number): void {
  watchers += delta;
  if (watchers > 0 && holder === undefined) holder = setInterval(() => {}, 1 << 30);
  else if (watchers === 0 && holder !== undefined) {
    clearInterval(holder);
    holder = undefined;
  }
}

/** `Atomics.waitAsync` (ES2024; in Node 20, absent from the ES2023 lib types). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(i32: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;
