import { expect, test } from "vitest";
import { decode, encode, S } from "../src/index.js";
import { Err, makeRegistry } from "./fixtures.js";

class WeftError extends Error {
  readonly suppressed: WeftError[] = [];
}

test("an Error arrives as the adapter's error class with its message", () => {
  const registry = makeRegistry();
  registry.errors = { is: (v) => v instanceof WeftError, message: (v) => (v as Error).message, make: (m) => new WeftError(m) };
  const v = new Err(new WeftError("out of ammo"));
  for (const schema of [S.result(S.unit, S.error), S.any]) {
    const out = decode<Err>(encode(v, schema, { registry }), schema, { registry });
    expect(out._0).toBeInstanceOf(WeftError);
    expect((out._0 as Error).message).toBe("out of ammo");
  }
});

test("without an adapter any Error crosses as an Error with the same message", () => {
  const registry = makeRegistry();
  const out = decode<Error>(encode(new RangeError("r"), S.any, { registry }), S.any, { registry });
  expect(out).toBeInstanceOf(Error);
  expect(out.message).toBe("r");
});
