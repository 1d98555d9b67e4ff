import fc from "fast-check";
import { expect, test } from "vitest";
import { decode, encode, S, type Schema } from "../src/index.js";
import { Entity, Err, Flags, kw, leaf, makeRegistry, Node, None, Ok, Pair, Some, Vec2, WeftMap } from "./fixtures.js";

const registry = makeRegistry();

const int = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const float = fc.double();
const keyword = fc.constantFrom("hp", "ammo", "x", "long-name").map(kw);
const vec2 = fc.tuple(float, float).map(([x, y]) => new Vec2(x, y));

/** Random Weft types, nested and generic. */
const types: fc.Arbitrary<Schema> = fc.letrec<{ t: Schema }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Schema>(S.int, S.float, S.bool, S.string, S.keyword, S.unit, S.type("Vec2"), S.type("Entity"), S.type("Flags")),
    tie("t").map(S.vec),
    fc.tuple(fc.constantFrom<Schema>(S.int, S.string, S.keyword), tie("t")).map(([k, v]) => S.map(k, v)),
    tie("t").map(S.option),
    fc.tuple(tie("t"), tie("t")).map(([a, e]) => S.result(a, e)),
    fc.tuple(tie("t"), tie("t")).map(([a, b]) => S.type("Pair", a, b)),
    tie("t").map((a) => S.type("Tree", a)),
  ),
})).t;

/** A random value of type `s`. */
function valueOf(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  const small = { maxLength: depth > 2 ? 1 : 4 };
  switch (s.k) {
    case "int":
      return int;
    case "float":
      return float;
    case "bool":
      return fc.boolean();
    case "string":
      return fc.string();
    case "keyword":
      return keyword;
    case "unit":
      return fc.constant(undefined);
    case "vec":
      return fc.array(valueOf(s.of, depth + 1), small);
    case "map":
      return fc
        .uniqueArray(fc.tuple(valueOf(s.key, depth + 1), valueOf(s.value, depth + 1)), { ...small, selector: ([k]) => k })
        .map((e) => new WeftMap(e));
    case "type": {
      const [a = S.unit, b = S.unit] = s.args;
      switch (s.tag) {
        case "Vec2":
          return vec2;
        case "Entity":
          return fc.tuple(int, vec2, vec2).map(([id, p, v]) => new Entity(id, p, v));
        case "Flags":
          return fc.tuple(fc.boolean(), int, float).map(([x, h, sp]) => new Flags(x, h, sp));
        case "Option":
          return fc.oneof(fc.constant(None), valueOf(a, depth + 1).map((x) => new Some(x)));
        case "Result":
          return fc.oneof(valueOf(a, depth + 1).map((x) => new Ok(x)), valueOf(b, depth + 1).map((x) => new Err(x)));
        case "Pair":
          return fc.tuple(valueOf(a, depth + 1), valueOf(b, depth + 1)).map(([x, y]) => new Pair(x, y));
        case "Tree":
          return depth > 2
            ? fc.constant(leaf)
            : fc.oneof(
                fc.constant(leaf),
                fc.tuple(valueOf(a, depth + 1), fc.array(valueOf(s, depth + 1), { maxLength: 2 })).map(([x, kids]) => new Node(x, kids)),
              );
      }
    }
  }
  throw new Error(`no generator for ${s.k}`);
}

const typed = types.chain((s) => valueOf(s).map((v) => ({ s, v })));

test("a value encoded with its static schema decodes to an equal value of the same classes", () => {
  fc.assert(
    fc.property(typed, fc.boolean(), ({ s, v }, shared) => {
      const e = encode(v, s, { registry, shared });
      expect(decode(e, s, { registry })).toStrictEqual(v);
    }),
    { numRuns: 300 },
  );
});

test("a value encoded without a schema (S.any) decodes to an equal value of the same classes", () => {
  fc.assert(
    fc.property(typed, ({ v }) => {
      expect(decode(encode(v, S.any, { registry }), S.any, { registry })).toStrictEqual(v);
    }),
    { numRuns: 300 },
  );
});

test("an encoded value survives structured cloning, as postMessage does", () => {
  fc.assert(
    fc.property(typed, ({ s, v }) => {
      const e = structuredClone(encode(v, s, { registry }));
      expect(decode(e, s, { registry })).toStrictEqual(v);
    }),
    { numRuns: 100 },
  );
});

test("keywords arrive interned and nullary variants arrive as the shared instance", () => {
  const v = [kw("hp"), None, leaf];
  const out = decode<unknown[]>(encode(v, S.any, { registry }), S.any, { registry });
  expect(out[0]).toBe(kw("hp"));
  expect(out[1]).toBe(None);
  expect(out[2]).toBe(leaf);
});
