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

// ---- A record: a heap block with one reference word (the encoded value's block), then plain words. ----
const R_VALUE = 0;
const R_NEXT = 1;
const R_STATE = 2;
const RECORD_BYTES = 12;
/** A parked sender or receiver still waiting; the partner that CASes it away decides its fate. */
const WAITING = 0, DONE = 1, SHUT = 2, CANCELLED = 3;

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
    let taken = 0; // a record whose value is ours (its list reference too)
    let value = 0; // or a bare value block
    if (this.#load(COUNT) > 0) {
      taken = this.#shift(BUF);
      this.#add(COUNT, -1);
      // A slot opened: the longest-waiting sender's record moves into the buffer, value and all.
      const sender = this.#claim(SND);
      if (sender !== 0) {
        this.#push(BUF, sender);
        this.#add(COUNT, 1);
      }
    } else {
      const sender = this.#claim(SND);
      if (sender !== 0) {
        value = Atomics.exchange(this.heap.i32, (sender >> 2) + R_VALUE, 0);
        this.#unlock();
        this.heap.release(sender);
        this.#changed();
        return some(this.#takeValue(value));
      }
      const closed = this.#load(CLOSED) !== 0;
      this.#unlock();
      return closed ? none : undefined;
    }
    this.#unlock();
    this.#changed();
    value = Atomics.exchange(this.heap.i32, (taken >> 2) + R_VALUE, 0);
    this.heap.release(taken);
    return some(this.#takeValue(value));
  }

  offer(value: T): Offer {
    if (this.#load(CLOSED) !== 0) return "closed";
    const record = this.#record(value);
    this.#lock();
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      this.heap.release(record);
      return "closed";
    }
    // A receiver is parked only while nothing is buffered, so handing over keeps FIFO.
    const i32 = this.heap.i32;
    for (let r = this.#shift(RCV); r !== 0; r = this.#shift(RCV)) {
      if (Atomics.load(i32, (r >> 2) + R_STATE) === WAITING) {
        const v = Atomics.exchange(i32, (record >> 2) + R_VALUE, 0);
        Atomics.store(i32, (r >> 2) + R_VALUE, v);
        if (Atomics.compareExchange(i32, (r >> 2) + R_STATE, WAITING, DONE) === WAITING) {
          this.#unlock();
          this.heap.release(r);
          this.heap.release(record);
          this.#changed();
          return "sent";
        }
        Atomics.store(i32, (record >> 2) + R_VALUE, Atomics.exchange(i32, (r >> 2) + R_VALUE, 0));
      }
      this.heap.release(r);
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
    for (;;) {
      if (operation.settled) return;
      const record = this.heap.alloc(RECORD_BYTES, 1);
      this.heap.i32[(record >> 2) + R_STATE] = WAITING;
      this.#lock();
      if (this.#load(COUNT) > 0 || this.#load(CLOSED) !== 0 || this.#anyWaiting(SND)) {
        // Became ready since the caller polled: complete now instead of parking.
        this.#unlock();
        this.heap.release(record);
        const message = this.poll();
        if (message === undefined) continue;
        waiter.receive(message);
        return;
      }
      this.heap.retain(record); // the list's reference; this thread keeps the other
      this.#push(RCV, record);
      this.#unlock();
      this.#changed();
      this.#receivers.set(record, waiter);
      operation.onSettle(() => this.#leaveRecv(record));
      this.#watch();
      return;
    }
  }

  parkSender(operation: Settles, waiter: SendWaiter<T>): void {
    for (;;) {
      if (operation.settled) return;
      const record = this.#record(waiter.value);
      this.#lock();
      const cap = this.#load(CAP);
      if (this.#load(CLOSED) !== 0 || cap < 0 || this.#load(COUNT) < cap || this.#anyWaiting(RCV)) {
        // Closed, or room or a receiver appeared since the caller offered: complete now.
        this.#unlock();
        this.heap.release(record);
        const offered = this.offer(waiter.value);
        if (offered === "full") continue;
        if (offered === "closed") waiter.closed();
        else waiter.sent();
        return;
      }
      this.heap.retain(record);
      this.#push(SND, record);
      this.#unlock();
      this.#changed();
      this.#senders.set(record, waiter);
      operation.onSettle(() => this.#leaveSend(record));
      this.#watch();
      return;
    }
  }

  close(): void {
    this.#lock();
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      return;
    }
    Atomics.store(this.heap.i32, (this.block >> 2) + CLOSED, 1);
    const i32 = this.heap.i32;
    for (const list of [RCV, SND]) {
      for (let r = this.#shift(list); r !== 0; r = this.#shift(list)) {
        Atomics.compareExchange(i32, (r >> 2) + R_STATE, WAITING, SHUT);
        this.heap.release(r);
      }
    }
    this.#unlock();
    this.#changed();
    this.#settleLocal();
  }

  // ---- this thread's parked operations ----

  /** Settles every local waiter whose record a partner (or close) has decided. */
  #settleLocal(): void {
    const i32 = this.heap.i32;
    for (const [record, waiter] of this.#receivers) {
      const state = Atomics.load(i32, (record >> 2) + R_STATE);
      if (state === WAITING) continue;
      this.#receivers.delete(record);
      if (state === DONE) {
        const v = Atomics.exchange(i32, (record >> 2) + R_VALUE, 0);
        this.heap.release(record);
        waiter.receive(some(this.#takeValue(v)));
      } else {
        this.heap.release(record);
        waiter.receive(none);
      }
    }
    for (const [record, waiter] of this.#senders) {
      const state = Atomics.load(i32, (record >> 2) + R_STATE);
      if (state === WAITING) continue;
      this.#senders.delete(record);
      this.heap.release(record);
      if (state === DONE) waiter.sent();
      else waiter.closed();
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

  /** The receiver's operation settled: withdraw its record, or put back a value it was handed. */
  #leaveRecv(record: number): void {
    if (!this.#receivers.delete(record)) return;
    const i32 = this.heap.i32;
    const state = Atomics.compareExchange(i32, (record >> 2) + R_STATE, WAITING, CANCELLED);
    if (state === DONE) {
      // A sender handed it a value after the operation settled elsewhere (a select's other
      // clause, an abort): the value goes back to the front of the buffer, not lost.
      Atomics.store(i32, (record >> 2) + R_STATE, WAITING);
      this.#lock();
      this.#unshift(BUF, record);
      this.#add(COUNT, 1);
      this.#unlock();
      this.#changed();
      return;
    }
    this.heap.release(record);
  }

  /** The sender's operation settled (abort, another select clause): withdraw its record. */
  #leaveSend(record: number): void {
    if (!this.#senders.delete(record)) return;
    // If a receiver took it first the value was delivered: that cannot be undone, and is not lost.
    Atomics.compareExchange(this.heap.i32, (record >> 2) + R_STATE, WAITING, CANCELLED);
    this.heap.release(record);
  }

  // ---- values and records ----

  #record(value: T): number {
    const v = storeEncoded(this.heap, encode(value, S.any));
    const record = this.heap.alloc(RECORD_BYTES, 1);
    const i32 = this.heap.i32;
    i32[(record >> 2) + R_STATE] = WAITING;
    this.heap.setRef(record, R_VALUE, v);
    return record;
  }

  #pushBuffered(value: T): void {
    const record = this.#record(value);
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

  /** Removes parked records from the front of `list` until one is claimed (`WAITING` → `DONE`). */
  #claim(list: List): number {
    const i32 = this.heap.i32;
    for (let r = this.#shift(list); r !== 0; r = this.#shift(list)) {
      if (Atomics.compareExchange(i32, (r >> 2) + R_STATE, WAITING, DONE) === WAITING) return r;
      this.heap.release(r);
    }
    return 0;
  }

  #anyWaiting(list: List): boolean {
    const i32 = this.heap.i32;
    for (let r = Atomics.load(i32, (this.block >> 2) + list[0]); r !== 0; r = Atomics.load(i32, (r >> 2) + R_NEXT)) {
      if (Atomics.load(i32, (r >> 2) + R_STATE) === WAITING) return true;
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
