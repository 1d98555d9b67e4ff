import { processHeap, SHARE } from "@weft/gc";
import { expect, test } from "vitest";
import { channel } from "../src/index.js";
import { ringIndex } from "../src/SharedCore.js";
import { PARTICLE, type Particle, particle, whole } from "./support/particle.js";

const take = (ch: { tryRecv(): { some: boolean; value?: unknown } }) => ch.tryRecv().value;

test("a shared channel passes Ints, Floats, Bools and Unit without allocating, in order", () => {
  const heap = processHeap();
  const ch = channel<unknown>(8);
  ch[SHARE]();
  const values = [1, -2.5, true, false, undefined, Number.NaN, 2 ** 40, -0];
  const before = heap.stats().allocs;
  for (const v of values) expect(ch.trySend(v)).toBe(true);
  expect(ch.trySend(9)).toBe(false);
  const got = values.map(() => take(ch));
  expect(heap.stats().allocs).toBe(before);
  expect(got).toEqual(values);
  expect(Object.is(got[7], -0)).toBe(true);
});

test("an unbounded shared channel chains segments and gives back every value, strings and structs included, in order", () => {
  const heap = processHeap();
  const ch = channel<unknown>("unbounded");
  ch[SHARE]();
  heap.drain();
  const live = heap.stats().liveBlocks;
  const values = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `s${i}` : i % 3 === 1 ? { i } : i));
  for (const v of values) expect(ch.trySend(v)).toBe(true);
  expect(ch.length).toBe(300);
  const got = values.map(() => take(ch));
  expect(got).toEqual(values);
  ch.close();
  expect(ch.tryRecv()).toEqual({ some: false });
  heap.drain();
  // Drained: the one segment the channel started with, as before, and no value block left.
  expect(heap.stats().liveBlocks).toBe(live);
});

test("an unbounded shared channel holds a backlog of 300,000 values and frees each drained segment as it goes", () => {
  const heap = processHeap();
  const ch = channel<number>("unbounded");
  ch[SHARE]();
  heap.drain();
  const live = heap.stats().liveBlocks;
  const n = 300_000;
  for (let i = 0; i < n; i++) if (!ch.trySend(i)) throw new Error(`refused value ${i}`);
  expect(ch.length).toBe(n);
  // 1,024 values a segment: the backlog spans 293 segments, one of which the channel had already.
  expect(heap.stats().liveBlocks - live).toBe(Math.ceil(n / 1024) - 1);
  let wrong = 0;
  for (let i = 0; i < 200_000; i++) if (take(ch) !== i) wrong++;
  expect(ch.length).toBe(100_000);
  expect(heap.stats().liveBlocks - live).toBe(Math.ceil(n / 1024) - Math.floor(200_000 / 1024) - 1);
  for (let i = 200_000; i < n; i++) if (take(ch) !== i) wrong++;
  expect(wrong).toBe(0);
  expect(ch.length).toBe(0);
  heap.drain();
  expect(heap.stats().liveBlocks).toBe(live);
});

test("a lock-free ring places every position in its own slot, and neighbours of a ring of 16 or more at least four slots (one cache line of boxed slots) apart", () => {
  for (let size = 2; size <= 4096; size *= 2) {
    const slots = Array.from({ length: size }, (_, i) => ringIndex(i, size));
    expect(new Set(slots).size).toBe(size);
    expect(Math.min(...slots)).toBe(0);
    expect(Math.max(...slots)).toBe(size - 1);
    if (size >= 16) for (let i = 1; i < size; i++) expect(Math.abs(slots[i]! - slots[i - 1]!)).toBeGreaterThanOrEqual(4);
  }
});

test("a bounded shared channel too large for one lock-free ring block keeps its capacity in segments: 100,000 Ints, 20,000 plain structs", () => {
  const ints = channel<number>(100_000);
  ints[SHARE]();
  for (let i = 0; i < 100_000; i++) if (!ints.trySend(i)) throw new Error(`refused value ${i}`);
  expect(ints.trySend(-1)).toBe(false);
  let wrong = 0;
  for (let i = 0; i < 100_000; i++) if (take(ints) !== i) wrong++;
  expect(wrong).toBe(0);
  const sliding = channel<number>(70_000, "sliding");
  sliding[SHARE]();
  for (let i = 0; i < 70_001; i++) sliding.trySend(i);
  expect([sliding.length, take(sliding)]).toEqual([70_000, 1]);
  const structs = channel<Particle>(20_000, "block", PARTICLE);
  structs[SHARE]();
  for (let i = 0; i < 20_000; i++) if (!structs.trySend(particle(i))) throw new Error(`refused particle ${i}`);
  expect(structs.trySend(particle(-1))).toBe(false);
  for (let i = 0; i < 20_000; i++) if (!whole(take(structs))) wrong++;
  expect(wrong).toBe(0);
});
