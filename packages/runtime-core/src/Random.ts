import { clock } from "./Clock.js";
import { raise } from "./WeftError.js";

/**
 * The current thread's random generator: xoshiro128** (Blackman and Vigna), four 32-bit words
 * of state, so it needs only 32-bit integer arithmetic and gives the same sequence for a seed on
 * every platform. Module state is per thread: each worker loads its own copy of this module and
 * is seeded from its parent's generator (`randomSeedForWorker` / `seedRandomFromParent`).
 */
// Four plain numbers rather than a typed array: they stay in registers across calls.
let s0 = 0, s1 = 0, s2 = 0, s3 = 0;

/** splitmix32: spreads one 32-bit seed over the four words (never all zero). */
function seedState(seed: number): void {
  let x = seed >>> 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    words.push((z ^ (z >>> 16)) | 0);
  }
  [s0, s1, s2, s3] = words as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The next 32 random bits, as an unsigned number. The state is kept as signed 32-bit values
 * (`| 0`), which V8 holds unboxed; the bits are the same.
 */
function next(): number {
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3, 11);
  return result;
}

// A thread started by runtime-tasks finds the seed its parent drew for it (see runtime-tasks'
// `inheritRandomSeed`); the main thread, unseeded, gets a different sequence each run.
const inherited = (globalThis as { [k: symbol]: unknown })[Symbol.for("@weft/random.inherited")];
seedState(typeof inherited === "number" ? inherited : (Math.random() * 0x100000000) >>> 0);
(globalThis as { [k: symbol]: unknown })[Symbol.for("@weft/random")] = { draw: () => randomSeedForWorker() };

/** `(seed-random! n)`: from now on this thread's sequence is the one of seed `n`. */
export function seedRandom(seed: number): undefined {
  seedState(seed);
  return undefined;
}

/** `(random)`: a Float in [0, 1) with 53 random bits. */
export function random(): number {
  const hi = next() >>> 5;
  const lo = next() >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** `(random-int n)`: an Int in [0, n), unbiased (rejection sampling); `n` ≤ 0 raises. */
export function randomInt(n: number): number {
  if (n <= 0) raise(`random-int needs a positive bound, got ${n}`, randomInt);
  const limit = 0x100000000 - (0x100000000 % n);
  let x = next();
  while (x >= limit) x = next();
  return x % n;
}

/** A seed for a new worker thread, drawn from this thread's generator. */
export function randomSeedForWorker(): number {
  return next();
}

/** Seeds this (worker) thread's generator with what its parent drew for it. */
export const seedRandomFromParent = seedRandom;

/** `(now-ms)`: a monotonic clock in milliseconds, for frame timing. */
export function nowMs(): number {
  return clock().now();
}
