import {
  boxedSlot,
  decode,
  EMPTY_BITS,
  encode,
  type HandleDescriptor,
  inlineBits,
  inlineValue,
  loadEncoded,
  processHeap,
  refBits,
  refOf,
  S,
  type SharedHeap,
  type SharedHeapDescriptor,
  storeEncoded,
} from "@weft/gc";
import type { ChannelCore, LocalCore, Offer, Policy } from "./ChannelCore.js";
import { type Option, none, some } from "./Option.js";
import type { RecvWaiter, SendWaiter, Settles } from "./Pending.js";

// ---- The channel block: Int32 words from its payload (the protocol every thread agrees on). ----
/** Pointer word: the ring of buffered values (a heap block of NaN-boxed slots), 0 for capacity 0. */
const RING = 0;
/** Spin lock around the ring and the lists; held only for a few word operations, never around user code. */
const LOCK = 1;
/** Bumped after every change; a parked thread `Atomics.waitAsync`s on it. */
const SEQ = 2;
const CLOSED = 3;
/** Capacity, or -1 when unbounded. */
const CAP = 4;
const POLICY = 5;
/** Values in the ring, and the ring index of the oldest. */
const COUNT = 6, HEAD = 7;
/** Slots in the ring (an unbounded channel's ring doubles when full). */
const SIZE = 8;
/** Two singly linked FIFO lists of records: parked senders, parked receivers. */
const SND_HEAD = 9, SND_TAIL = 10, RCV_HEAD = 11, RCV_TAIL = 12;
/** Threads asleep in `waitAsync` on SEQ: a change notifies only when there is one. */
const SLEEPERS = 13;
/**
 * A bounded channel's ring is lock-free (a Vyukov MPMC queue): senders claim positions from ENQ,
 * receivers from DEQ, each word on a cache line of its own, and each slot carries a sequence
 * word. The lock is then taken only to park, to hand over to a parked partner, or to close.
 */
const ENQ = 16, DEQ = 32;
const CHANNEL_WORDS = 48;
/** The first ring of an unbounded channel. */
const UNBOUNDED_RING = 64;

// ---- A record (a parked operation on this channel): one pointer word, one boxed slot. ----
/** The operation's token block (shared by every record of one select). */
const R_TOKEN = 0;
const R_NEXT = 1;
/** Set by the partner after it filled or took the value: `DONE`, or `SHUT` by close. */
const R_STATE = 4;
/** The value (boxedWord): a parked sender's, or what a partner handed a parked receiver. */
const recordValue = (record: number): number => boxedSlot(record, 1, 0) >> 3;
const RECORD_BYTES = 20;
/**
 * A token's one word. Whoever CASes it away from `WAITING` completes the operation: a partner on
 * any thread (`DONE`, then it fills that record), `close` (`DONE`, record `SHUT`), or the
 * operation's own thread when it settles otherwise (`CANCELLED`: a timer, an abort, a clause on
 * another channel). So a parked operation completes exactly once, across every channel it waits on.
 */
const WAITING = 0, DONE = 1, SHUT = 2, CANCELLED = 3;
/** A token's second word: the operation's thread's seat in deadlock detection, plus 1 (0: none). */
const T_OWNER = 1;
const TOKEN_BYTES = 8;
/**
 * How long a thread watches SEQ for a change before it sleeps in `waitAsync`: a partner on another
 * core usually answers within microseconds (ping-pong), while a `waitAsync` wake-up goes through
 * the event loop and costs tens of microseconds or more.
 */
const SPIN_MS = 0.05;

const POLICIES: readonly Policy[] = ["block", "dropping", "sliding"];

/** What a channel's handle descriptor carries to another thread. */
export interface SharedChannelData {
  readonly heap: SharedHeapDescriptor;
  readonly block: number;
  /** The block the handle keeps alive: the channel block (see `@weft/gc`'s HandleTable). */
  readonly ref: number;
  /** Read back from a stored value, which keeps its own reference. */
  readonly borrowed?: boolean;
}

type List = readonly [head: number, tail: number];
const SND: List = [SND_HEAD, SND_TAIL];
const RCV: List = [RCV_HEAD, RCV_TAIL];

/**
 * A channel core in the process's shared heap, used by every thread once the channel has crossed
 * one. Buffered values sit in a ring of NaN-boxed 64-bit slots (`@weft/gc`'s boxedWord): an Int,
 * Float, Bool or Unit is written into its slot as it is, anything else is encoded with the codec
 * into a heap block the slot references. The ring, its counters and two FIFO lists of parked
 * operations are guarded by a spin lock held for a few word operations; a parked sender or
 * receiver is a record whose operation token its partner CASes (`WAITING` → `DONE`), so an
 * operation completes exactly once. A parked thread learns of it on its event loop: it spins
 * briefly on the channel's change counter, then waits with `Atomics.waitAsync`, never with a
 * blocking wait; a change notifies only when some thread sleeps there.
 */
export class SharedCore<T> implements ChannelCore<T> {
  readonly heap: SharedHeap;
  readonly block: number;
  readonly #receivers = new Map<number, RecvWaiter<T>>();
  readonly #senders = new Map<number, SendWaiter<T>>();
  #watching = false;
  /** Whether this operation completed a parked record, which is what watchers wait for. */
  #completed = false;
  // Views covering the channel block and its ring, kept here: the heap's getters check for growth
  // on every call, which costs more than the word operation itself. Renewed when the ring moves.
  #i32: Int32Array;
  #b64: BigInt64Array;

  constructor(heap: SharedHeap, block: number) {
    this.heap = heap;
    this.block = block;
    this.#i32 = heap.i32;
    this.#b64 = heap.b64;
  }

  /** Whether the ring is the lock-free one (a bounded channel with room for at least one value). */
  get #fast(): boolean {
    return this.#load(CAP) > 0;
  }

  /** The views, renewed if the ring (which an unbounded channel may have moved) lies past them. */
  #ringViews(): void {
    const w = this.block >> 2;
    if (this.#i32[w + RING]! + 8 * this.#i32[w + SIZE]! > 8 * this.#b64.length) {
      this.#i32 = this.heap.i32;
      this.#b64 = this.heap.b64;
    }
  }

  /** A new shared core with the state of `local` (buffer, then parked waiters), which is left empty. */
  static adopt<T>(local: ChannelCore<T>, heap: SharedHeap = processHeap()): SharedCore<T> {
    const cap = Number.isFinite(local.capacity) ? local.capacity : -1;
    // The lock-free ring needs a power of two, and at least 2 (with one slot, "full at p" and
    // "empty, ready for p + 1" are the same sequence number); capacity still bounds what it holds.
    const size = cap < 0 ? UNBOUNDED_RING : cap === 0 ? 0 : Math.max(2, 2 ** Math.ceil(Math.log2(cap)));
    const block = heap.alloc(CHANNEL_WORDS * 4, 1);
    const i32 = heap.i32;
    const w = block >> 2;
    for (let i = 1; i < CHANNEL_WORDS; i++) i32[w + i] = 0;
    i32[w + CAP] = cap;
    i32[w + POLICY] = POLICIES.indexOf(local.policy);
    i32[w + SIZE] = size;
    if (cap < 0) heap.setRef(block, RING, heap.alloc(size * 8, 0, size));
    else if (cap > 0) {
      // Slot i: a sequence word (initially i, in a boxed slot's low half: its high half 0 is no
      // reference), then the value's boxed slot.
      const ring = heap.alloc(size * 16, 0, 2 * size);
      const r32 = heap.i32;
      for (let i = 0; i < size; i++) {
        r32[(ring >> 2) + 4 * i] = i;
        r32[(ring >> 2) + 4 * i + 1] = 0;
      }
      heap.setRef(block, RING, ring);
    }
    const core = new SharedCore<T>(heap, block);
    const drained = (local as Partial<LocalCore<T>>).drain?.();
    if (drained !== undefined) {
      for (const v of drained.values) {
        const bits = core.#bitsOf(v);
        core.#lock();
        core.#ringPush(bits);
        core.#unlock();
      }
      for (const [op, waiter] of drained.senders) core.parkSender(op, waiter);
      for (const [op, waiter] of drained.receivers) core.parkReceiver(op, waiter);
    }
    if (local.closed) core.close();
    return core;
  }

  /**
   * Before the channel block's last reference goes (nothing else can reach it): releases the
   * records still in its lists — operations that settled elsewhere and that no partner skipped.
   * The ring, and the values in it, go with the block.
   */
  static discardParked(heap: SharedHeap, block: number): void {
    const i32 = heap.i32;
    const w = block >> 2;
    for (const head of [SND_HEAD, RCV_HEAD]) {
      for (let r = i32[w + head]!; r !== 0; ) {
        const next = i32[(r >> 2) + R_NEXT]!;
        heap.release(r);
        r = next;
      }
      i32[w + head] = 0;
    }
  }

  descriptor(): HandleDescriptor {
    const data: SharedChannelData = { heap: this.heap.descriptor(), block: this.block, ref: this.block };
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
    return this.#ringCount();
  }

  readyToRecv(): boolean {
    return this.#ringCount() > 0 || this.#load(CLOSED) !== 0 || this.#anyWaiting(SND);
  }

  readyToSend(): boolean {
    if (this.#load(CLOSED) !== 0 || this.policy !== "block") return true;
    return this.#room() || this.#anyWaiting(RCV);
  }

  poll(): Option<T> | undefined {
    if (this.#fast) {
      const bits = this.#deq();
      if (bits !== null) {
        // A sender parked meanwhile on a full ring: move it in (or it parked after this took a
        // slot and saw the ring full: it checks again itself).
        if (this.#load(SND_HEAD) !== 0) this.#rebalanceNow();
        return some(this.#valueOf(bits));
      }
    }
    this.#lock();
    return this.#pollLocked();
  }

  /** `poll` with the lock held; releases it. */
  #pollLocked(): Option<T> | undefined {
    if (this.#fast) {
      // Every value passes through the ring, parked senders' too, so FIFO holds: a sender that
      // parked on a full ring moves in behind the values already there.
      this.#rebalance();
      const bits = this.#ringShift();
      if (bits !== null) this.#rebalance();
      const closed = this.#load(CLOSED) !== 0;
      this.#unlock();
      this.#changed();
      return bits !== null ? some(this.#valueOf(bits)) : closed ? none : undefined;
    }
    const bits = this.#ringShift();
    if (bits !== null) {
      // A slot opened: the longest-waiting senders' values move into it.
      this.#rebalance();
      this.#unlock();
      this.#changed();
      return some(this.#valueOf(bits));
    }
    const sender = this.#claim(SND);
    if (sender !== 0) {
      const bits = Atomics.exchange(this.heap.b64, recordValue(sender), EMPTY_BITS);
      this.#complete(sender, DONE);
      this.#unlock();
      this.heap.release(sender);
      this.#changed();
      return some(this.#valueOf(bits));
    }
    const closed = this.#load(CLOSED) !== 0;
    this.#unlock();
    return closed ? none : undefined;
  }

  offer(value: T): Offer {
    if (this.#load(CLOSED) !== 0) return "closed";
    const bits = this.#bitsOf(value);
    // A receiver is parked only on an empty ring: with none, the value goes in without the lock.
    if (this.#fast && this.#load(RCV_HEAD) === 0 && this.#enq(bits)) {
      // A receiver that parked meanwhile may have missed it: pair them up.
      if (this.#load(RCV_HEAD) !== 0) this.#rebalanceNow();
      return "sent";
    }
    this.#lock();
    const offered = this.#offerLocked(bits);
    if (offered !== "sent") this.#drop(bits);
    return offered;
  }

  /**
   * `offer` of a value already encoded as `bits`, with the lock held; releases it. On "sent" the
   * channel owns the bits (and the block they may reference); otherwise the caller still does.
   */
  #offerLocked(bits: bigint): Offer {
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      return "closed";
    }
    if (this.#fast) {
      // Into the ring behind what is there; parked receivers are then served from it in order.
      this.#rebalance();
      if (this.#ringPush(bits)) {
        this.#rebalance();
        this.#unlock();
        this.#changed();
        return "sent";
      }
    }
    // A receiver is parked only while nothing is buffered, so handing over keeps FIFO. (On a
    // lock-free ring that holds only under the lock: there, everything goes through the ring.)
    const receiver = this.#fast ? 0 : this.#claim(RCV);
    if (receiver !== 0) {
      Atomics.store(this.heap.b64, recordValue(receiver), bits);
      this.#complete(receiver, DONE);
      this.#unlock();
      this.heap.release(receiver);
      this.#changed();
      return "sent";
    }
    if (this.#ringPush(bits)) {
      this.#unlock();
      this.#changed();
      return "sent";
    }
    if (this.policy === "sliding" && this.#load(CAP) > 0) {
      const dropped: bigint[] = [];
      for (;;) {
        const oldest = this.#ringShift();
        if (oldest !== null) dropped.push(oldest);
        if (this.#ringPush(bits)) break;
      }
      this.#unlock();
      for (const d of dropped) this.#drop(d);
      this.#changed();
      return "sent";
    }
    this.#unlock();
    return this.policy === "block" ? "full" : "dropped";
  }

  parkReceiver(operation: Settles, waiter: RecvWaiter<T>): void {
    if (operation.settled) return;
    const token = tokenOf(this.heap, operation);
    const record = this.#record(token, EMPTY_BITS);
    const i32 = this.heap.i32;
    this.#lock();
    // Ready since the caller polled (another thread moved): complete now, if still ours to complete.
    // (A lock-free ring may be emptied by another receiver at any instant: a value there is
    // paired with the parked receivers after this one joins them, by `#rebalance`.)
    if ((!this.#fast && this.#ringCount() > 0) || this.#load(CLOSED) !== 0) {
      this.heap.release(record);
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) return this.#unlock();
      const message = this.#pollLocked() ?? none; // cannot miss: the lock is held and it was ready
      deliver(() => waiter.receive(message));
      return;
    }
    const sender = this.#fast ? 0 : this.#claim(SND);
    if (sender !== 0) {
      this.heap.release(record);
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) return this.#giveBack(SND, sender);
      const bits = Atomics.exchange(this.heap.b64, recordValue(sender), EMPTY_BITS);
      this.#complete(sender, DONE);
      this.#unlock();
      this.heap.release(sender);
      this.#changed();
      const message = some(this.#valueOf(bits));
      deliver(() => waiter.receive(message));
      return;
    }
    this.#push(RCV, record);
    this.heap.retain(record); // the list's reference and this thread's
    this.#rebalance(); // a value that a lock-free sender put in meanwhile
    this.#unlock();
    this.#changed();
    this.#receivers.set(record, waiter);
    operation.onSettle(() => this.#leave(this.#receivers, record));
    this.#watch();
  }

  parkSender(operation: Settles, waiter: SendWaiter<T>): void {
    if (operation.settled) return;
    const token = tokenOf(this.heap, operation);
    const record = this.#record(token, this.#bitsOf(waiter.value));
    const i32 = this.heap.i32;
    const b64 = this.heap.b64;
    this.#lock();
    if (this.#load(CLOSED) !== 0 || (!this.#fast && this.#room())) {
      // Closed, or room since the caller offered (a lock-free ring's room is used by `#rebalance`
      // once this sender is parked, since other senders may fill it at any instant): complete now, if still ours to complete.
      const bits = Atomics.exchange(b64, recordValue(record), EMPTY_BITS);
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) {
        this.#unlock();
        this.#drop(bits);
      } else {
        const offered = this.#offerLocked(bits); // "sent" or "closed": the lock is held
        if (offered !== "sent") this.#drop(bits);
        deliver(() => (offered === "closed" ? waiter.closed() : waiter.sent()));
      }
      this.heap.release(record);
      return;
    }
    const receiver = this.#fast ? 0 : this.#claim(RCV);
    if (receiver !== 0) {
      if (Atomics.compareExchange(i32, token >> 2, WAITING, DONE) !== WAITING) {
        this.#giveBack(RCV, receiver);
      } else {
        Atomics.store(b64, recordValue(receiver), Atomics.exchange(b64, recordValue(record), EMPTY_BITS));
        this.#complete(receiver, DONE);
        this.#unlock();
        this.heap.release(receiver);
        this.#changed();
        deliver(() => waiter.sent());
      }
      this.heap.release(record);
      return;
    }
    this.#push(SND, record);
    this.heap.retain(record); // the list's reference and this thread's
    this.#rebalance(); // room that a lock-free receiver made meanwhile
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
    this.#requeue(list, partner);
    this.#unlock();
  }

  /** `#giveBack` without releasing the lock. */
  #requeue(list: List, partner: number): void {
    const i32 = this.heap.i32;
    Atomics.store(i32, i32[(partner >> 2) + R_TOKEN]! >> 2, WAITING);
    this.#unshift(list, partner);
  }

  /**
   * With the lock held: pairs parked receivers with buffered values, and parked senders with
   * room in the ring. Lock-free senders and receivers can leave either pair behind for an instant
   * (each checks the lists after its ring operation, and each parking operation calls this after
   * joining its list: with sequentially consistent atomics one of the two sees the other).
   */
  #rebalance(): void {
    for (let moved = true; moved; ) moved = this.#serveReceivers() + this.#admitSenders() > 0;
  }

  /** Hands buffered values to parked receivers, oldest first; returns how many. */
  #serveReceivers(): number {
    const b64 = this.heap.b64;
    let n = 0;
    while (this.#load(RCV_HEAD) !== 0 && this.#ringCount() > 0) {
      const receiver = this.#claim(RCV);
      if (receiver === 0) break;
      const bits = this.#ringShift();
      if (bits === null) {
        this.#requeue(RCV, receiver);
        break;
      }
      Atomics.store(b64, recordValue(receiver), bits);
      this.#complete(receiver, DONE);
      this.heap.release(receiver);
      n++;
    }
    return n;
  }

  /** Moves parked senders' values into the ring while it has room; returns how many. */
  #admitSenders(): number {
    const b64 = this.heap.b64;
    let n = 0;
    while (this.#load(SND_HEAD) !== 0 && this.#room()) {
      const sender = this.#claim(SND);
      if (sender === 0) break;
      const bits = Atomics.exchange(b64, recordValue(sender), EMPTY_BITS);
      if (!this.#ringPush(bits)) {
        Atomics.store(b64, recordValue(sender), bits);
        this.#requeue(SND, sender);
        break;
      }
      this.#complete(sender, DONE);
      this.heap.release(sender);
      n++;
    }
    return n;
  }

  #rebalanceNow(): void {
    this.#lock();
    this.#rebalance();
    this.#unlock();
    this.#changed();
  }

  close(): void {
    this.#lock();
    if (this.#load(CLOSED) !== 0) {
      this.#unlock();
      return;
    }
    Atomics.store(this.heap.i32, (this.block >> 2) + CLOSED, 1);
    const done: number[] = [];
    for (const list of [RCV, SND]) {
      for (let r = this.#claim(list); r !== 0; r = this.#claim(list)) {
        this.#complete(r, SHUT);
        done.push(r);
      }
    }
    this.#unlock();
    for (const r of done) this.heap.release(r);
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
      const bits = Atomics.exchange(this.heap.b64, recordValue(record), EMPTY_BITS);
      this.heap.release(record);
      const message = state === DONE ? some(this.#valueOf(bits)) : none;
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

  /**
   * One watcher per core per thread while anything is parked here: it spins briefly on the change
   * counter (a partner on another core usually answers within microseconds), then sleeps in
   * `waitAsync`, counted in SLEEPERS so that changes notify only when someone sleeps.
   */
  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    keepAlive(1);
    watching.add(this);
    const i32 = this.#i32;
    const at = (this.block >> 2) + SEQ;
    const sleepers = (this.block >> 2) + SLEEPERS;
    const loop = (): void => {
      for (;;) {
        const seen = Atomics.load(i32, at);
        this.#settleLocal();
        if (this.#receivers.size === 0 && this.#senders.size === 0) {
          this.#watching = false;
          keepAlive(-1);
          watching.delete(this);
          return;
        }
        if (spinUntilChanged(i32, at, seen)) continue;
        Atomics.add(i32, sleepers, 1);
        const wait = waitAsync(i32, at, seen);
        if (wait.async) {
          void wait.value.then(() => {
            Atomics.sub(i32, sleepers, 1);
            loop();
          });
          return;
        }
        Atomics.sub(i32, sleepers, 1);
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

  /** A value as a slot word: itself when it fits, else a reference to it encoded in a new block. */
  #bitsOf(value: T): bigint {
    return inlineBits(value) ?? refBits(storeEncoded(this.heap, encode(value, S.any)));
  }

  /** The value of a slot word this thread took over; frees its block. */
  #valueOf(bits: bigint): T {
    const p = refOf(bits);
    if (p === 0) return inlineValue(bits) as T;
    try {
      return decode<T>(loadEncoded(this.heap, p), S.any);
    } finally {
      this.heap.release(p);
    }
  }

  /** Frees what a slot word this thread owns references. */
  #drop(bits: bigint): void {
    const p = refOf(bits);
    if (p !== 0) this.heap.release(p);
  }

  /** A record for operation `token` holding `bits` (which it takes over). */
  #record(token: number, bits: bigint): number {
    const heap = this.heap;
    const record = heap.alloc(RECORD_BYTES, 1, 1);
    const i32 = heap.i32;
    i32[(record >> 2) + R_NEXT] = 0;
    i32[(record >> 2) + R_STATE] = WAITING;
    heap.b64[recordValue(record)] = bits;
    heap.retain(token);
    heap.setRef(record, R_TOKEN, token);
    return record;
  }

  // ---- the ring ----

  /** Values in the ring now. */
  #ringCount(): number {
    if (this.#fast) return Math.max(0, (this.#load(ENQ) - this.#load(DEQ)) | 0);
    return this.#load(COUNT);
  }

  /** Whether the ring has room for another value (never for a rendezvous channel). */
  #room(): boolean {
    const cap = this.#load(CAP);
    return cap < 0 || this.#ringCount() < cap;
  }

  /** Adds a value to the ring if there is room (the lock is held unless the ring is lock-free). */
  #ringPush(bits: bigint): boolean {
    if (this.#fast) return this.#enq(bits);
    if (!this.#room()) return false;
    this.#pushRing(bits);
    return true;
  }

  /** Takes the oldest value from the ring, or `null` (the lock is held unless the ring is lock-free). */
  #ringShift(): bigint | null {
    if (this.#fast) return this.#deq();
    return this.#load(COUNT) > 0 ? this.#shiftRing() : null;
  }

  /** Lock-free enqueue (Vyukov): `false` when the ring holds `capacity` values. */
  #enq(bits: bigint): boolean {
    const i32 = this.#i32;
    const w = this.block >> 2;
    const cap = i32[w + CAP]!;
    const ring = i32[w + RING]!;
    const mask = i32[w + SIZE]! - 1;
    let pos = Atomics.load(i32, w + ENQ);
    for (;;) {
      if (((pos - Atomics.load(i32, w + DEQ)) | 0) >= cap) return false;
      const slot = (ring >> 2) + 4 * (pos & mask);
      const dif = (Atomics.load(i32, slot) - pos) | 0;
      if (dif === 0) {
        const seen = Atomics.compareExchange(i32, w + ENQ, pos, (pos + 1) | 0);
        if (seen === pos) {
          Atomics.store(this.#b64, (slot >> 1) + 1, bits);
          Atomics.store(i32, slot, (pos + 1) | 0);
          return true;
        }
        pos = seen;
      } else if (dif < 0) return false;
      else pos = Atomics.load(i32, w + ENQ);
    }
  }

  /** Lock-free dequeue (Vyukov): the oldest value's word, or `null` when the ring is empty. */
  #deq(): bigint | null {
    const i32 = this.#i32;
    const w = this.block >> 2;
    const ring = i32[w + RING]!;
    const mask = i32[w + SIZE]! - 1;
    let pos = Atomics.load(i32, w + DEQ);
    for (;;) {
      const slot = (ring >> 2) + 4 * (pos & mask);
      const dif = (Atomics.load(i32, slot) - ((pos + 1) | 0)) | 0;
      if (dif === 0) {
        const seen = Atomics.compareExchange(i32, w + DEQ, pos, (pos + 1) | 0);
        if (seen === pos) {
          const bits = Atomics.exchange(this.#b64, (slot >> 1) + 1, EMPTY_BITS);
          Atomics.store(i32, slot, (pos + mask + 1) | 0);
          return bits;
        }
        pos = seen;
      } else if (dif < 0) return null;
      else pos = Atomics.load(i32, w + DEQ);
    }
  }

  // ---- the locked ring of an unbounded channel (callers hold the lock) ----

  #pushRing(bits: bigint): void {
    const w = this.block >> 2;
    let size = this.#i32[w + SIZE]!;
    const count = this.#i32[w + COUNT]!;
    if (count === size) size = this.#growRing(size);
    this.#ringViews();
    const i32 = this.#i32;
    Atomics.store(this.#b64, (i32[w + RING]! >> 3) + ((i32[w + HEAD]! + count) % size), bits);
    Atomics.store(i32, w + COUNT, count + 1);
  }

  #shiftRing(): bigint {
    this.#ringViews();
    const i32 = this.#i32;
    const w = this.block >> 2;
    const head = i32[w + HEAD]!;
    const bits = Atomics.exchange(this.#b64, (i32[w + RING]! >> 3) + head, EMPTY_BITS);
    i32[w + HEAD] = (head + 1) % i32[w + SIZE]!;
    Atomics.store(i32, w + COUNT, i32[w + COUNT]! - 1);
    return bits;
  }

  /** An unbounded channel's full ring moves, in order, into one twice its size. */
  #growRing(size: number): number {
    const heap = this.heap;
    const w = this.block >> 2;
    const bigger = heap.alloc(size * 16, 0, size * 2);
    const b64 = heap.b64;
    const i32 = heap.i32;
    const ring = i32[w + RING]! >> 3;
    const head = i32[w + HEAD]!;
    for (let i = 0; i < size; i++) b64[(bigger >> 3) + i] = Atomics.exchange(b64, ring + ((head + i) % size), EMPTY_BITS);
    heap.setRef(this.block, RING, bigger);
    i32[w + HEAD] = 0;
    i32[w + SIZE] = size * 2;
    return size * 2;
  }

  // ---- the lists (callers hold the lock) ----

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
    const i32 = this.heap.i32;
    // Read before the state: once it is stored, the owner may settle and free the token.
    const owner = Atomics.load(i32, (i32[(record >> 2) + R_TOKEN]! >> 2) + T_OWNER);
    Atomics.store(i32, (record >> 2) + R_STATE, state);
    this.#completed = true;
    // After the state (the owner, falling asleep, looks at its records after saying so).
    if (owner !== 0) idleHook()?.wake(owner - 1);
  }

  /** Whether this thread has an operation parked here (its watcher may outlive the last one). */
  parked(): boolean {
    return this.#receivers.size > 0 || this.#senders.size > 0;
  }

  /** Whether a partner (or close) has completed an operation this thread parked here, unseen yet. */
  arrived(): boolean {
    const i32 = this.heap.i32;
    for (const record of this.#receivers.keys()) if (Atomics.load(i32, (record >> 2) + R_STATE) !== WAITING) return true;
    for (const record of this.#senders.keys()) if (Atomics.load(i32, (record >> 2) + R_STATE) !== WAITING) return true;
    return false;
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
    return Atomics.load(this.#i32, (this.block >> 2) + word);
  }

  #lock(): void {
    const i32 = this.#i32;
    const at = (this.block >> 2) + LOCK;
    while (Atomics.compareExchange(i32, at, 0, 1) !== 0) {
      // Held for a few word operations by another thread: spin.
    }
  }

  #unlock(): void {
    Atomics.store(this.#i32, (this.block >> 2) + LOCK, 0);
  }

  /**
   * After an operation: if it completed a parked record, bumps the change counter (and wakes
   * watchers only if one sleeps); a plain push or take into the ring touches no other word.
   */
  #changed(): void {
    if (this.#completed) {
      this.#completed = false;
      const i32 = this.#i32;
      const w = this.block >> 2;
      Atomics.add(i32, w + SEQ, 1);
      if (Atomics.load(i32, w + SLEEPERS) > 0) Atomics.notify(i32, w + SEQ);
    }
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
  Atomics.store(heap.i32, (t >> 2) + T_OWNER, (idleHook()?.slot ?? -1) + 1);
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
// channel would exit. While any core on this thread is watching, a timer holds the loop open —
// unless the thread takes part in deadlock detection (`@weft/runtime-tasks`' threads/idle.ts):
// then the loop may empty, and the thread sleeps there until a partner wakes it, so that a
// program where every thread waits on a channel nobody can send to is reported, not hung.
let watchers = 0;
let holder: ReturnType<typeof setInterval> | undefined;
const watching = new Set<SharedCore<unknown>>();
let watchedByIdle = false;
function keepAlive(delta: number): void {
  watchers += delta;
  if (watchers > 0 && holder === undefined) {
    holder = setInterval(() => {}, 1 << 30);
    const idle = idleHook();
    if (idle !== undefined) {
      holder.unref();
      if (!watchedByIdle) {
        watchedByIdle = true;
        idle.watch(
          () => [...watching].some((core) => core.parked()),
          () => [...watching].some((core) => core.arrived()),
        );
      }
    }
  } else if (watchers === 0 && holder !== undefined) {
    clearInterval(holder);
    holder = undefined;
  }
}

/** Whether word `at` moved off `seen` within {@link SPIN_MS} (the clock is read every 64 loads). */
function spinUntilChanged(i32: Int32Array, at: number, seen: number): boolean {
  const until = performance.now() + SPIN_MS;
  for (let n = 1; ; n++) {
    if (Atomics.load(i32, at) !== seen) return true;
    if ((n & 63) === 0 && performance.now() > until) return false;
  }
}

/**
 * The deadlock detector's view of this thread, when the task runtime set one up (it owns the
 * protocol; this package only reports its parked operations and wakes their threads).
 */
interface IdleHook {
  readonly slot: number;
  wake(slot: number): void;
  watch(waiting: () => boolean, arrived: () => boolean): void;
}
const IDLE = Symbol.for("weft.threadIdle");
const idleHook = (): IdleHook | undefined => (globalThis as { [IDLE]?: IdleHook })[IDLE];

/** `Atomics.waitAsync` (ES2024; in Node 20, absent from the ES2023 lib types). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(i32: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;
