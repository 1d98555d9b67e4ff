import { expect, test } from "vitest";
import { SharedHeap } from "../src/index.js";

test("releasing a freed block is a double free", () => {
  const heap = SharedHeap.create({ verify: true });
  const p = heap.alloc(32);
  heap.release(p);
  expect(() => heap.release(p)).toThrowError(/double free/);
});

test("retaining a freed block is refused rather than resurrecting it", () => {
  const heap = SharedHeap.create({ verify: true });
  const p = heap.alloc(32);
  heap.release(p);
  expect(() => heap.retain(p)).toThrowError(/not live/);
  expect(heap.tryRetain(p)).toBe(false);
});

test("a write into a freed block is caught by its poison", () => {
  const heap = SharedHeap.create({ verify: true });
  const p = heap.alloc(32);
  heap.release(p);
  heap.i32[(p >> 2) + 3] = 7; // a dangling write
  expect(() => heap.verify()).toThrowError(/written after it was freed/);
  expect(() => heap.alloc(32)).toThrowError(/written after it was freed/);
});

test("a reachable block that was freed is reported", () => {
  const heap = SharedHeap.create({ verify: true });
  const parent = heap.alloc(8, 1);
  const child = heap.alloc(8);
  heap.setRef(parent, 0, child);
  heap.release(child); // the parent's reference was the only one: child is freed behind its back
  expect(() => heap.verify([parent])).toThrowError(/freed while reachable/);
});

test("a live block that no root reaches is a leak", () => {
  const heap = SharedHeap.create({ verify: true });
  const kept = heap.alloc(8);
  heap.alloc(8);
  expect(() => heap.verify([kept], { leaks: true })).toThrowError(/1 block\(s\) still live/);
});

test("a pointer that is not a block of the heap is refused", () => {
  const heap = SharedHeap.create();
  expect(() => heap.release(3)).toThrowError(/not a block/);
  expect(() => heap.release(1 << 29)).toThrowError(/not a block/);
});
