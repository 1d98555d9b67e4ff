// The stress test's workload, in plain JS so worker threads can run it without a TS loader.
// Thread `thread` allocates `blocks` blocks of mixed sizes, keeps a window of live ones, frees
// them in random order, and shares every SHARE_EVERY-th block with the next thread (retained
// once more and sent through a single-producer ring; the receiver checks and releases it).
// Each block carries a signature in its first and last word: a block freed while this thread
// could still reach it, and handed to someone else, would have another signature.

const HEAD = 0, TAIL = 1, SLOTS = 2;
export const RING_CAPACITY = 256;
export const RING_WORDS = SLOTS + RING_CAPACITY;
const WINDOW = 64;
const SHARE_EVERY = 16;

export class Ring {
  constructor(i32) {
    this.i32 = i32;
  }
  push(p) {
    const t = Atomics.load(this.i32, TAIL);
    if (t - Atomics.load(this.i32, HEAD) >= RING_CAPACITY) return false;
    Atomics.store(this.i32, SLOTS + (t % RING_CAPACITY), p);
    Atomics.store(this.i32, TAIL, t + 1);
    return true;
  }
  pop() {
    const h = Atomics.load(this.i32, HEAD);
    if (h === Atomics.load(this.i32, TAIL)) return 0;
    const p = Atomics.load(this.i32, SLOTS + (h % RING_CAPACITY));
    Atomics.store(this.i32, HEAD, h + 1);
    return p;
  }
}

export class Churner {
  constructor(heap, { thread, blocks, inbox, outbox }) {
    this.heap = heap;
    this.thread = thread;
    this.left = blocks;
    this.inbox = inbox;
    this.outbox = outbox;
    this.window = [];
    this.seed = 0x9e3779b9 ^ (thread * 0x85ebca6b);
    this.count = 0;
    this.received = 0;
  }
  random() {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (this.seed = x) >>> 0;
  }
  size() {
    const r = this.random();
    // Mostly small, some up to 4 KiB, one in 2,000 a large block of 2 to 4 chunks.
    if (r % 2000 === 0) return 70_000 + (r % 150_000);
    return 4 << (r % 11);
  }
  sign(p) {
    const sig = ((this.thread + 1) << 24) | (this.count++ & 0xffffff);
    const last = (p >> 2) + (this.heap.sizeOf(p) >> 2) - 1;
    this.heap.i32[p >> 2] = sig;
    this.heap.i32[last] = sig;
    return sig;
  }
  check(p, sig) {
    this.heap.checkLive(p);
    const last = (p >> 2) + (this.heap.sizeOf(p) >> 2) - 1;
    const a = this.heap.i32[p >> 2], b = this.heap.i32[last];
    if (a !== sig || b !== sig) throw new Error(`block ${p} freed while reachable: signature ${a}/${b}, expected ${sig}`);
  }
  /** Runs up to `n` allocations; `true` once this thread's share is done. */
  step(n) {
    const heap = this.heap;
    for (; n > 0 && this.left > 0; n--, this.left--) {
      const p = heap.alloc(this.size());
      const sig = this.sign(p);
      if (this.count % SHARE_EVERY === 0) {
        heap.retain(p);
        if (!this.outbox.push(p)) heap.release(p);
      }
      if (this.window.length < WINDOW) this.window.push([p, sig]);
      else {
        const i = this.random() % WINDOW;
        const [old, oldSig] = this.window[i];
        this.check(old, oldSig);
        heap.release(old);
        this.window[i] = [p, sig];
      }
      this.drainInbox();
    }
    return this.left === 0;
  }
  drainInbox() {
    for (let p = this.inbox.pop(); p !== 0; p = this.inbox.pop()) {
      this.heap.checkLive(p);
      const last = (p >> 2) + (this.heap.sizeOf(p) >> 2) - 1;
      if (this.heap.i32[p >> 2] !== this.heap.i32[last] || this.heap.i32[p >> 2] >>> 24 === 0)
        throw new Error(`shared block ${p} damaged while reachable`);
      this.heap.release(p);
      this.received++;
    }
  }
  releaseWindow() {
    for (const [p, sig] of this.window) {
      this.check(p, sig);
      this.heap.release(p);
    }
    this.window = [];
  }
}
