import { clock } from "./Clock.js";
import { raise } from "./WeftError.js";

/**
 * The current thread's random generator: xoshiro128** (Blackman and Vigna), four 32-bit words
 * of state, so it needs only 32-bit integer arithmetic and gives the same sequence for a seed on
 * every platform. Module state is per thread: each worker loads its own copy of this module and
 * is seeded from its parent's generator (`randomSeedForWorker` / `seedRandomFromParent`).
 */
const state = new Uint32Array(4);

/** splitmix32: spreads one 32-bit seed over the four words (never all zero). */
function seedState(seed: number): void {
  let x = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The next 32 random bits, as an unsigned number. */
function next(): number {
  let s0 = state[0]!, s1 = state[1]!, s2 = state[2]!, s3 = state[3]!;
  const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
  const t = (s1 << 9) >>> 0;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl(s3 >>> 0, 11);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
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
