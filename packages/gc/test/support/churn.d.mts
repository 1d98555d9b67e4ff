import type { SharedHeap } from "../../src/index.js";
export declare const RING_CAPACITY: number;
export declare const RING_WORDS: number;
export declare class Ring {
  constructor(i32: Int32Array);
  push(p: number): boolean;
  pop(): number;
}
export declare class Churner {
  constructor(heap: SharedHeap, options: { thread: number; blocks: number; inbox: Ring; outbox: Ring });
  readonly received: number;
  step(n: number): boolean;
  drainInbox(): void;
  releaseWindow(): void;
}
