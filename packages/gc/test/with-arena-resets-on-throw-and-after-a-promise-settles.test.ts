import { expect, test } from "vitest";
import { type Arena, arenaPoolSize, withArena } from "../src/index.js";

test("an arena is reset and returned to the pool when the body throws", () => {
  let seen: Arena | undefined;
  expect(() =>
    withArena((a) => {
      seen = a;
      a.vec(10, 0, "f64");
      throw new Error("boom");
    }),
  ).toThrowError("boom");
  expect(seen!.used).toBe(0);
  withArena((a) => expect(a).toBe(seen));
});

test("an async body keeps its arena until the promise settles, then it is reset", async () => {
  const before = arenaPoolSize();
  let arena: Arena | undefined;
  const p = withArena(async (a) => {
    arena = a;
    const v = a.vec(8, 3, "f64");
    await new Promise((r) => setTimeout(r, 5));
    withArena((b) => expect(b).not.toBe(a)); // still in use: another scope gets another arena
    return v.reduce((s, x) => s + x, 0);
  });
  expect(arena!.used).toBeGreaterThan(0);
  expect(await p).toBe(24);
  expect(arena!.used).toBe(0);
  expect(arenaPoolSize()).toBeGreaterThanOrEqual(before);
});

test("a rejected async body still resets its arena", async () => {
  let arena: Arena | undefined;
  await expect(
    withArena(async (a) => {
      arena = a;
      a.vec(8, 0, "i32");
      throw new Error("later");
    }),
  ).rejects.toThrowError("later");
  expect(arena!.used).toBe(0);
});
