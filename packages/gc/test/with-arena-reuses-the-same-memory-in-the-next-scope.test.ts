import { expect, test } from "vitest";
import { Arena, arenaPoolSize, withArena } from "../src/index.js";

test("arenas/basic.weft: arena-vec scratch filled and reduced inside with-arena gives 2475.0", () => {
  // (with-arena (frame) (let ((scratch (arena-vec frame 100 0.0))) (for-each …) (reduce (freeze scratch) 0.0 +)))
  const total = withArena((frame) => {
    const scratch = frame.vec(100, 0.0, "f64");
    for (let i = 0; i < 100; i++) scratch[i] = i * 0.5;
    return scratch.reduce((s, x) => s + x, 0.0);
  });
  expect(total).toBe(2475.0);
});

test("sixty frames of scratch use one buffer: each frame gets the memory of the one before", () => {
  const buffers = new Set<ArrayBufferLike>();
  for (let frame = 0; frame < 60; frame++) {
    withArena((a) => {
      const xs = a.vec(10_000, 1.5, "f64");
      const ids = a.vec(1_000, -1, "i32");
      expect(xs[9_999]).toBe(1.5); // re-initialised, not last frame's values
      expect(ids[0]).toBe(-1);
      xs.fill(frame);
      ids.fill(frame);
      buffers.add(xs.buffer);
    });
  }
  expect(buffers.size).toBeLessThanOrEqual(2); // at most one growth, in the first frame
  expect(arenaPoolSize()).toBeGreaterThan(0);
});

test("vectors in one scope never overlap, and the arena grows when a scope needs more", () => {
  const a = new Arena(1024);
  const u = a.vec(100, 1, "f64");
  const v = a.vec(100, 2, "f64"); // does not fit: a larger buffer
  const w = a.vec(3, 7, "i32");
  expect([u[99], v[0], v[99], w[2]]).toEqual([1, 2, 2, 7]);
  expect(a.capacity).toBeGreaterThanOrEqual(1600);
  a.reset();
  const cap = a.capacity;
  a.vec(100, 0, "f64");
  a.vec(100, 0, "f64");
  expect(a.capacity).toBe(cap); // the next scope of the same shape fits without growing
});

test("non-numeric elements are a plain array", () => {
  const xs = withArena((a) => Array.isArray(a.vec(3, "x", "any")) && a.vec(3, "x", "any").join(""));
  expect(xs).toBe("xxx");
});

test("nested scopes take different arenas", () => {
  withArena((outer) => {
    const x = outer.vec(4, 1, "f64");
    withArena((inner) => {
      const y = inner.vec(4, 2, "f64");
      expect(y.buffer).not.toBe(x.buffer);
    });
    expect(x[0]).toBe(1);
  });
});

test("a bad length or kind is refused", () => {
  const a = new Arena();
  expect(() => a.vec(-1, 0, "f64")).toThrowError("arena-vec length must be an integer from 0 to 67108864, not -1");
  expect(() => a.vec(2, 0, "u8" as "f64")).toThrowError(/kind/);
});
