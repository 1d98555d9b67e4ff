import { expect, test } from "vitest";
import { Arena, GcError, MAX_ARENA_LENGTH, withArena } from "../src/index.js";

// runtime-core's `isCatchable` (what a Weft `try` asks) accepts an error carrying this brand.
const WEFT_ERROR = Symbol.for("weft.Error");

function raised(f: () => unknown): GcError & { [WEFT_ERROR]?: unknown; suppressed?: unknown } {
  try {
    f();
  } catch (e) {
    return e as GcError;
  }
  throw new Error("expected a throw");
}

test.each([
  [-1, "f64"],
  [-1, "any"],
  [1.5, "i32"],
  [MAX_ARENA_LENGTH + 1, "f64"],
  [2147483647, "any"],
] as const)("arena-vec of %s %s elements raises a Weft Error naming arena-vec and the size", (n, kind) => {
  const e = raised(() => withArena((a) => a.vec(n, 0, kind)));
  expect(e).toBeInstanceOf(GcError);
  expect(e.message).toBe(`arena-vec length must be an integer from 0 to 67108864, not ${n}`);
  expect(e[WEFT_ERROR]).toBe(true);
  expect(e.suppressed).toEqual([]);
});

test("the largest length is accepted and an empty vector is fine", () => {
  const a = new Arena();
  expect(MAX_ARENA_LENGTH).toBe(67108864);
  expect(a.vec(0, 1, "f64").length).toBe(0);
  expect(a.vec(3, 7, "i32")).toEqual(new Int32Array([7, 7, 7]));
});

test("the stack of the error starts at the caller of vec, not inside the arena", () => {
  const e = raised(() => new Arena().vec(-1, 0, "f64"));
  expect(e.stack!.split("\n")[1]).not.toMatch(/Arena\.ts/);
});

test("a misuse of the API (a bad kind) stays a plain GcError that try does not catch", () => {
  const e = raised(() => new Arena().vec(2, 0, "u8" as "f64"));
  expect(e.message).toBe('arena-vec kind must be "f64", "i32" or "any", not "u8"');
  expect(e[WEFT_ERROR]).toBeUndefined();
});
