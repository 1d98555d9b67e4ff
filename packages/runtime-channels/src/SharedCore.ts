import {
  boxedSlot,
  decode,
  EMPTY_BITS,
  encode,
  type HandleDescriptor,
  inlineBits,
  inlineValue,
  loadEncoded,
  plainLayout,
  type PlainLayout,
  processHeap,
  refBits,
  refOf,
  S,
  type Schema,
  type SharedHeap,
  type SharedHeapDescriptor,
  storeEncoded,
} from "@weft/gc";
import { type ChannelCore, CLOSED as DRAINED, EMPTY, type LocalCore, type Offer, type Policy } from "./ChannelCore.js";
import { type Option, none, some } from "./Option.js";
import type { RecvWaiter, SendWaiter, Settles } from "./Pending.js";

// ---- The channel block: Int32 words from its payload (the protocol every thread agrees on). ----
/** Pointer word: the ring of buffered values (a heap block of NaN-boxed slots), 0 for capacity 0. */
const RING = 0;
/**
 * Two singly linked FIFO lists of records: parked senders, parked receivers. The heads are pointer
 * words, and so is each record's link: the list owns its records as a chain, so that whichever
 * release frees the channel block — a thread's last object, or a stored value naming the channel
 * freed inside another block — frees the records still in its lists with it. The tails do not own.
 */
const SND_HEAD = 1, RCV_HEAD = 2;
/** How many of the block's first words are pointers (`RING`, `SND_HEAD`, `RCV_HEAD`). */
const CHANNEL_REFS = 3;
/** Spin lock around the ring and the lists; held only for a few word operations, never around user code. */
const LOCK = 3;
/** Bumped after every change; a parked thread `Atomics.waitAsync`s on it. */
const SEQ = 4;
const CLOSED = 5;
/** Capacity, or -1 when unbounded. */
const CAP = 6;
const POLICY = 7;
/** An unbounded channel's value count, and the index of the oldest in its head segment. */
const COUNT = 8, HEAD = 9;
/** Slots in a bounded channel's ring (a power of two), or in each segment of an unbounded one. */
const SIZE = 10;
const SND_TAIL = 11, RCV_TAIL = 12;
/** Threads asleep in `waitAsync` on SEQ: a change notifies only when there is one. */
const SLEEPERS = 13;
/**
 * A lock-free ring's slot, in bytes: a sequence word (padded to 8), then the value — a boxed word
 * (16 in all), or a plain-data struct's fields in its fixed layout (8 + its size). 0 when the
 * values sit in segments instead (unbounded, or a capacity too large for one ring block).
 */
const STRIDE = 14;
/**
 * A bounded channel's ring is lock-free (a Vyukov MPMC queue): senders claim positions from ENQ,
 * receivers from DEQ, each word on a cache line of its own, and each slot carries a sequence
 * word. The lock is then taken only to park, to hand over to a parked partner, or to close.
 */
const ENQ = 16, DEQ = 32;
/**
 * An unbounded channel's values sit in a chain of segments (RING is the head, owned through the
 * chain: each segment's pointer word owns the next), appended to at TAIL_SEG (not an owning word),
 * TAIL_N slots of which are used. A drained head segment is freed at once, so memory follows the
 * backlog both ways and there is no cap but the heap's.
 */
const TAIL_SEG = 17, TAIL_N = 18;
/**
 * Counters of the slow paths, on a line of their own (benchmarks and tests read them through
 * {@link SharedCore.parkCounts}): operations that parked a record, and watcher sleeps in `waitAsync`.
 * Bumped only where an operation parks or a thread falls asleep, which costs far more.
 */
const RECV_PARKS = 48, SEND_PARKS = 49, SLEEPS = 50;
const CHANNEL_WORDS = 64;
/** The largest lock-free ring, in bytes (well inside the heap's largest block, ~1 MiB). */
const MAX_RING_BYTES = 512 * 1024;
/** The most boxed slots one heap block holds (`@weft/gc`'s block header counts them in 16 bits). */
const MAX_BOXED = 0xffff;
/** Slots per segment of an unbounded channel (8 KiB of values). */
const SEGMENT_SLOTS = 1024;
const SEGMENT_BYTES = 8 + 8 * SEGMENT_SLOTS;
/**
 * Where position `i` (0 ≤ i < size) of a lock-free ring lies: consecutive positions are spread a
 * quarter of the ring apart, so a sender writing one slot and a receiver just behind it never
 * share a 64-byte cache line (with 16-byte slots, four neighbours would), and the line does not
 * bounce between their cores on every message. A bijection on the ring; small rings stay as they are.
 */
export const ringIndex = (i: number, size: number): number => (size >= 16 ? (i & 3) * (size >> 2) + (i >> 2) : i);

/** Slot `i` of segment `seg`, as a BigInt64 index (after the segment's one pointer word, padded to 8). */
const segmentSlot = (seg: number, i: number): number => (seg >> 3) + 1 + i;

// ---- A record (a parked operation on this channel): two pointer words, one boxed slot. ----
/** The operation's token block (shared by every record of one select). */
const R_TOKEN = 0;
/** The next record in its list (a pointer word: the list owns its records as a chain), or 0. */
const R_NEXT = 1;
const RECORD_REFS = 2;
/** Set by the partner after it filled or took the value: `DONE`, or `SHUT` by close. */
const R_STATE = 4;
/** The value (boxedWord): a parked sender's, or what a partner handed a parked receiver. */
const recordValue = (record: number): number => boxedSlot(record, RECORD_REFS, 0) >> 3;
const RECORD_BYTES = 20;
/**
 * A token's one word. Whoever CASes it away from `WAITING` completes the operation: a partner on
 * any thread (`CLAIMED`, then `DONE` once it has filled that record), `close` (likewise, record
 * `SHUT`), or the operation's own thread when it settles otherwise (`CANCELLED`: a timer, an
 * abort, a clause on another channel). So a parked operation completes exactly once, across every
 * channel it waits on.
 *
 * `CLAIMED` is a partner's decision in progress, under its channel's lock: it may still find no
 * value (or no room) for the operation after all and put the token back to `WAITING`. So a CAS
 * from `WAITING` that meets `CLAIMED` waits it out ({@link claimToken}) rather than taking it for
 * the operation's end: a cancel refused that way, or a select's record dropped from another
 * channel's list, would leave the operation waiting with nothing left to wake it.
 */
const WAITING = 0, DONE = 1, SHUT = 2, CANCELLED = 3, CLAIMED = 4;
/** A token's second word: the operation's thread's seat in deadlock detection, plus 1 (0: none). */
const T_OWNER = 1;
const TOKEN_BYTES = 8;
/**
 * How long a thread spins at most, in the ordinary way, before it parks or sleeps (see `#spun`): a
 * partner on another core usually answers within microseconds (ping-pong), while a `waitAsync`
 * wake-up goes through the event loop and costs tens of microseconds or more.
 */
const SPIN_MS = 0.05;
/**
 * The length of a probe (see `#spun`), and the most a budget may grow to after one paid: longer
 * than a partner's wake-up from `waitAsync` on an idle core (through its event loop, ~50–100 µs),
 * so that a thread that has just woken its partner can wait for it to come back rather than fall
 * asleep in turn.
 */
const PROBE_MS = 0.25;
/** The shortest spin: the adaptive budget never drops below it. */
const MIN_SPIN_MS = 0.001;
/** Every this many short spins (at first), one spin lasts {@link PROBE_MS}, to find out whether a long spin pays again. */
const PROBE_EVERY = 8;
/** The longest interval between probes: it doubles after each probe that saw nothing. */
const MAX_PROBE_EVERY = 256;
/**
 * The smallest lock-free ring that probes: a convoy cycle moves a whole ring of values, ~100 µs of
 * work per side at 1,024, so a probe every few cycles costs little beside it; with a ring of a
 * few slots (ping-pong) a cycle is one value, and a probe that fails (a partner descheduled on a
 * loaded machine) cost more than the round trip itself (measured: round trips 10–50% slower).
 */
const PROBE_MIN_RING = 256;

const POLICIES: readonly Policy[] = ["block", "dropping", "sliding"];

/** What a channel's handle descriptor carries to another thread. */
export interface SharedChannelData {
  readonly heap: SharedHeapDescriptor;
  readonly block: number;
  /** The block the handle keeps alive: the channel block (see `@weft/gc`'s HandleTable). */
  readonly ref: number;
  /** Read back from a stored value, which keeps its own reference. */
  readonly borrowed?: boolean;
  /** The element type, when it is a plain-data struct whose fields the ring's slots hold inline. */
  readonly schema?: Schema;
}

/** The layout a channel of `schema` keeps inline in its ring's slots, or `null` (boxed slots). */
export function slotLayout(schema: Schema | undefined): PlainLayout | null {
  if (schema === undefined || schema.k !== "type") return null;
  // By value, not by object: each `(channel Vec4 n)` evaluation may build its own schema object.
  const key = JSON.stringify(schema);
  const hit = layouts.get(key);
  if (hit !== undefined) return hit;
  let layout: PlainLayout | null;
  try {
    layout = plainLayout(schema);
  } catch {
    // A type this thread has not registered (yet): not cached, so a later registration counts.
    return null;
  }
  layouts.set(key, layout);
  return layout;
}
const layouts = new Map<string, PlainLayout | null>();


type List = readonly [head: number, tail: number];
const SND: List = [SND_HEAD, SND_TAIL];
const RCV: List = [RCV_HEAD, RCV_TAIL];

/**
 * A channel core in the process's shared heap, used by every thread once the channel has crossed
 * one. Buffered values sit in a ring of NaN-boxed 64-bit slots (`@weft/gc`'s boxedWord): an Int,
 * Float, Bool or Unit is written into its slot as it is, anything else is encoded with the codec
 * into a heap block the slot references. The ring, its counters and two FIFO lists of parked
 * operations are guarded by a spin lock held for a few word operations; a parked sender or
 * receiver is a record whose operation token its partner claims (`WAITING` → `CLAIMED` → `DONE`), so an
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
  /** Whether the watcher sleeps in `waitAsync` now (rather than spinning, or queued to run). */
  #asleep = false;
  /**
   * The object whose reference keeps the channel block allocated on this thread (its `Channel`).
   * A watcher holds it, through `watching`, until it stops: it still touches SEQ and SLEEPERS.
   */
  owner: object | undefined;
  /** Whether this operation completed a parked record, which is what watchers wait for. */
  #completed = false;
  // Views covering the channel block and its ring, kept here: the heap's getters check for growth
  // on every call, which costs more than the word operation itself. Renewed when the ring moves.
  #i32: Int32Array;
  #b64: BigInt64Array;
  #f64: Float64Array;
  #u8: Uint8Array;
  /** The element type's plain layout when the ring holds values inline (see {@link slotLayout}). */
  readonly #layout: PlainLayout | null;
  readonly #schema: Schema | undefined;
  /** Whether the ring is the lock-free one (a bounded channel with room for at least one value; fixed for life). */
  readonly #lockFree: boolean;
  /**
   * Whether a parked operation marks the ring slot it waits on, rather than the partner looking at
   * the lists after every push and take (see {@link #markWaits}): a lock-free ring of 4 slots or
   * more whose capacity is its size (fixed for life).
   */
  readonly #marks: boolean;
  /** A push or take of this thread found its slot marked since the last look (see {@link #partnerMarked}). */
  #sawMark = false;
  // A bounded ring's geometry, fixed for life: its first Int32 word, slots, and stride in words.
  readonly #ring: number;
  readonly #size: number;
  readonly #strideWords: number;
  /** How long this thread spins before it parks or sleeps (adaptive, see `#spun`). */
  #spinMs = SPIN_MS;
  /** Short spins since the last probe, and how many to let pass before the next (see `#spun`). */
  #sinceProbe = 0;
  #probeEvery = PROBE_EVERY;
  /** DEQ as this thread last read it (see `#claimEnq`). */
  #deqSeen = 0;
  /** The position the last `#claimEnq`/`#claimDeq` claimed. */
  #pos = 0;

  constructor(heap: SharedHeap, block: number, schema?: Schema) {
    this.heap = heap;
    this.block = block;
    this.#i32 = heap.i32;
    this.#b64 = heap.b64;
    this.#f64 = heap.f64;
    this.#u8 = heap.u8;
    this.#schema = schema;
    this.#layout = slotLayout(schema);
    const w = block >> 2;
    this.#lockFree = Atomics.load(this.#i32, w + CAP) > 0 && this.#i32[w + STRIDE]! > 0;
    this.#ring = this.#i32[w + RING]! >> 2;
    this.#size = this.#i32[w + SIZE]!;
    this.#marks = this.#lockFree && this.#size >= 4 && this.#i32[w + CAP] === this.#size;
    this.#strideWords = this.#i32[w + STRIDE]! >> 2;
  }

  /** The Int32 index of the sequence word of the lock-free ring's slot for position `pos`. */
  #slotOf(pos: number): number {
    return this.#ring + this.#strideWords * ringIndex(pos & (this.#size - 1), this.#size);
  }

  /** Renews the views if byte `end` of the heap lies past them (a block allocated since). */
  #renewViewsPast(end: number): void {
    if (end > this.#u8.length) this.#renewViews();
  }

  #renewViews(): void {
    this.#i32 = this.heap.i32;
    this.#b64 = this.heap.b64;
    this.#f64 = this.heap.f64;
    this.#u8 = this.heap.u8;
  }

  /** A new shared core with the state of `local` (buffer, then parked waiters), which is left empty. */
  static adopt<T>(local: ChannelCore<T>, schema?: Schema, heap: SharedHeap = processHeap()): SharedCore<T> {
    const cap = Number.isFinite(local.capacity) ? local.capacity : -1;
    // The lock-free ring needs a power of two, and at least 2 (with one slot, "full at p" and
    // "empty, ready for p + 1" are the same sequence number); capacity still bounds what it holds.
    const ringSize = cap > 0 ? Math.max(2, 2 ** Math.ceil(Math.log2(cap))) : 0;
    const layout = slotLayout(schema);
    const stride = layout === null ? 16 : 8 + layout.size;
    // A ring too big for one heap block (a very large capacity) keeps its values in segments
    // under the lock, as an unbounded channel does, and `capacity` still bounds them. So does a
    // boxed ring of more slots than a block can count boxed words for (two a slot, 16 bits): its
    // buffered values would not be released with it.
    const lockFree = cap > 0 && ringSize * stride <= MAX_RING_BYTES && (layout !== null || 2 * ringSize <= MAX_BOXED);
    const size = lockFree ? ringSize : cap === 0 ? 0 : SEGMENT_SLOTS;
    const block = heap.alloc(CHANNEL_WORDS * 4, CHANNEL_REFS);
    const i32 = heap.i32;
    const w = block >> 2;
    for (let i = 1; i < CHANNEL_WORDS; i++) i32[w + i] = 0;
    i32[w + CAP] = cap;
    i32[w + POLICY] = POLICIES.indexOf(local.policy);
    i32[w + SIZE] = size;
    i32[w + STRIDE] = lockFree ? stride : 0;
    if (!lockFree && cap !== 0) {
      const segment = heap.alloc(SEGMENT_BYTES, 1, SEGMENT_SLOTS);
      heap.setRef(block, RING, segment);
      i32[w + TAIL_SEG] = segment;
    }
    else if (cap > 0) {
      // Slot i: a sequence word (initially i; its high half 0, so a boxed ring reads it as no
      // reference), then the value: a boxed slot, or a plain struct's fields (which own nothing,
      // so that ring has no boxed slots for the heap to release).
      const ring = layout === null ? heap.alloc(size * 16, 0, 2 * size) : heap.alloc(size * stride);
      const r32 = heap.i32;
      for (let i = 0; i < size; i++) {
        const at = (ring >> 2) + (stride >> 2) * ringIndex(i, size);
        r32[at] = i;
        r32[at + 1] = 0;
      }
      heap.setRef(block, RING, ring);
    }
    const core = new SharedCore<T>(heap, block, schema);
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

  descriptor(): HandleDescriptor {
    const data: SharedChannelData =
      this.#layout === null
        ? { heap: this.heap.descriptor(), block: this.block, ref: this.block }
        : { heap: this.heap.descriptor(), block: this.block, ref: this.block, schema: this.#schema! };
    return { kind: "channel", data };
  }

  /**
   * How often operations on this channel parked (on any thread, since it crossed one), and how
   * often a thread's watcher fell asleep in `waitAsync` on it: what benchmarks print beside their
   * times, as a proxy for the spin/park policy that the machine's load does not blur as much.
   */
  parkCounts(): { recv: number; send: number; sleeps: number } {
    return { recv: this.#load(RECV_PARKS), send: this.#load(SEND_PARKS), sleeps: this.#load(SLEEPS) };
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
    const v = this.take();
    return v === EMPTY ? undefined : v === DRAINED ? none : some(v);
  }

  /**
   * `poll` without the Option (what `recvNow` calls for every message): the value,
   * `CLOSED` once closed and drained, or `EMPTY` when a recv would wait (`LocalCore.take`'s answers).
   */
  take(): T | typeof EMPTY | typeof DRAINED {
    if (this.#lockFree) {
      const v = this.#layout === null ? this.#takeBoxed() : this.#takePlain(this.#layout);
      if (v !== EMPTY) {
        // A sender parked meanwhile on a full ring: move it in (or it parked after this took a
        // slot and saw the ring full: it checks again itself).
        if (this.#marks ? this.#partnerMarked() : this.#load(SND_HEAD) !== 0) this.#rebalanceNow();
        return v;
      }
    }
    this.#lock();
    const polled = this.#pollLocked();
    return polled === undefined ? EMPTY : polled.some ? polled.value : DRAINED;
  }

  #takeBoxed(): T | typeof EMPTY {
    const slot = this.#claimDeq();
    if (slot < 0) return EMPTY;
    // A number (an Int or Float: its high word is no boxed tag) is read as it is, with no BigInt.
    if (this.#i32[slot + 3]! >>> 16 !== 0xfff8) {
      const v = this.#f64[(slot >> 1) + 1] as T;
      this.#releaseDeq(slot);
      return v;
    }
    const bits = Atomics.exchange(this.#b64, (slot >> 1) + 1, EMPTY_BITS);
    this.#releaseDeq(slot);
    return this.#valueOf(bits);
  }

  /** Lock-free take of a plain struct, read in place from its slot into a fresh struct. */
  #takePlain(layout: PlainLayout): T | typeof EMPTY {
    for (;;) {
      const slot = this.#claimDeq();
      if (slot < 0) return EMPTY;
      const pos = this.#pos;
      if (this.#skipped(slot, pos)) continue;
      const v = layout.decodeOne(this.#f64, this.#i32, this.#u8, 4 * slot + 8) as T;
      this.#releaseDeq(slot, pos);
      return v;
    }
  }

  /**
   * Whether a claimed slot of a plain-struct ring was published empty, because encoding the value
   * threw after its sender had claimed it (a value that is not the channel's struct, reachable
   * from TypeScript): a claimed slot must still be published, or every later position would wait
   * behind it for good. Such a slot is handed straight back, and the receiver takes the next one.
   * The mark is the slot's padding word (after its sequence word), which a plain ring never uses
   * otherwise; it is cleared before the slot goes back to senders.
   */
  #skipped(slot: number, pos: number): boolean {
    if (this.#i32[slot + 1] === 0) return false;
    this.#i32[slot + 1] = 0;
    this.#releaseDeq(slot, pos);
    return true;
  }

  /** `poll` with the lock held; releases it. */
  #pollLocked(): Option<T> | undefined {
    if (this.#lockFree) {
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
    // Plain reads (an Atomics.load is a builtin call, ~10 ns, as much as the rest of a push): a
    // send racing a close may see it late either way, and RCV_HEAD only picks the path here —
    // the check that pairs a push with a parking receiver is the atomic one after the push.
    const i32 = this.#i32;
    const w = this.block >> 2;
    if (i32[w + CLOSED] !== 0) return "closed";
    // A receiver is parked only on an empty ring: with none, the value goes in without the lock.
    const lockFree = this.#lockFree && i32[w + RCV_HEAD] === 0;
    const layout = this.#layout;
    if (lockFree && layout !== null) {
      const slot = this.#claimEnq();
      if (slot >= 0) {
        const pos = this.#pos;
        try {
          layout.encodeOne(value, this.#f64, this.#i32, this.#u8, 4 * slot + 8);
        } catch (e) {
          // Not the channel's struct: the claimed slot is published marked empty (see `#skipped`).
          this.#i32[slot + 1] = 1;
          this.#publishEnq(slot, pos);
          throw e;
        }
        this.#publishEnq(slot, pos);
        return this.#sentLockFree();
      }
    }
    // A number (not NaN, whose bits vary) is written as it is: no BigInt, no boxing.
    if (lockFree && layout === null && typeof value === "number" && value === value) {
      const slot = this.#claimEnq();
      if (slot >= 0) {
        this.#f64[(slot >> 1) + 1] = value;
        this.#publishEnq(slot);
        return this.#sentLockFree();
      }
    }
    const bits = this.#bitsOf(value);
    if (lockFree && layout === null && this.#enq(bits)) return this.#sentLockFree();
    this.#lock();
    const offered = this.#offerLocked(bits);
    if (offered !== "sent") this.#drop(bits);
    return offered;
  }

  /**
   * Before a receiver parks: spins on the lock-free ring for a value (or a close, or a parked
   * sender) for up to the adaptive budget, and says whether one appeared. A sender on another core
   * usually answers within microseconds, and one this thread has just woken within about the
   * latency of a `waitAsync` wake-up, while parking costs a record, a promise and an event-loop
   * wake-up of this thread too; the spin is bounded, so a thread with nothing coming wastes at most
   * that long.
   */
  spinForValue(): boolean {
    if (!this.#lockFree) return false;
    const i32 = this.#i32;
    const w = this.block >> 2;
    const budget = this.#budget();
    const start = performance.now();
    for (let n = 1; ; n++) {
      if (this.#publishedValue()) return this.#spun(true, budget, start);
      if (Atomics.load(i32, w + CLOSED) !== 0 || Atomics.load(i32, w + SND_HEAD) !== 0) return this.#spun(true, budget, start);
      if ((n & 63) === 0 && performance.now() - start > budget) return this.#spun(false, budget, start);
      pause(n);
    }
  }

  /** Before a sender parks on a full lock-free ring: {@link spinForValue}'s counterpart, for room. */
  spinForRoom(): boolean {
    if (!this.#lockFree) return false;
    const i32 = this.#i32;
    const w = this.block >> 2;
    const cap = i32[w + CAP]!;
    const budget = this.#budget();
    const start = performance.now();
    for (let n = 1; ; n++) {
      if (((Atomics.load(i32, w + ENQ) - Atomics.load(i32, w + DEQ)) | 0) < cap) return this.#spun(true, budget, start);
      if (Atomics.load(i32, w + CLOSED) !== 0 || Atomics.load(i32, w + RCV_HEAD) !== 0) return this.#spun(true, budget, start);
      if ((n & 63) === 0 && performance.now() - start > budget) return this.#spun(false, budget, start);
      pause(n);
    }
  }

  /**
   * How long the next spin may last: the adaptive budget, or, every so often while that is short,
   * {@link PROBE_MS} (a probe).
   */
  #budget(): number {
    if (this.#spinMs >= SPIN_MS || this.#size < PROBE_MIN_RING || ++this.#sinceProbe < this.#probeEvery) return this.#spinMs;
    this.#sinceProbe = 0;
    return PROBE_MS;
  }

  /**
   * Adapts this thread's spin budget to whether spinning pays (as adaptive mutexes do): a spin that
   * saw its partner doubles it, up to {@link SPIN_MS}; one that timed out quarters it, down to
   * {@link MIN_SPIN_MS}. When the partner runs on another core (ping-pong, a steady stream) spins
   * catch it; when the machine has fewer cores than busy threads the partner is often not running
   * at all, and full-length spins would only burn the time slice the partner needs (measured: a
   * fixed 50 µs spin made both throughput and round trips worse on a loaded 2-core machine).
   *
   * Budgets that have shrunk to a few microseconds can never catch a partner coming back from a
   * `waitAsync` wake-up, and a stream between two threads then stays in a convoy for good: each
   * side fills or drains the whole ring while the other sleeps, and falls asleep itself just before
   * the other comes back (on an idle machine both threads were idle 43–67% of the time, with a park
   * per ~800 values on each side). So, on a ring of {@link PROBE_MIN_RING} slots or more, every
   * `#probeEvery` short spins, one spin lasts
   * {@link PROBE_MS}. A probe that sees its partner after `t` sets the budget to at least 4 `t` (up
   * to {@link PROBE_MS}): the partner's next answer most likely takes about as long, and once the two
   * run side by side their spins succeed and the budget stays. A probe that sees nothing doubles the
   * interval, up to {@link MAX_PROBE_EVERY}, which caps what probing costs under load at a few per
   * cent (0.25 ms per 256 parks).
   */
  #spun(seen: boolean, budget = this.#spinMs, start = 0): boolean {
    const probe = budget > this.#spinMs && budget === PROBE_MS;
    if (seen) {
      const doubled = Math.max(this.#spinMs, Math.min(SPIN_MS, this.#spinMs * 2));
      if (probe) {
        this.#probeEvery = PROBE_EVERY;
        this.#spinMs = Math.min(PROBE_MS, Math.max(doubled, 4 * (performance.now() - start)));
      } else this.#spinMs = doubled;
    } else {
      this.#spinMs = Math.max(MIN_SPIN_MS, this.#spinMs / 4);
      if (probe) this.#probeEvery = Math.min(MAX_PROBE_EVERY, this.#probeEvery * 2);
    }
    return seen;
  }

  /** After a lock-free push: a receiver that parked meanwhile may have missed it, so pair them up. */
  #sentLockFree(): "sent" {
    if (this.#marks ? this.#partnerMarked() : this.#load(RCV_HEAD) !== 0) this.#rebalanceNow();
    return "sent";
  }

  /** Whether this thread's last lock-free push or take found its slot marked by a parked partner (and forgets it). */
  #partnerMarked(): boolean {
    const saw = this.#sawMark;
    this.#sawMark = false;
    return saw;
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
    if (this.#lockFree) {
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
    const receiver = this.#lockFree ? 0 : this.#claim(RCV);
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
    if ((!this.#lockFree && this.#ringCount() > 0) || this.#load(CLOSED) !== 0) {
      this.heap.release(record);
      if (!claimToken(i32, token >> 2, DONE)) return this.#unlock();
      const message = this.#pollLocked() ?? none; // cannot miss: the lock is held and it was ready
      deliver(() => waiter.receive(message));
      return;
    }
    // (Not this operation's own send clause: a select cannot pair with itself.)
    const sender = this.#lockFree ? 0 : this.#claim(SND, token);
    if (sender !== 0) {
      this.heap.release(record);
      if (!claimToken(i32, token >> 2, DONE)) return this.#giveBack(SND, sender);
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
    Atomics.add(i32, (this.block >> 2) + RECV_PARKS, 1);
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
    const bits = this.#bitsOf(waiter.value); // first: it throws for a value of the wrong type
    const token = tokenOf(this.heap, operation);
    const record = this.#record(token, bits);
    const i32 = this.heap.i32;
    const b64 = this.heap.b64;
    this.#lock();
    if (this.#load(CLOSED) !== 0 || (!this.#lockFree && this.#room())) {
      // Closed, or room since the caller offered (a lock-free ring's room is used by `#rebalance`
      // once this sender is parked, since other senders may fill it at any instant): complete now, if still ours to complete.
      const bits = Atomics.exchange(b64, recordValue(record), EMPTY_BITS);
      if (!claimToken(i32, token >> 2, DONE)) {
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
    const receiver = this.#lockFree ? 0 : this.#claim(RCV, token);
    if (receiver !== 0) {
      if (!claimToken(i32, token >> 2, DONE)) {
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
    Atomics.add(i32, (this.block >> 2) + SEND_PARKS, 1);
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
   * operation goes back to waiting, at the front of its list. Releases the lock.
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
    do for (let moved = true; moved; ) moved = this.#serveReceivers() + this.#admitSenders() > 0;
    while (this.#marks && !this.#markWaits());
    // What this thread's pushes and takes under the lock saw marked has just been paired.
    this.#sawMark = false;
  }

  /**
   * With the lock held, after pairing: marks the slot that each parked side waits on, so that the
   * partner whose push or take changes that slot sees the mark in the same atomic step (the
   * exchange that publishes or releases it) and pairs them under the lock. `false` when it found
   * a value for a parked receiver, or room for a parked sender, instead: pair again.
   *
   * The slot of position `q` holds, in turn, `q` (free for a sender), `q + 1` (published), then
   * `q + size` (released for the next lap). The marks are two more values no lap uses otherwise
   * (hence at least 4 slots): `q - 1`, "free, and a receiver waits for it" (CAS from `q`), and
   * `q + 2`, "published, and a sender waits for it to be released" (CAS from `q + 1`; a sender waits
   * for slot `ENQ`, which, when capacity is the ring's size, is full exactly when it is not released).
   * A receiver's take accepts `q + 2` as published, a sender's push `q - 1` as free; the publishing
   * and releasing stores are exchanges, which report a mark they overwrite. So this replaces rule 3
   * of {@link #watch} with one word: the marker's CAS and the partner's exchange are ordered on it,
   * and either the CAS fails because the value (or room) is there, or the exchange sees the mark. A
   * mark left behind by an operation that has gone costs its partner one spare look under the lock.
   */
  #markWaits(): boolean {
    const i32 = this.#i32;
    const w = this.block >> 2;
    if (Atomics.load(i32, w + RCV_HEAD) !== 0) {
      for (;;) {
        const q = Atomics.load(i32, w + DEQ);
        const slot = this.#slotOf(q);
        const seq = Atomics.load(i32, slot);
        const dif = (seq - q) | 0;
        if (dif === -1) break; // marked already
        if (dif === 1 || dif === 2) return false; // a value
        if (dif === 0 && Atomics.compareExchange(i32, slot, q, (q - 1) | 0) === q) break;
        // Otherwise its last lap's reader has not released it yet (a few word operations), or DEQ moved: look again.
      }
    }
    if (Atomics.load(i32, w + SND_HEAD) !== 0) {
      for (;;) {
        const p = Atomics.load(i32, w + ENQ);
        const slot = this.#slotOf(p);
        const seq = Atomics.load(i32, slot);
        const lap = (p - this.#size) | 0;
        const dif = (seq - lap) | 0;
        if (dif === 2) break; // marked already
        if (seq === p || seq === ((p - 1) | 0)) return false; // room
        if (dif === 1 && Atomics.compareExchange(i32, slot, seq, (seq + 1) | 0) === seq) break;
        // Otherwise its last lap's sender has not published it yet (a few word operations), or ENQ moved: look again.
      }
    }
    return true;
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
        // While the receiver was off its list, a sender that published meanwhile read RCV_HEAD as
        // 0 and left its value to us: look again now that the list shows the receiver.
        if (this.#publishedValue()) continue;
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
        // The same window as in `#serveReceivers`: a receiver that released a slot meanwhile read
        // SND_HEAD as 0.
        if (this.#releasedRoom()) continue;
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
    // A value a lock-free sender published just before, while its check for parked receivers had
    // not run yet, goes to a parked receiver first: buffered values stay receivable, and a
    // receiver woken with "closed" while one waited in the ring would have ended its for-msg early.
    this.#serveReceivers();
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
   *
   * No wake-up is lost because of three rules, all with sequentially consistent atomics:
   * 1. A record leaves `WAITING` only under the lock, and the `#unlock` that ends that critical
   *    section bumps SEQ after the record's state, then loads SLEEPERS and notifies if it is > 0.
   *    (Every path out of the lock: an operation that completes a parked partner and then finds
   *    the ring full again — a sender that admitted a parked sender into the room a receiver had
   *    just made, then had none left for itself — used to return without the bump, and the parked
   *    sender slept for good once nothing else changed SEQ: the 4×3 stress hang.)
   * 2. The watcher reads SEQ (`seen`) before its records' states, and sleeps only in
   *    `waitAsync(SEQ, seen)` after adding itself to SLEEPERS. So either it reads the new state,
   *    or the bump comes after `seen` and `waitAsync` answers "not-equal" (it loops), or the bump
   *    comes after `waitAsync` registered it, and then the completer's SLEEPERS load (after its
   *    bump) sees it and notifies. A sleeper counted late only costs a spare notify.
   * 3. A lock-free push publishes its slot, then reads RCV_HEAD; a parking receiver links its record
   *    (stores RCV_HEAD), then reads the ring (`#rebalance`). So one of them sees the other and
   *    pairs them under the lock (rule 1 then announces it). Likewise a lock-free take and
   *    SND_HEAD, against a parking sender that checks for room after linking its record. A record
   *    taken off its list to be paired and put back (its partner's slot was claimed but not yet
   *    written) looks at the ring again once it is back: a partner that read the list meanwhile
   *    saw it empty. On a ring with marked slots the two meet on the slot's sequence word instead
   *    of the list head ({@link #markWaits}): the parked side CASes a mark into it after linking
   *    its record, the partner publishes or releases with an exchange that reports the mark.
   * The `waitAsync` has no timeout: nothing else re-checks, so each rule is load-bearing.
   *
   * Two consequences for the spin/park policy (`#spun`):
   * - Spinning (in `spinForValue`, `spinForRoom`, and here before `waitAsync`) only delays a park
   *   or a sleep; however long it lasts or whatever it sees, the rules above apply unchanged to
   *   whatever the thread does next, so no budget, probe or backoff can lose a wake-up.
   * - A completion is announced as soon as it happens (rule 1), never deferred until the ring
   *   holds a batch: with no timeout, a receiver whose wake-up a sender put off would sleep until
   *   that sender happened to send again, park, close, or return to its event loop, and a sender
   *   may send one value and then compute for as long as it likes. Fewer wake-ups per value come
   *   from the sides spinning long enough to stay awake (the probes in `#spun`) instead.
   *
   * A watcher stops only when it runs and finds nothing parked. When the last operation parked
   * here settles some other way (a timer, an abort, a select's clause on another channel) while
   * the watcher sleeps, `#leave` wakes it: left asleep until the channel next changed (maybe
   * never), it held the event loop open, and, once the channel was freed and its block reused by
   * a new channel, its wake-up decremented that channel's SLEEPERS, so the new channel's real
   * sleepers were not notified (a hang seen with selects that time out on rendezvous channels).
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
        if (this.#spun(spinUntilChanged(i32, at, seen, this.#spinMs))) continue;
        Atomics.add(i32, sleepers, 1);
        const wait = waitAsync(i32, at, seen);
        if (wait.async) {
          this.#asleep = true;
          Atomics.add(i32, (this.block >> 2) + SLEEPS, 1);
          void wait.value.then(() => {
            this.#asleep = false;
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
    if (!parked.delete(record)) return;
    this.heap.release(record);
    // (This wakes every thread asleep on this channel; the others find nothing new and sleep again.)
    if (this.#asleep && this.#receivers.size === 0 && this.#senders.size === 0) Atomics.notify(this.#i32, (this.block >> 2) + SEQ);
  }

  // ---- values and records ----

  /** A value as a slot word: itself when it fits, else a reference to it encoded in a new block. */
  #bitsOf(value: T): bigint {
    const layout = this.#layout;
    if (layout === null) return inlineBits(value) ?? refBits(storeEncoded(this.heap, encode(value, S.any)));
    // A plain struct away from the ring (a parked sender's, or handed to a parked receiver): its
    // fields in the same layout, in a block of its own.
    const p = this.heap.alloc(layout.size);
    this.#renewViewsPast(p + layout.size);
    try {
      layout.encodeOne(value, this.#f64, this.#i32, this.#u8, p);
    } catch (e) {
      this.heap.release(p);
      throw e;
    }
    return refBits(p);
  }

  /** The value of a slot word this thread took over; frees its block. */
  #valueOf(bits: bigint): T {
    const p = refOf(bits);
    if (p === 0) return inlineValue(bits) as T;
    const layout = this.#layout;
    if (layout !== null) {
      this.#renewViewsPast(p + layout.size);
      const v = layout.decodeOne(this.#f64, this.#i32, this.#u8, p) as T;
      this.heap.release(p);
      return v;
    }
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
    const record = heap.alloc(RECORD_BYTES, RECORD_REFS, 1);
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
    if (this.#lockFree) return Math.max(0, (this.#load(ENQ) - this.#load(DEQ)) | 0);
    return this.#load(COUNT);
  }

  /**
   * Whether the oldest position of a lock-free ring holds a published value. `#ringCount` counts
   * positions claimed by senders still writing, which a take cannot have yet.
   */
  #publishedValue(): boolean {
    if (!this.#lockFree) return false;
    const pos = this.#load(DEQ);
    const dif = (Atomics.load(this.#i32, this.#slotOf(pos)) - pos) | 0;
    return dif === 1 || (dif === 2 && this.#marks);
  }

  /** Whether a lock-free ring has room and its next position's slot was released by its last reader. */
  #releasedRoom(): boolean {
    if (!this.#lockFree) return false;
    const pos = this.#load(ENQ);
    if (((pos - this.#load(DEQ)) | 0) >= this.#load(CAP)) return false;
    const dif = (Atomics.load(this.#i32, this.#slotOf(pos)) - pos) | 0;
    return dif === 0 || (dif === -1 && this.#marks);
  }

  /** Whether the ring has room for another value (never for a rendezvous channel). */
  #room(): boolean {
    const cap = this.#load(CAP);
    return cap < 0 || this.#ringCount() < cap;
  }

  /** Adds a value to the ring if there is room (the lock is held unless the ring is lock-free). */
  #ringPush(bits: bigint): boolean {
    if (this.#lockFree) return this.#layout === null ? this.#enq(bits) : this.#enqPlainBlock(bits);
    if (!this.#room()) return false;
    this.#pushRing(bits);
    return true;
  }

  /** Takes the oldest value from the ring, or `null` (the lock is held unless the ring is lock-free). */
  #ringShift(): bigint | null {
    if (this.#lockFree) return this.#layout === null ? this.#deq() : this.#deqPlainBlock();
    return this.#load(COUNT) > 0 ? this.#shiftRing() : null;
  }

  /**
   * Lock-free enqueue (Vyukov), first half: claims the next position and returns its slot (an
   * Int32 index; the value goes at byte `4 * slot + 8`), or -1 when the ring holds `capacity`
   * values. The caller writes the value, then {@link #publishEnq}.
   */
  #claimEnq(): number {
    const i32 = this.#i32;
    const w = this.block >> 2;
    const cap = i32[w + CAP]!;
    // A plain read: a stale position fails the compareExchange, which then gives the current one.
    let pos = i32[w + ENQ]!;
    for (;;) {
      // DEQ only grows, so the value this thread last read is a safe bound; reading it afresh
      // each time would pull the receivers' cache line over on every send.
      const ahead = (pos - this.#deqSeen) | 0;
      if ((ahead < 0 || ahead >= cap) && ((pos - (this.#deqSeen = Atomics.load(i32, w + DEQ))) | 0) >= cap) return -1;
      const slot = this.#slotOf(pos);
      const dif = (Atomics.load(i32, slot) - pos) | 0;
      // (-1: free, marked by a waiting receiver; `#publishEnq` sees the mark.)
      if (dif === 0 || (dif === -1 && this.#marks)) {
        const seen = Atomics.compareExchange(i32, w + ENQ, pos, (pos + 1) | 0);
        if (seen === pos) {
          this.#pos = pos;
          return slot;
        }
        pos = seen;
      } else if (dif < 0) return -1;
      else pos = Atomics.load(i32, w + ENQ);
    }
  }

  /**
   * Makes the value written into the claimed slot (of position `pos`, by default the one just
   * claimed) visible to receivers (a sequentially consistent store).
   */
  #publishEnq(slot: number, pos = this.#pos): void {
    if (!this.#marks) Atomics.store(this.#i32, slot, (pos + 1) | 0);
    else if (Atomics.exchange(this.#i32, slot, (pos + 1) | 0) !== pos) this.#sawMark = true;
  }

  /** Lock-free dequeue, first half: claims the oldest value's slot, or -1 when the ring is empty. */
  #claimDeq(): number {
    const i32 = this.#i32;
    const w = this.block >> 2;
    // A plain read: a stale position fails the compareExchange, which then gives the current one.
    let pos = i32[w + DEQ]!;
    for (;;) {
      const slot = this.#slotOf(pos);
      const dif = (Atomics.load(i32, slot) - ((pos + 1) | 0)) | 0;
      // (1: published, marked by a waiting sender; `#releaseDeq` sees the mark.)
      if (dif === 0 || (dif === 1 && this.#marks)) {
        const seen = Atomics.compareExchange(i32, w + DEQ, pos, (pos + 1) | 0);
        if (seen === pos) {
          this.#pos = pos;
          return slot;
        }
        pos = seen;
      } else if (dif < 0) return -1;
      else pos = Atomics.load(i32, w + DEQ);
    }
  }

  /** Hands the slot just read (of position `pos`, by default the one just claimed) back to senders, one lap later. */
  #releaseDeq(slot: number, pos = this.#pos): void {
    if (!this.#marks) Atomics.store(this.#i32, slot, (pos + this.#size) | 0);
    else if (Atomics.exchange(this.#i32, slot, (pos + this.#size) | 0) !== ((pos + 1) | 0)) this.#sawMark = true;
  }

  /** Lock-free enqueue of a boxed word: `false` when the ring holds `capacity` values. */
  #enq(bits: bigint): boolean {
    const slot = this.#claimEnq();
    if (slot < 0) return false;
    Atomics.store(this.#b64, (slot >> 1) + 1, bits);
    this.#publishEnq(slot);
    return true;
  }

  /** Lock-free dequeue of a boxed word: the oldest value's, or `null` when the ring is empty. */
  #deq(): bigint | null {
    const slot = this.#claimDeq();
    if (slot < 0) return null;
    const bits = Atomics.exchange(this.#b64, (slot >> 1) + 1, EMPTY_BITS);
    this.#releaseDeq(slot);
    return bits;
  }

  /** A plain struct held in a block of its own (`#bitsOf`) moves into the ring inline; frees the block. */
  #enqPlainBlock(bits: bigint): boolean {
    const slot = this.#claimEnq();
    if (slot < 0) return false;
    const p = refOf(bits);
    const size = this.#layout!.size;
    this.#renewViewsPast(p + size);
    this.#u8.copyWithin(4 * slot + 8, p, p + size);
    this.#publishEnq(slot);
    this.heap.release(p);
    return true;
  }

  /** The oldest plain struct, copied out of the ring into a block of its own (for a parked receiver's record). */
  #deqPlainBlock(): bigint | null {
    const size = this.#layout!.size;
    const p = this.heap.alloc(size); // before the claim: a claimed slot is released without delay
    let slot: number;
    do {
      slot = this.#claimDeq();
      if (slot < 0) {
        this.heap.release(p);
        return null;
      }
    } while (this.#skipped(slot, this.#pos));
    this.#renewViewsPast(p + size);
    this.#u8.copyWithin(p, 4 * slot + 8, 4 * slot + 8 + size);
    this.#releaseDeq(slot);
    return refBits(p);
  }

  // ---- the locked ring of an unbounded channel (callers hold the lock) ----

  #pushRing(bits: bigint): void {
    const heap = this.heap;
    const w = this.block >> 2;
    let tail = this.#i32[w + TAIL_SEG]!;
    let n = this.#i32[w + TAIL_N]!;
    if (n === SEGMENT_SLOTS) {
      const next = heap.alloc(SEGMENT_BYTES, 1, SEGMENT_SLOTS);
      heap.setRef(tail, 0, next); // the full tail owns its successor
      tail = next;
      n = 0;
      this.#i32[w + TAIL_SEG] = tail;
    }
    this.#renewViewsPast(tail + SEGMENT_BYTES);
    Atomics.store(this.#b64, segmentSlot(tail, n), bits);
    this.#i32[w + TAIL_N] = n + 1;
    Atomics.store(this.#i32, w + COUNT, this.#i32[w + COUNT]! + 1);
  }

  #shiftRing(): bigint {
    const heap = this.heap;
    const w = this.block >> 2;
    let head = this.#i32[w + RING]!;
    let h = this.#i32[w + HEAD]!;
    if (h === SEGMENT_SLOTS) {
      // The head segment is drained and a successor holds the rest: free it, moving on.
      const next = Atomics.exchange(this.#i32, head >> 2, 0); // take over its reference to the next
      heap.setRef(this.block, RING, next); // releases (frees) the drained one
      head = next;
      h = 0;
    }
    this.#renewViewsPast(head + SEGMENT_BYTES);
    const bits = Atomics.exchange(this.#b64, segmentSlot(head, h), EMPTY_BITS);
    const count = this.#i32[w + COUNT]! - 1;
    if (count === 0 && head === this.#i32[w + TAIL_SEG]) {
      // Empty: the one segment left starts over.
      this.#i32[w + HEAD] = 0;
      this.#i32[w + TAIL_N] = 0;
    } else this.#i32[w + HEAD] = h + 1;
    Atomics.store(this.#i32, w + COUNT, count);
    return bits;
  }

  // ---- the lists (callers hold the lock) ----

  /**
   * Unlinks parked records from the front of `list` until one whose operation it can claim
   * (token `WAITING` → `CLAIMED`); returns it with the list's reference, or 0. The caller then
   * completes it (`#complete`) or puts it back (`#requeue`) before it lets go of the lock.
   * Records of operations that completed elsewhere are dropped on the way; records of operation
   * `except` (the caller's own) stay where they are.
   */
  #claim(list: List, except = 0): number {
    const i32 = this.heap.i32;
    const w = this.block >> 2;
    let prev = 0;
    for (let r = Atomics.load(i32, w + list[0]); r !== 0; ) {
      const next = Atomics.load(i32, (r >> 2) + R_NEXT);
      const token = i32[(r >> 2) + R_TOKEN]!;
      if (token === except) {
        prev = r;
        r = next;
        continue;
      }
      // The list's reference to `next` moves from r's link to its predecessor's; r's goes to the caller.
      if (prev === 0) Atomics.store(i32, w + list[0], next);
      else Atomics.store(i32, (prev >> 2) + R_NEXT, next);
      Atomics.store(i32, (r >> 2) + R_NEXT, 0);
      if (next === 0) Atomics.store(i32, w + list[1], prev);
      if (claimToken(i32, token >> 2, CLAIMED)) return r;
      this.heap.release(r);
      r = next;
    }
    return 0;
  }

  /** Tells the parked thread its record is done (`DONE`, or `SHUT` by close), after the value moved. */
  #complete(record: number, state: number): void {
    const i32 = this.heap.i32;
    const token = i32[(record >> 2) + R_TOKEN]! >> 2;
    // Read before the state: once it is stored, the owner may settle and let go of the token.
    const owner = Atomics.load(i32, token + T_OWNER);
    Atomics.store(i32, token, DONE);
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

  /**
   * Ends a critical section. If it completed a parked record, bumps the change counter (and wakes
   * watchers only if one sleeps): announcing here, on every path out of the lock, rather than
   * wherever an operation happens to finish, is what keeps a completion from going unannounced
   * (see {@link SharedCore.#watch} for the protocol). A plain push or take touches no other word.
   */
  #unlock(): void {
    const i32 = this.#i32;
    const w = this.block >> 2;
    Atomics.store(i32, w + LOCK, 0);
    if (this.#completed) {
      this.#completed = false;
      Atomics.add(i32, w + SEQ, 1);
      if (Atomics.load(i32, w + SLEEPERS) > 0) Atomics.notify(i32, w + SEQ);
    }
  }

  /** After an operation: settles this thread's own parked operations that it (or a partner) completed. */
  #changed(): void {
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
  operation.guard(() => delivering || claimToken(heap.i32, t >> 2, CANCELLED));
  operation.onSettle(() => heap.release(t));
  return (token = t);
}

/**
 * CASes token word `at` from `WAITING` to `to`: `false` when the operation has completed already.
 * A partner's `CLAIMED` is waited out: the partner holds its channel's lock and decides (`DONE`, or
 * back to `WAITING`) within a few word operations, taking no other lock meanwhile, and a thread
 * never waits on a claim of its own (`#claim` skips the caller's own operation).
 */
function claimToken(i32: Int32Array, at: number, to: number): boolean {
  for (;;) {
    const was = Atomics.compareExchange(i32, at, WAITING, to);
    if (was === WAITING) return true;
    if (was !== CLAIMED) return false;
  }
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
// One timer for the thread's life, referenced only while something watches: toggling `ref` is a
// flag, where creating and clearing a timer per park (a ping-pong parks every round trip) is not.
let watchers = 0;
let holder: ReturnType<typeof setInterval> | undefined;
const watching = new Set<SharedCore<unknown>>();
let watchedByIdle = false;
function keepAlive(delta: number): void {
  watchers += delta;
  if (delta > 0 && watchers === 1) {
    if (!watchedByIdle) {
      const idle = idleHook();
      if (idle !== undefined) {
        watchedByIdle = true;
        idle.watch(
          () => [...watching].some((core) => core.parked()),
          () => [...watching].some((core) => core.arrived()),
        );
      }
    }
    holder ??= setInterval(() => {}, 1 << 30);
    // Outside Node a timer is a number without `ref`/`unref` (and nothing exits on an idle loop).
    if (watchedByIdle) holder.unref?.();
    else holder.ref?.();
  } else if (watchers === 0 && holder !== undefined) holder.unref?.();
}

/**
 * A short wait between two looks at a word another core writes: a few dozen cheap operations on
 * this thread's own data, growing with `n` up to ~32, so that a spinning thread does not keep
 * pulling the partner's cache lines (there is no `Atomics.pause` in Node 20).
 */
function pause(n: number): void {
  let x = paused;
  for (let k = n < 32 ? n : 32; k > 0; k--) x = (x * 1103515245 + 12345) | 0;
  paused = x;
}
let paused = 0;

/** Whether word `at` moved off `seen` within `ms` (the clock is read every 64 loads). */
function spinUntilChanged(i32: Int32Array, at: number, seen: number, ms: number): boolean {
  const until = performance.now() + ms;
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
