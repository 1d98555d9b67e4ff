import { inspect } from "node:util";
import { expect, test } from "vitest";
import { allocFlat, BOOLS, builtElements, flatBlockOf, flatLayout, flatVector, flatViews, NUMBERS, peekElement, type FlatBlock } from "../src/index.js";
import { Entity, makeRegistry, Vec2 } from "./fixtures.js";

const registry = makeRegistry();
const entities = Array.from({ length: 50 }, (_, i) => new Entity(i - 25, new Vec2(i * 0.5, -i), new Vec2(1.25, i / 3)));

/** A block holding `xs` (of `tag`), written as a par-map's threads write theirs. */
function written(tag: string, xs: readonly unknown[]): FlatBlock {
  const block = allocFlat(tag, xs.length, registry);
  const v = flatViews(block.buffer);
  flatLayout(tag, registry)!.encodeVec(xs, v.f64, v.i32, v.u8, 0);
  return block;
}

test("a flat vector reads as the array of its block's elements, building each once", () => {
  const block = written("Entity", entities);
  const xs = flatVector<Entity>(block, registry);
  expect(Array.isArray(xs)).toBe(true);
  expect(flatBlockOf(xs)).toBe(block);
  expect(inspect(xs, { showProxy: true, customInspect: false, depth: 1 })).toMatch(/<50 empty items>/);
  expect(builtElements(xs)).toBe(0);
  expect(xs[3]).toStrictEqual(entities[3]);
  expect(xs[3]).toBe(xs[3]);
  expect(builtElements(xs)).toBe(1);
  expect(inspect(xs, { showProxy: true, customInspect: false, depth: 1 })).toMatch(/<3 empty items>, \[Entity\], <46 empty items>/);
  expect(xs.length).toBe(50);
  expect(xs[50]).toBeUndefined();
  expect(xs["03" as unknown as number]).toBeUndefined();
  expect([...xs]).toStrictEqual(entities);
  expect(builtElements(xs)).toBe(50);
  expect(builtElements(entities)).toBeUndefined();
  expect(inspect(xs)).toBe(inspect(entities));
});

test("peekElement reads an element of a flat vector without keeping it, and gives nothing for a plain array", () => {
  const xs = flatVector<Entity>(written("Entity", entities), registry);
  const peek = peekElement(xs)!;
  expect(peek(7)).toStrictEqual(entities[7]);
  expect(peek(7)).not.toBe(peek(7));
  expect(inspect(xs, { showProxy: true, customInspect: false, depth: 1 })).toMatch(/<50 empty items>/);
  expect(peek(7)).not.toBe(xs[7]);
  expect(peek(7)).toBe(xs[7]);
  expect(peekElement(entities)).toBeUndefined();
});

test("vectors of numbers and Bools read back exactly, -0 and NaN included", () => {
  const numbers = [1, -0, Number.NaN, 2 ** 53, -(2 ** 31), 0.1];
  expect(flatVector<number>(written(NUMBERS, numbers), registry)).toStrictEqual(numbers);
  const bools = [true, false, false, true];
  expect(flatVector<boolean>(written(BOOLS, bools), registry)).toStrictEqual(bools);
});

test("freezing keeps it tied to its block; a change unties it and shows", () => {
  const frozen = flatVector<Entity>(written("Entity", entities), registry);
  Object.freeze(frozen);
  expect(Object.isFrozen(frozen)).toBe(true);
  expect(flatBlockOf(frozen)).toBeDefined();
  expect(frozen).toStrictEqual(entities);

  const changed = flatVector<Entity>(written("Entity", entities), registry) as Entity[];
  changed[0] = entities[9]!;
  expect(flatBlockOf(changed)).toBeUndefined();
  expect(changed[0]).toBe(entities[9]);
  expect(changed.slice(1)).toStrictEqual(entities.slice(1));

  const shortened = flatVector<Entity>(written("Entity", entities), registry) as Entity[];
  shortened.length = 10;
  expect(flatBlockOf(shortened)).toBeUndefined();
  expect(shortened).toStrictEqual(entities.slice(0, 10));
});

test("only a plain-data tag makes a flat vector", () => {
  expect(() => flatVector({ tag: "Pair", length: 0, buffer: new SharedArrayBuffer(8) }, registry)).toThrow(/Pair is not a plain-data struct/);
});
