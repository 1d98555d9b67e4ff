import { BOX_HI, REF_HI } from "./boxedWord.js";
import { gcError } from "./errors.js";

/** Int32 word index, from a payload's start, of its first boxed slot (after `refs` pointer words, 8-aligned). */
const boxedStart = (refs: number): number => (refs + 1) & ~1;

/** Byte offset of boxed slot `i` of a block allocated with `refs` pointer words. */
export function boxedSlot(ptr: number, refs: number, i: number): number {
  return ptr + 4 * boxedStart(refs) + 8 * i;
}

// ---- Heap header: Int32 word indices (the shared-memory protocol; every thread agrees). ----
const H_MAGIC = 0;
const H_VERSION = 1;
const H_FLAGS = 2;
/** Bytes carved from the buffer so far: the heap's high-water mark. */
const H_TOP = 3;
const H_MAX = 4;
/** Next thread slot to hand out. */
const H_THREADS = 5;
/** Free-list heads: one BigInt64 per size class, `(tag << 32) | blockOffset`, tag against ABA. */
const HEADS_BYTE = 64;
/** Per-thread counters, one 64-byte line per thread so threads never share a cache line. */
const STATS_BYTE = 512;
const STATS_STRIDE_WORDS = 16;
const S_ALLOCS = 0, S_FREES = 1, S_BYTES_ALLOCATED = 2, S_BYTES_FREED = 3;
const MAX_THREADS = 120;
const DATA_START = 8192;

// ---- Block header: Int32 word offsets from the block's start; the payload follows. ----
/** `LIVE | class` or `FREE | class`; 0 marks the unused tail of a chunk. */
const B_STATE = 0;
/** Reference count: the block is freed when it drops to 0. */
const B_COUNT = 1;
/**
 * How many payload words, from the start, are pointers to child blocks (released with it), in the
 * low 16 bits; in the high 16, how many NaN-boxed 64-bit slots follow them (8-aligned), each
 * releasing its block when it holds a `TAG_REF` (boxedWord.ts).
 */
const B_REFS = 2;
/** Free-list link while free. */
const B_NEXT = 3;
const HEADER_BYTES = 16;

const MAGIC = 0x57464748; // "WFGH"
const VERSION = 1;
const F_VERIFY = 1;
const LIVE = 0x4c000000;
const FREE = 0x46000000;
const STATE_MASK = 0x7f000000;
const CLASS_MASK = 0xff;
const POISON = 0xdeadbeef | 0;

/** Threads carve private chunks of this size and allocate small blocks from them without atomics. */
const CHUNK = 64 * 1024;
const MIN_BLOCK = 32;
/** Small classes: 32 B … 64 KiB (powers of two); large classes: 2 … 17 chunks. */
const SMALL_CLASSES = 12;
const LARGE_CLASSES = 16;
const NUM_CLASSES = SMALL_CLASSES + LARGE_CLASSES;
/** Blocks moved between a thread's cache and a global free list at a time. */
const BATCH = 32;
/**
 * A release that frees a long chain checks the clock every CASCADE_CHECK frees and defers the
 * rest to a later turn after CASCADE_BUDGET_MS, so no call pauses its thread for as long as 1 ms.
 */
const CASCADE_CHECK = 32;
const CASCADE_BUDGET_MS = 0.5;

/** ES2024 growable SharedArrayBuffer (Node 20 has it; the ES2023 lib types do not). */
type Growable = SharedArrayBuffer & { grow(bytes: number): void };
const GrowableSAB = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => Growable;

const classBytes = (c: number): number => (c < SMALL_CLASSES ? MIN_BLOCK << c : (c - SMALL_CLASSES + 2) * CHUNK);

function classFor(total: number): number {
  if (total <= MIN_BLOCK) return 0;
  if (total <= CHUNK) return 32 - Math.clz32(total - 1) - 5;
  const chunks = Math.ceil(total / CHUNK);
  const c = SMALL_CLASSES + chunks - 2;
  if (c >= NUM_CLASSES) throw gcError("tooLarge", total - HEADER_BYTES);
  return c;
}

/** What a thread needs to attach to a heap: post it to a worker, `SharedHeap.attach` it there. */
export interface SharedHeapDescriptor {
  readonly buffer: SharedArrayBuffer;
}

export interface SharedHeapOptions {
  /** Bytes reserved up front (the buffer grows in place up to `maxBytes`). */
  readonly initialBytes?: number;
  readonly maxBytes?: number;
  /** Poison freed blocks, check poison on reuse, enable `verify`. Applies to every thread. */
  readonly verify?: boolean;
}

/** Counters summed over every thread (exact when the threads are quiet). */
export interface HeapStats {
  readonly highWaterBytes: number;
  readonly capacityBytes: number;
  readonly liveBlocks: number;
  readonly liveBytes: number;
  /** Allocations and frees so far (each thread's counter wraps at 2^32). */
  readonly allocs: number;
  readonly frees: number;
  /** Bytes (of whole blocks) allocated so far; each thread's counter wraps at 4 GiB. */
  readonly allocatedBytes: number;
  readonly threads: number;
  /** Frees this thread deferred to a later turn (a long cascade). */
  readonly pendingFrees: number;
}

/** What `verify` found by walking every block. */
export interface VerifyReport {
  readonly liveBlocks: number;
  readonly freeBlocks: number;
  readonly reachableBlocks: number;
  readonly highWaterBytes: number;
}

/**
 * A heap in a SharedArrayBuffer that every thread allocates from without a global lock.
 * Blocks are reference counted (see the README for why): `alloc` returns a block with count 1,
 * `retain`/`release` adjust it, and a block whose count drops to 0 is freed together with the
 * child blocks its first `refs` payload words point to. Memory is type-stable (never returned
 * to the OS), which is what makes `acquireRef`'s validated load safe against concurrent frees.
 *
 * @example
 * const heap = SharedHeap.create({ verify: true });
 * const p = heap.alloc(24);
 * heap.f64[p >> 3] = 1.5;
 * worker.postMessage({ heap: heap.descriptor(), p });   // worker: SharedHeap.attach(msg.heap)
 */
export class SharedHeap {
  readonly buffer: SharedArrayBuffer;
  // Fixed-length views, renewed when the buffer has grown: V8 (Node 20) runs length-tracking
  // views of a growable buffer an order of magnitude slower.
  #i32: Int32Array;
  #f64: Float64Array;
  #u8: Uint8Array;
  #b64: BigInt64Array;
  readonly #heads: BigInt64Array;
  readonly #stats: number;
  readonly #verify: boolean;
  readonly #cache: number[][] = Array.from({ length: NUM_CLASSES }, () => []);
  #chunkCur = 0;
  #chunkEnd = 0;
  readonly #pending: number[] = [];
  #draining = false;
  readonly #finalizer = new FinalizationRegistry<number>((ptr) => this.release(ptr));
  readonly #retiring = new Set<() => void>();

  private constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.#i32 = new Int32Array(buffer, 0, buffer.byteLength >> 2);
    this.#f64 = new Float64Array(buffer, 0, buffer.byteLength >> 3);
    this.#u8 = new Uint8Array(buffer, 0, buffer.byteLength);
    this.#b64 = new BigInt64Array(buffer, 0, buffer.byteLength >> 3);
    if (this.#i32[H_MAGIC] !== MAGIC) throw gcError("badHeap", "magic number missing");
    if (this.#i32[H_VERSION] !== VERSION) throw gcError("badHeap", `version ${this.#i32[H_VERSION]}`);
    this.#heads = new BigInt64Array(buffer, HEADS_BYTE, NUM_CLASSES);
    this.#verify = (Atomics.load(this.i32, H_FLAGS) & F_VERIFY) !== 0;
    const slot = Atomics.add(this.i32, H_THREADS, 1) % MAX_THREADS;
    this.#stats = (STATS_BYTE >> 2) + slot * STATS_STRIDE_WORDS;
  }

  /** A new heap; this thread is attached to it. */
  static create(options: SharedHeapOptions = {}): SharedHeap {
    // Offsets are int32 words in the protocol, so a heap stays under 2 GiB.
    const max = Math.min(options.maxBytes ?? 1 << 30, 0x7fff0000);
    const initial = Math.min(max, Math.max(DATA_START + CHUNK, options.initialBytes ?? 1 << 20));
    const buffer = new GrowableSAB(initial, { maxByteLength: max });
    const i32 = new Int32Array(buffer);
    i32[H_VERSION] = VERSION;
    i32[H_FLAGS] = options.verify ? F_VERIFY : 0;
    i32[H_TOP] = DATA_START;
    i32[H_MAX] = max;
    Atomics.store(i32, H_MAGIC, MAGIC);
    return new SharedHeap(buffer);
  }

  /** Attaches this thread to a heap another thread created. */
  static attach(descriptor: SharedHeapDescriptor): SharedHeap {
    return new SharedHeap(descriptor.buffer);
  }

  /** What to post to a worker so it can `attach`. */
  descriptor(): SharedHeapDescriptor {
    return { buffer: this.buffer };
  }

  /**
   * Views of the whole heap as it is now; index with `ptr >> 2` (`ptr >> 3` for `f64`). Take
   * them again after allocating: a grown heap gets new views (old ones stay valid but shorter).
   */
  get i32(): Int32Array {
    if (this.#stale()) this.#renewViews();
    return this.#i32;
  }
  get f64(): Float64Array {
    if (this.#stale()) this.#renewViews();
    return this.#f64;
  }
  get u8(): Uint8Array {
    if (this.#stale()) this.#renewViews();
    return this.#u8;
  }
  /** 64-bit words (index `ptr >> 3`): NaN-boxed slots (boxedWord.ts) are read and CASed through it. */
  get b64(): BigInt64Array {
    if (this.#stale()) this.#renewViews();
    return this.#b64;
  }

  /**
   * Whether the views end before the heap's top. The top is one atomic load; reading a growable
   * SharedArrayBuffer's `byteLength` is a runtime call of ~70-100 ns, far too slow for every
   * access. Any block ever handed out lies below the top, and a thread that raised the top grows
   * the buffer before it uses the memory.
   */
  #stale(): boolean {
    return Atomics.load(this.#i32, H_TOP) > this.#u8.length;
  }

  #renewViews(): void {
    const n = this.buffer.byteLength;
    this.#i32 = new Int32Array(this.buffer, 0, n >> 2);
    this.#f64 = new Float64Array(this.buffer, 0, n >> 3);
    this.#u8 = new Uint8Array(this.buffer, 0, n);
    this.#b64 = new BigInt64Array(this.buffer, 0, n >> 3);
  }

  get verifying(): boolean {
    return this.#verify;
  }

  /**
   * A block with at least `bytes` payload bytes and reference count 1; returns the payload's
   * byte offset (8-aligned). Its first `refs` words are child pointers, zeroed, released with it.
   * Then, from the next 8-aligned offset ({@link boxedSlot}), `boxed` 64-bit NaN-boxed slots
   * (boxedWord.ts), set to `EMPTY_BITS`; a slot holding a heap reference releases it with the block.
   */
  alloc(bytes: number, refs = 0, boxed = 0): number {
    // Both counts live in 16 bits of the header: more would wrap, and the block would not release its children.
    if (refs > 0xffff || boxed > 0xffff) throw gcError("tooManyRefs", refs, boxed);
    const cls = classFor(bytes + HEADER_BYTES);
    const b = this.#cache[cls]!.pop() ?? this.#refill(cls);
    if (b + classBytes(cls) > this.#u8.length) this.#renewViews();
    const w = b >> 2;
    const i32 = this.#i32;
    if (this.#verify) this.#checkPoison(b, cls);
    i32[w + B_REFS] = refs | (boxed << 16);
    for (let i = 0; i < refs; i++) i32[w + 4 + i] = 0;
    for (let i = 0, at = w + 4 + boxedStart(refs); i < boxed; i++, at += 2) {
      i32[at] = 0;
      i32[at + 1] = BOX_HI;
    }
    Atomics.store(i32, w + B_COUNT, 1);
    Atomics.store(i32, w + B_STATE, LIVE | cls);
    const s = this.#stats;
    i32[s + S_ALLOCS]!++;
    i32[s + S_BYTES_ALLOCATED]! += classBytes(cls);
    return b + HEADER_BYTES;
  }

  /** Payload bytes usable in the block at `ptr`. */
  sizeOf(ptr: number): number {
    return classBytes(this.#state(ptr) & CLASS_MASK) - HEADER_BYTES;
  }

  /** Adds a reference; the block must be live (a count never comes back from 0). */
  retain(ptr: number): void {
    const w = this.#word(ptr);
    const old = Atomics.add(this.#i32, w + B_COUNT, 1);
    if (old <= 0) {
      Atomics.sub(this.#i32, w + B_COUNT, 1);
      throw gcError("notLive", ptr);
    }
  }

  /** Adds a reference if the block is still live; `false` if it has been freed. */
  tryRetain(ptr: number): boolean {
    const at = this.#word(ptr) + B_COUNT;
    for (let c = Atomics.load(this.#i32, at); c > 0; ) {
      const seen = Atomics.compareExchange(this.#i32, at, c, c + 1);
      if (seen === c) return true;
      c = seen;
    }
    return false;
  }

  /**
   * Drops a reference; at 0 the block (and, transitively, its children) is freed. Nothing runs
   * besides: a block is as often freed by its parent's cascade as by a direct release, so what
   * it must free with it has to be named by its pointer words or boxed slots.
   */
  release(ptr: number): void {
    const w = this.#word(ptr);
    const old = Atomics.sub(this.#i32, w + B_COUNT, 1);
    if (old > 1) return;
    if (old <= 0) {
      Atomics.add(this.#i32, w + B_COUNT, 1);
      throw gcError("doubleFree", ptr);
    }
    this.#freeCascade(ptr);
  }

  /** How many pointer words the block at `ptr` starts with. */
  refsOf(ptr: number): number {
    const w = this.#word(ptr);
    return this.#i32[w + B_REFS]! & 0xffff;
  }

  /** Reference count of a block (for tests and assertions). */
  countOf(ptr: number): number {
    const w = this.#word(ptr);
    return Atomics.load(this.#i32, w + B_COUNT);
  }

  /**
   * Stores `child` in pointer word `i` of `parent`, taking over the caller's reference to it,
   * and releases the previous occupant.
   */
  setRef(parent: number, i: number, child: number): void {
    const at = this.#refWord(parent, i);
    const old = Atomics.exchange(this.#i32, at, child);
    if (old !== 0) this.release(old);
  }

  /**
   * Replaces pointer word `i` of `parent` with `next` if it still holds `expected` (a swap!).
   * On success the slot owns the caller's reference to `next` and `expected`'s slot reference is
   * released; on failure nothing changes.
   */
  casRef(parent: number, i: number, expected: number, next: number): boolean {
    const at = this.#refWord(parent, i);
    const seen = Atomics.compareExchange(this.#i32, at, expected, next);
    if (seen !== expected) return false;
    if (expected !== 0) this.release(expected);
    return true;
  }

  /**
   * Reads pointer word `i` of `parent` and returns it retained (0 if empty): the caller owns a
   * reference and must `release` it. Lock-free: retain only a live block, then check the slot
   * still holds it; a block freed in between is never resurrected, and memory is type-stable.
   */
  acquireRef(parent: number, i: number): number {
    const at = this.#refWord(parent, i);
    for (;;) {
      const p = Atomics.load(this.#i32, at);
      if (p === 0) return 0;
      if (this.tryRetain(p)) {
        if (Atomics.load(this.#i32, at) === p) return p;
        this.release(p);
      }
    }
  }

  /**
   * Wraps one reference in a JS object: when the object is garbage collected the reference is
   * released (FinalizationRegistry), or earlier with `dispose()`.
   */
  handle(ptr: number): BlockHandle {
    const h = new BlockHandle(ptr, this);
    this.#finalizer.register(h, ptr, h);
    return h;
  }

  /** @internal BlockHandle.dispose */
  disposeHandle(h: BlockHandle): void {
    this.#finalizer.unregister(h);
    this.release(h.ptr);
  }

  /** Throws unless `ptr` is a live block with a positive count. */
  checkLive(ptr: number): void {
    const state = this.#state(ptr);
    if ((state & STATE_MASK) !== LIVE || this.countOf(ptr) <= 0) throw gcError("notLive", ptr);
  }

  /** Returns this thread's cached free blocks to the global lists (call before a worker exits). */
  flush(): void {
    for (let c = 0; c < NUM_CLASSES; c++) {
      const cache = this.#cache[c]!;
      while (cache.length > 0) this.#pushBatch(c, cache.splice(0, BATCH));
    }
  }

  /**
   * What a thread does before it exits for good (a `spawn-thread` worker): `flush`, and hand the
   * unused rest of its private chunk to the global free lists as blocks of the largest classes
   * that fit, so a process that starts many short-lived threads does not strand 64 KiB per thread.
   */
  retire(): void {
    // References this thread's objects hold (an atom's memoised value) go first.
    for (const hook of [...this.#retiring]) hook();
    this.#retiring.clear();
    this.flush();
    const i32 = this.i32;
    let b = this.#chunkCur;
    let left = this.#chunkEnd - this.#chunkCur;
    this.#chunkCur = this.#chunkEnd = 0;
    while (left >= MIN_BLOCK) {
      const cls = Math.min(SMALL_CLASSES - 1, 31 - Math.clz32(left) - 5);
      const size = classBytes(cls);
      const w = b >> 2;
      i32[w + B_COUNT] = 0;
      i32[w + B_REFS] = 0;
      if (this.#verify) i32.fill(POISON, w + 4, w + (size >> 2));
      Atomics.store(i32, w + B_STATE, FREE | cls);
      this.#pushBatch(cls, [b]);
      b += size;
      left -= size;
    }
  }

  /** Runs `hook` when this thread `retire`s: to drop references it holds in thread-local objects. Returns the unsubscribe. */
  onRetire(hook: () => void): () => void {
    this.#retiring.add(hook);
    return () => this.#retiring.delete(hook);
  }

  /** Finishes frees this thread deferred (tests; otherwise they drain on their own). */
  drain(): void {
    while (this.#pending.length > 0) this.#freeCascade(this.#pending.pop()!);
  }

  stats(): HeapStats {
    let allocs = 0, frees = 0, bytesIn = 0, bytesOut = 0;
    const threads = Math.min(MAX_THREADS, Atomics.load(this.#i32, H_THREADS));
    for (let t = 0; t < threads; t++) {
      const s = (STATS_BYTE >> 2) + t * STATS_STRIDE_WORDS;
      allocs += Atomics.load(this.#i32, s + S_ALLOCS);
      frees += Atomics.load(this.#i32, s + S_FREES);
      bytesIn += Atomics.load(this.#i32, s + S_BYTES_ALLOCATED) >>> 0;
      bytesOut += Atomics.load(this.#i32, s + S_BYTES_FREED) >>> 0;
    }
    return {
      highWaterBytes: Atomics.load(this.#i32, H_TOP),
      capacityBytes: this.buffer.byteLength,
      // Per-thread counters wrap at 2^32; the differences are exact while the live amount fits in 31 bits.
      liveBlocks: (allocs - frees) | 0,
      liveBytes: (bytesIn - bytesOut) | 0,
      allocs,
      frees,
      allocatedBytes: bytesIn,
      threads,
      pendingFrees: this.#pending.length,
    };
  }

  /**
   * Walks every block (call while other threads are quiet): every block reachable from `roots`
   * (and their children) must be live; in verify mode every free block must still be poisoned;
   * the global free lists must hold only free blocks of their class. With `leaks: true`, any
   * live block not reachable from `roots` is reported as leaked.
   */
  verify(roots: Iterable<number> = [], options: { leaks?: boolean } = {}): VerifyReport {
    this.#renewViews();
    const reachable = new Set<number>();
    const stack = [...roots];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (reachable.has(p)) continue;
      this.checkLive(p);
      reachable.add(p);
      this.#children(p, (c) => void stack.push(c));
    }
    let live = 0, free = 0;
    const top = Atomics.load(this.#i32, H_TOP);
    for (let chunk = DATA_START; chunk < top; ) {
      let b = chunk;
      let next = chunk + CHUNK;
      while (b < chunk + CHUNK) {
        const state = this.#i32[b >> 2]!;
        if (state === 0) break;
        const cls = state & CLASS_MASK;
        const kind = state & STATE_MASK;
        if ((kind !== LIVE && kind !== FREE) || cls >= NUM_CLASSES) throw gcError("badPointer", b + HEADER_BYTES);
        if (kind === LIVE) live++;
        else {
          free++;
          if (this.#verify) this.#checkPoison(b, cls);
        }
        b += classBytes(cls);
        if (cls >= SMALL_CLASSES) next = b;
      }
      chunk = Math.max(next, chunk + CHUNK);
    }
    for (let c = 0; c < NUM_CLASSES; c++) {
      let seen = 0;
      for (let b = Number(Atomics.load(this.#heads, c) & 0xffffffffn); b !== 0; b = this.#i32[(b >> 2) + B_NEXT]!) {
        if (this.#i32[b >> 2] !== (FREE | c)) throw gcError("notLive", b + HEADER_BYTES);
        if (++seen > free) throw gcError("badHeap", `free list ${c} has a cycle`);
      }
    }
    if (options.leaks && live > reachable.size) throw gcError("leaked", live - reachable.size);
    return { liveBlocks: live, freeBlocks: free, reachableBlocks: reachable.size, highWaterBytes: top };
  }

  #state(ptr: number): number {
    const w = this.#word(ptr);
    return Atomics.load(this.#i32, w + B_STATE);
  }

  /**
   * Int32 index of the header of the block at `ptr`, renewing the views if another thread carved
   * it after the buffer grew. Call it before reading `this.#i32`, never inside an expression that
   * has already read it (`Atomics.load(this.#i32, this.#word(p))`): arguments are evaluated left
   * to right, so that expression indexes the old, shorter view past its end.
   */
  #word(ptr: number): number {
    if ((ptr & 7) !== 0 || ptr < DATA_START + HEADER_BYTES || ptr >= this.#u8.length) {
      // A block another thread carved after the buffer grew: renew the views and look again.
      if (ptr < this.buffer.byteLength && (ptr & 7) === 0 && ptr >= DATA_START + HEADER_BYTES) this.#renewViews();
      else throw gcError("badPointer", ptr);
    }
    return (ptr - HEADER_BYTES) >> 2;
  }

  /** Calls `visit` with every child block of `ptr`: its pointer words, then its boxed slots' references. */
  #children(ptr: number, visit: (child: number) => void): void {
    const layout = this.#i32[((ptr - HEADER_BYTES) >> 2) + B_REFS]!;
    const refs = layout & 0xffff;
    const i32 = this.#i32;
    for (let i = 0; i < refs; i++) {
      const c = i32[(ptr >> 2) + i]!;
      if (c !== 0) visit(c);
    }
    for (let i = 0, at = (ptr >> 2) + boxedStart(refs), n = layout >>> 16; i < n; i++, at += 2) {
      if (i32[at + 1] === REF_HI && i32[at] !== 0) visit(i32[at]!);
    }
  }

  #refWord(parent: number, i: number): number {
    const w = this.#word(parent);
    if (i < 0 || i >= (this.#i32[w + B_REFS]! & 0xffff)) throw gcError("badPointer", parent);
    return (parent >> 2) + i;
  }

  #freeCascade(first: number): void {
    const work = [first];
    // The clock is first read after CASCADE_CHECK frees, so a plain single free never reads it.
    let started = 0;
    for (let n = 1; work.length > 0; n++) {
      if (n % CASCADE_CHECK === 0 && (started === 0 ? ((started = performance.now()), false) : performance.now() - started > CASCADE_BUDGET_MS)) {
        for (const p of work) this.#pending.push(p);
        this.#scheduleDrain();
        return;
      }
      const ptr = work.pop()!;
      const b = ptr - HEADER_BYTES;
      const w = b >> 2;
      const state = Atomics.load(this.#i32, w + B_STATE);
      if ((state & STATE_MASK) !== LIVE) throw gcError("doubleFree", ptr);
      this.#children(ptr, (c) => {
        const at = this.#word(c) + B_COUNT;
        const old = Atomics.sub(this.#i32, at, 1);
        if (old === 1) work.push(c);
        else if (old <= 0) throw gcError("doubleFree", c);
      });
      const cls = state & CLASS_MASK;
      if (this.#verify) this.#i32.fill(POISON, w + 4, w + (classBytes(cls) >> 2));
      Atomics.store(this.#i32, w + B_STATE, FREE | cls);
      const s = this.#stats;
      this.#i32[s + S_FREES]!++;
      this.#i32[s + S_BYTES_FREED]! += classBytes(cls);
      const cache = this.#cache[cls]!;
      cache.push(b);
      if (cache.length >= 2 * BATCH) this.#pushBatch(cls, cache.splice(0, BATCH));
    }
  }

  #scheduleDrain(): void {
    if (this.#draining) return;
    this.#draining = true;
    const step = () => {
      const batch = this.#pending.splice(0, this.#pending.length);
      for (const p of batch) this.#freeCascade(p);
      if (this.#pending.length > 0) setImmediate(step);
      else this.#draining = false;
    };
    setImmediate(step);
  }

  #checkPoison(b: number, cls: number): void {
    const w = b >> 2;
    const end = w + (classBytes(cls) >> 2);
    const state = this.#i32[w]!;
    if (state === 0) return; // freshly carved, never used
    for (let i = w + 4; i < end; i++) if (this.#i32[i] !== POISON) throw gcError("useAfterFree", b + HEADER_BYTES);
  }

  /** Links `blocks` into a chain and pushes it onto class `cls`'s global list with one CAS. */
  #pushBatch(cls: number, blocks: number[]): void {
    const first = blocks[0];
    if (first === undefined) return;
    for (let i = 0; i < blocks.length - 1; i++) this.#i32[(blocks[i]! >> 2) + B_NEXT] = blocks[i + 1]!;
    const lastNext = (blocks[blocks.length - 1]! >> 2) + B_NEXT;
    for (;;) {
      const head = Atomics.load(this.#heads, cls);
      Atomics.store(this.#i32, lastNext, Number(head & 0xffffffffn));
      const next = (((head >> 32n) + 1n) << 32n) | BigInt(first);
      if (Atomics.compareExchange(this.#heads, cls, head, next) === head) return;
    }
  }

  /** Pops one block from class `cls`'s global list (the tag in the head defeats ABA), or 0. */
  #pop(cls: number): number {
    for (;;) {
      const head = Atomics.load(this.#heads, cls);
      const b = Number(head & 0xffffffffn);
      if (b === 0) return 0;
      if (b >= this.#u8.length) this.#renewViews();
      const link = Atomics.load(this.#i32, (b >> 2) + B_NEXT);
      const next = (((head >> 32n) + 1n) << 32n) | BigInt(link);
      if (Atomics.compareExchange(this.#heads, cls, head, next) === head) return b;
    }
  }

  #refill(cls: number): number {
    const cache = this.#cache[cls]!;
    for (let i = 0; i < BATCH; i++) {
      const b = this.#pop(cls);
      if (b === 0) break;
      cache.push(b);
    }
    const hit = cache.pop();
    if (hit !== undefined) return hit;
    const size = classBytes(cls);
    if (cls >= SMALL_CLASSES) return this.#reserve(size);
    if (this.#chunkEnd - this.#chunkCur < size) {
      this.#chunkCur = this.#reserve(CHUNK);
      this.#chunkEnd = this.#chunkCur + CHUNK;
    }
    const b = this.#chunkCur;
    this.#chunkCur += size;
    return b;
  }

  /** Carves `bytes` (a multiple of CHUNK) off the top of the heap, growing the buffer in place. */
  #reserve(bytes: number): number {
    const max = this.#i32[H_MAX]!;
    let top = Atomics.load(this.#i32, H_TOP);
    for (;;) {
      if (top + bytes > max) throw gcError("outOfMemory", top + bytes, max);
      const seen = Atomics.compareExchange(this.#i32, H_TOP, top, top + bytes);
      if (seen === top) break;
      top = seen;
    }
    const end = top + bytes;
    if (this.buffer.byteLength < end) {
      try {
        (this.buffer as Growable).grow(Math.min(max, Math.max(end, this.buffer.byteLength * 2)));
      } catch (e) {
        // Another thread grew it further first (a shared buffer never shrinks).
        if (this.buffer.byteLength < end) throw e;
      }
    }
    return top;
  }
}

/** One reference to a heap block, released when this object is collected or disposed. */
export class BlockHandle {
  #disposed = false;
  constructor(
    readonly ptr: number,
    readonly heap: SharedHeap,
  ) {}
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.heap.disposeHandle(this);
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}
