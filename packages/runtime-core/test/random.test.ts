import { describe, expect, test } from "vitest";
import { random, randomInt, randomSeedForWorker, seedRandom, seedRandomFromParent } from "../src/index.js";

/**
 * xoshiro128** and splitmix32 written with BigInt arithmetic straight from their definitions
 * (Blackman and Vigna; Steele et al.), to pin the runtime's 32-bit JavaScript version to the
 * algorithm itself rather than to whatever one engine computes.
 */
const M32 = 0xffffffffn;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M32;
function reference(seed: number): () => number {
  let x = BigInt(seed >>> 0);
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9n) & M32;
    let z = x;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M32;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M32;
    s.push(z ^ (z >> 16n));
  }
  return () => {
    const result = (rotl((s[1]! * 5n) & M32, 7n) * 9n) & M32;
    const t = (s[1]! << 9n) & M32;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
    return Number(result);
  };
}

describe("the per-thread random generator", () => {
  test.each([0, 1, 42, 2026, -1, 2147483647])("seed %i gives the reference xoshiro128** sequence", (seed) => {
    const ref = reference(seed);
    seedRandom(seed);
    // randomSeedForWorker draws exactly one 32-bit output.
    const ours = Array.from({ length: 64 }, () => randomSeedForWorker());
    expect(ours).toEqual(Array.from({ length: 64 }, ref));
  });

  test("random builds a Float in [0, 1) from the top 27 and 26 bits of two outputs", () => {
    const ref = reference(7);
    seedRandom(7);
    const a = ref() >>> 5;
    const b = ref() >>> 6;
    expect(random()).toBe((a * 67108864 + b) / 9007199254740992);
  });

  test("random-int rejects the biased tail, so every residue is equally likely", () => {
    seedRandom(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[randomInt(3)]!++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  test("random-int raises on a bound of zero or less", () => {
    expect(() => randomInt(0)).toThrow("random-int needs a positive bound, got 0");
    expect(() => randomInt(-5)).toThrow("random-int needs a positive bound, got -5");
  });

  test("a worker seeded from its parent's draw repeats exactly when the parent was seeded", () => {
    seedRandom(99);
    const seed = randomSeedForWorker();
    seedRandomFromParent(seed);
    const first = [randomInt(1000), randomInt(1000)];
    seedRandom(99);
    seedRandomFromParent(randomSeedForWorker());
    expect([randomInt(1000), randomInt(1000)]).toEqual(first);
  });
});
