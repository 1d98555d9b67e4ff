import { expect, test } from "vitest";
import { SharedHeap } from "../src/index.js";

/**
 * A second attachment in this thread stands for another thread: its views of the buffer were
 * taken before `carver` grew it, and nothing has renewed them when the pointer arrives (as when
 * a worker carves a fresh chunk and posts a block from it through a ring). Each case gets a
 * fresh pair because the first call through `reader` renews its views.
 */
function grownHeap(): { carver: SharedHeap; reader: SharedHeap; parent: number; readerBytes: number } {
  const carver = SharedHeap.create({ verify: true, initialBytes: 0 });
  // Fills the first chunk, so the next large block starts past the buffer's initial end.
  const parent = carver.alloc(8, 1);
  const reader = SharedHeap.attach(carver.descriptor());
  return { carver, reader, parent, readerBytes: carver.buffer.byteLength };
}

/** A block past the end of the buffer as `reader` last saw it: a large class carves its own chunks at the top, growing the buffer. */
function blockPastReaderViews(carver: SharedHeap, readerBytes: number, refs = 0): number {
  const p = carver.alloc(70_000, refs);
  expect(p).toBeGreaterThan(readerBytes);
  return p;
}

const cases: ReadonlyArray<readonly [string, (reader: SharedHeap, carver: SharedHeap, p: number) => unknown, unknown]> = [
  ["checkLive", (reader, _, p) => reader.checkLive(p), undefined],
  ["sizeOf", (reader, _, p) => reader.sizeOf(p), 2 * 65_536 - 16],
  ["countOf", (reader, _, p) => reader.countOf(p), 1],
  ["refsOf", (reader, _, p) => reader.refsOf(p), 2],
  ["retain", (reader, carver, p) => (reader.retain(p), carver.countOf(p)), 2],
  ["tryRetain", (reader, carver, p) => [reader.tryRetain(p), carver.countOf(p)], [true, 2]],
  ["setRef", (reader, carver, p) => (reader.setRef(p, 1, carver.alloc(8)), carver.refsOf(p)), 2],
  ["casRef", (reader, carver, p) => reader.casRef(p, 0, 0, carver.alloc(8)), true],
  ["acquireRef", (reader, _, p) => reader.acquireRef(p, 0), 0],
];

test.each(cases)(
  "%s on a block another thread carved after the buffer grew sees the block, not a stale view's end",
  (_, op, expected) => {
    const { carver, reader, readerBytes } = grownHeap();
    const p = blockPastReaderViews(carver, readerBytes, 2);
    expect(op(reader, carver, p)).toEqual(expected);
  },
);

test("a release that frees a child another thread carved after the buffer grew frees both blocks", () => {
  const { carver, reader, parent, readerBytes } = grownHeap();
  const child = blockPastReaderViews(carver, readerBytes);
  carver.setRef(parent, 0, child);
  reader.release(parent);
  reader.flush();
  expect(carver.verify([], { leaks: true }).liveBlocks).toBe(0);
});
