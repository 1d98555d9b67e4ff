import { processHeap, SHARE } from "@weft/gc";
import { expect, test } from "vitest";
import { channel } from "../src/index.js";

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

test("an unbounded shared channel grows its ring and gives back every value, strings and structs included, in order", () => {
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
  // The ring grew from 64 to 512 slots: one ring block, as before, and no value block left.
  expect(heap.stats().liveBlocks).toBe(live);
});
