import { expect, test } from "vitest";
import { encode, S, TypeRegistry } from "../src/index.js";
import { makeRegistry } from "./fixtures.js";

const registry = makeRegistry();
class Unregistered {}

test.each([
  ["a MutVec (typed array)", new Float64Array(2)],
  ["an instance of an unregistered class", new Unregistered()],
  ["null", null],
  ["a symbol", Symbol("s")],
])("%s is refused with a GcError", (_, v) => {
  expect(() => encode(v, S.any, { registry })).toThrowError(/Shareable|registered/);
});

test("a keyword without a keyword adapter names the missing adapter", () => {
  expect(() => encode("x", S.keyword, { registry: new TypeRegistry() })).toThrowError(/keyword adapter/);
});

test("an unknown type tag names the tag", () => {
  expect(() => encode({}, S.type("Nope"), { registry })).toThrowError(/"Nope"/);
});
