import { expect, test } from "vitest";
import { decode, decodeFlat, encode, loadEncoded, S, SharedHeap, storeEncoded } from "../src/index.js";
import { Entity, kw, makeRegistry, Pair, Vec2, WeftMap } from "./fixtures.js";

const registry = makeRegistry();

test("a value stored in a heap block decodes to an equal value, strings included", () => {
  const heap = SharedHeap.create({ verify: true });
  const schema = S.type("Pair", S.string, S.map(S.keyword, S.vec(S.string)));
  const v = new Pair("héllo ✓ " + "x".repeat(10_000), new WeftMap([[kw("a"), ["", "b", "🎮"]]]));
  const ptr = storeEncoded(heap, encode(v, schema, { registry }));
  expect(decode(loadEncoded(heap, ptr), schema, { registry })).toStrictEqual(v);
  heap.release(ptr);
  expect(heap.verify([], { leaks: true }).liveBlocks).toBe(0);
});

test("a flat vector stored in the heap is read in place from the heap's memory", () => {
  const heap = SharedHeap.create();
  const schema = S.vec(S.type("Entity"));
  const v = Array.from({ length: 100 }, (_, i) => new Entity(i, new Vec2(i, 0), new Vec2(0, i)));
  const ptr = storeEncoded(heap, encode(v, schema, { registry }));
  const flat = decodeFlat<Entity>(loadEncoded(heap, ptr), schema, { registry });
  expect(flat.f64.buffer).toBe(heap.buffer);
  expect(flat.float(42, "vel.y")).toBe(42);
  expect(flat.get(99)).toStrictEqual(v[99]);
});

test("a freed block cannot be loaded", () => {
  const heap = SharedHeap.create({ verify: true });
  const ptr = storeEncoded(heap, encode(1, S.int, { registry }));
  heap.release(ptr);
  expect(() => loadEncoded(heap, ptr)).toThrowError(/not live/);
});

test("a handle inside a heap-stored value keeps its descriptor, comes back borrowed with this heap, and its block holds the handle's reference", () => {
  const heap = SharedHeap.create();
  const descriptor = { kind: "cell", data: { heap: heap.descriptor(), cell: 1234 } };
  const e = { bytes: new Uint8Array(8), strings: ["s"], handles: [descriptor] };
  const loaded = loadEncoded(heap, storeEncoded(heap, e));
  expect(loaded.strings).toEqual(["s"]);
  expect(loaded.handles).toEqual([{ kind: "cell", data: { heap: { buffer: heap.buffer }, cell: 1234, borrowed: true } }]);
  // A handle that names a block (`ref`) hands its in-flight reference to the stored value's block.
  const cell = heap.alloc(8);
  const stored = storeEncoded(heap, { ...e, handles: [{ kind: "cell", data: { heap: heap.descriptor(), ref: cell } }] });
  expect(heap.refsOf(stored)).toBe(1);
  expect(loadEncoded(heap, stored).handles).toEqual([{ kind: "cell", data: { heap: { buffer: heap.buffer }, ref: cell, borrowed: true } }]);
  heap.release(stored);
  expect(() => heap.checkLive(cell)).toThrow();
  const other = { kind: "cell", data: { heap: SharedHeap.create().descriptor(), cell: 1 } };
  expect(() => storeEncoded(heap, { ...e, handles: [other] })).toThrowError(/not in this heap/);
});
