import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test } from "vitest";
import { allocFlat, BOOLS, backWith, flatBlockOf, flatLayout, flatViews, NUMBERS, plainTagOf, shareFlat } from "../src/index.js";
import { Entity, Flags, makeRegistry, Pair, Vec2 } from "./fixtures.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const registry = makeRegistry();
const entities = Array.from({ length: 100 }, (_, i) => new Entity(i - 50, new Vec2(i * 0.5, -i), new Vec2(1.25, i / 3)));

test("a vector of one plain-data struct is laid out once and found again while it lives", () => {
  const block = shareFlat(entities, registry)!;
  expect(block.tag).toBe("Entity");
  expect(block.length).toBe(100);
  expect(block.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(block.buffer.byteLength).toBe(100 * 40);
  expect(shareFlat(entities, registry)).toBe(block);
  expect(flatBlockOf(entities)).toBe(block);
  const layout = flatLayout("Entity", registry)!;
  const v = flatViews(block.buffer);
  expect(entities.map((_, i) => layout.decodeOne(v.f64, v.i32, v.u8, i * 40))).toStrictEqual(entities);
});

test("only vectors of one plain-data struct class, of numbers or of Bools are laid out flat", () => {
  expect(shareFlat([], registry)).toBeNull();
  expect(shareFlat([new Vec2(1, 2), entities[0]], registry)).toBeNull();
  expect(shareFlat([new Pair(1, "s")], registry)).toBeNull();
  expect(shareFlat([1, true], registry)).toBeNull();
  expect(plainTagOf(new Flags(true, 1, 2), registry)).toBe("Flags");
  expect(plainTagOf(new Pair(1, 2), registry)).toBeNull();
  expect(plainTagOf("seven", registry)).toBeNull();
});

test("results written range by range into a block read back as the same values once it backs a vector", () => {
  const block = allocFlat("Entity", entities.length, registry);
  const layout = flatLayout("Entity", registry)!;
  const v = flatViews(block.buffer);
  // Two writers, each its own range, as a par-map's threads do.
  layout.encodeVec(entities, v.f64, v.i32, v.u8, 60 * 40, 60, 100);
  layout.encodeVec(entities.slice(0, 60), v.f64, v.i32, v.u8, 0);
  const results = entities.map((_, i) => layout.decodeOne(v.f64, v.i32, v.u8, i * 40));
  expect(results).toStrictEqual(entities);
  backWith(results, block);
  expect(shareFlat(results, registry)).toBe(block);
});

test("a block's buffer is reused once its vector is collected, and never while the vector lives", async () => {
  const n = 1234; // a size no other test uses
  const kept = entities.slice(0, 1).concat(Array.from({ length: n - 1 }, (_, i) => new Entity(i, new Vec2(i, i), new Vec2(-i, 0))));
  const keptBlock = shareFlat(kept, registry)!;
  const snapshot = new Uint8Array(keptBlock.buffer).slice();
  let dropped: SharedArrayBuffer | undefined;
  (() => {
    const temporary = kept.map((e) => new Entity(e.id + 1, e.pos, e.vel));
    dropped = shareFlat(temporary, registry)!.buffer;
  })();
  let reused = false;
  for (let i = 0; i < 40 && !reused; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
    const block = allocFlat("Entity", n, registry);
    expect(block.buffer).not.toBe(keptBlock.buffer);
    reused = block.buffer === dropped;
  }
  expect(reused).toBe(true);
  expect(new Uint8Array(keptBlock.buffer)).toStrictEqual(snapshot);
  expect(flatBlockOf(kept)).toBe(keptBlock);
});

test("a vector of numbers (Int or Float alike) or of Bools is laid out flat, eight bytes an element", () => {
  const numbers = [0, -0, 1.5, -(2 ** 31), 2 ** 31 - 1, Number.NaN, 1e300];
  const block = shareFlat(numbers, registry)!;
  expect(block.tag).toBe(NUMBERS);
  expect(block.buffer.byteLength).toBe(numbers.length * 8);
  const v = flatViews(block.buffer);
  expect(flatLayout(NUMBERS)!.decodeVec(numbers.length, v.f64, v.i32, v.u8, 0)).toStrictEqual(numbers);
  const bools = [true, false, false, true];
  const b = shareFlat(bools, registry)!;
  expect(b.tag).toBe(BOOLS);
  const w = flatViews(b.buffer);
  expect(flatLayout(BOOLS)!.decodeVec(bools.length, w.f64, w.i32, w.u8, 0)).toStrictEqual(bools);
  expect(plainTagOf(3, registry)).toBe(NUMBERS);
  expect(plainTagOf(false, registry)).toBe(BOOLS);
});
