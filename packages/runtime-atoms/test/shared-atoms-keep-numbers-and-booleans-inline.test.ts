import { decode, encode, processHeap, S } from "@weft/gc";
import { expect, test } from "vitest";
import { atom } from "../src/index.js";

/** Crosses `a` to "another thread" and back (the same heap): its state moves into a SharedCell. */
function share<T>(a: T): T {
  return decode<T>(encode(a, S.handle), S.handle);
}

test("swap! on a shared atom holding an Int, a Float or a Bool allocates no heap block", () => {
  const heap = processHeap();
  const n = atom(0);
  const x = atom(0.25);
  const flag = atom(false);
  const unit = atom<undefined>(undefined);
  for (const a of [n, x, flag, unit]) expect(share(a)).toBe(a);
  expect(n.shared && x.shared && flag.shared && unit.shared).toBe(true);
  let expected = 0.25;
  const before = heap.stats();
  for (let i = 0; i < 1000; i++) {
    n.swap((v, d: number) => v + d, 2);
    x.swap((v) => v * 1.5 + 0.25);
    expected = expected * 1.5 + 0.25;
    flag.swap((b) => !b);
    unit.swap(() => undefined);
  }
  const after = heap.stats();
  expect(after.allocs - before.allocs).toBe(0);
  expect(n.deref()).toBe(2000);
  expect(flag.deref()).toBe(false);
  expect(unit.deref()).toBe(undefined);
  expect(x.deref()).toBe(expected);
});

test("a shared atom keeps NaN, -0 and large Floats exactly", () => {
  const a = share(atom<number>(Number.NaN));
  expect(a.deref()).toBeNaN();
  expect(a.swap(() => -0)).toBe(-0);
  expect(Object.is(a.deref(), -0)).toBe(true);
  expect(a.compareAndSet(-0, 1e300)).toBe(true);
  expect(a.deref()).toBe(1e300);
  expect(a.compareAndSet(1e300, 2 ** 31)).toBe(true);
  expect(a.deref()).toBe(2 ** 31);
});

test("a shared atom moves between inline values and heap values, and frees each replaced block", () => {
  const heap = processHeap();
  const a = share(atom<unknown>(1));
  const live = heap.stats().liveBlocks;
  a.reset("a string");
  expect(a.deref()).toBe("a string");
  a.swap((s) => `${s}!`);
  expect(a.deref()).toBe("a string!");
  const v = [1, 2, 3];
  a.reset(v);
  const read = a.deref();
  expect(read).toEqual([1, 2, 3]);
  expect(a.deref()).toBe(read);
  expect(a.compareAndSet(read, true)).toBe(true);
  expect(a.deref()).toBe(true);
  heap.drain();
  expect(heap.stats().liveBlocks).toBe(live);
});
