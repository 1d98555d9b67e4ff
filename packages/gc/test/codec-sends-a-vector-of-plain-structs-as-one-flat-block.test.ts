import { expect, test } from "vitest";
import { decode, decodeFlat, encode, plainLayout, S } from "../src/index.js";
import { Entity, Flags, makeRegistry, Pair, Vec2 } from "./fixtures.js";

const registry = makeRegistry();
const entities = Array.from({ length: 1000 }, (_, i) => new Entity(i, new Vec2(i * 0.5, -i), new Vec2(1.25, i / 3)));
const schema = S.vec(S.type("Entity"));

test("a plain struct gets a fixed layout with nested structs inlined", () => {
  const layout = plainLayout(S.type("Entity"), registry)!;
  expect(layout.size).toBe(40);
  expect(layout.fields.map((f) => [f.path.join("."), f.kind, f.offset])).toEqual([
    ["id", "i32", 0],
    ["pos.x", "f64", 8],
    ["pos.y", "f64", 16],
    ["vel.x", "f64", 24],
    ["vel.y", "f64", 32],
  ]);
  expect(plainLayout(S.type("Flags"), registry)!.size).toBe(16);
});

test("a generic struct is plain only when its type arguments are", () => {
  expect(plainLayout(S.type("Pair", S.int, S.type("Vec2")), registry)).not.toBeNull();
  expect(plainLayout(S.type("Pair", S.int, S.string), registry)).toBeNull();
  expect(plainLayout(S.option(S.int), registry)).toBeNull();
});

test("a vector of plain structs encodes as one block of exactly length × size bytes", () => {
  const e = encode(entities, schema, { registry, shared: true });
  expect(e.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(e.bytes.byteLength).toBe(8 + 1000 * 40);
  expect(e.strings).toEqual([]);
  expect(decode(e, schema, { registry })).toStrictEqual(entities);
});

test("a flat vector is read in place, without materialising elements", () => {
  const e = encode(entities, schema, { registry, shared: true });
  const flat = decodeFlat<Entity>(e, schema, { registry });
  expect(flat.length).toBe(1000);
  expect(flat.stride).toBe(40);
  expect(flat.int(7, "id")).toBe(7);
  expect(flat.float(7, "pos.x")).toBe(3.5);
  expect(flat.f64.buffer).toBe(e.bytes.buffer);
  expect(flat.get(999)).toStrictEqual(entities[999]);
});

test("bools, ints and floats of a plain struct keep their values", () => {
  const v = [new Flags(true, -5, 0.1), new Flags(false, 2 ** 31 - 1, -0)];
  expect(decode(encode(v, S.vec(S.type("Flags")), { registry }), S.vec(S.type("Flags")), { registry })).toStrictEqual(v);
});

test("a flat block inside a larger value stays aligned", () => {
  const s = S.type("Pair", S.string, S.vec(S.type("Vec2")));
  const v = new Pair("abc", [new Vec2(1, 2), new Vec2(3, 4)]);
  const e = encode(v, s, { registry });
  expect(decode(e, s, { registry })).toStrictEqual(v);
});
