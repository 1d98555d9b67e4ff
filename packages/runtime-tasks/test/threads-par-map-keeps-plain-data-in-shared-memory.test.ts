import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { configureThreads, parMap, parMapStats } from "../src/threads/index.js";
import { $fn, Body, Vec2 } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

testThreadsForThisFile();

const bodies = (n: number): Body[] =>
  Array.from({ length: n }, (_, i) => new Body(i - 7, new Vec2(i * 0.25, i % 3 === 0 ? -0 : 1 / (i + 1)), new Vec2(-i, 2 ** 40 + i), i % 2 === 0));

/** A deep copy, so a later change to the original (there must be none) shows. */
const copy = (bs: readonly Body[]): Body[] => bs.map((b) => new Body(b.id, new Vec2(b.pos.x, b.pos.y), new Vec2(b.vel.x, b.vel.y), b.alive));

describe("par-map over plain-data structs on the pool", () => {
  // Every element crosses, so the in-place path is taken however fast this machine is.
  beforeAll(() => configureThreads({ inline: false }));
  afterAll(() => configureThreads({ inline: true }));

  test("a result fed back for 30 frames equals map's, frame by frame, and its input is laid out only once", async () => {
    let byPar: readonly Body[] = bodies(1000);
    let byMap: readonly Body[] = byPar;
    const encodedBefore = parMapStats.encodedInputs;
    for (let frame = 0; frame < 30; frame++) {
      byPar = await parMap<Body, Body>(byPar, $fn.moveBody);
      byMap = byMap.map($fn.moveBody);
      expect(byPar).toStrictEqual(byMap);
    }
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
    expect(byPar.every((b) => b instanceof Body && b.pos instanceof Vec2 && b.vel instanceof Vec2)).toBe(true);
  });

  test("a result kept from frame 1 is unchanged at frame 30, and still reads right as an input", async () => {
    const first = await parMap<Body, Body>(bodies(500), $fn.moveBody);
    const snapshot = copy(first);
    let es: readonly Body[] = first;
    for (let frame = 1; frame < 30; frame++) es = await parMap<Body, Body>(es, $fn.moveBody);
    expect(first).toStrictEqual(snapshot);
    const encodedBefore = parMapStats.encodedInputs;
    expect(await parMap<Body, Body>(first, $fn.moveBody)).toStrictEqual(snapshot.map($fn.moveBody));
    expect(parMapStats.encodedInputs - encodedBefore).toBe(0);
  });

  test("a vector the caller keeps is laid out once however many par-maps read it", async () => {
    const level = bodies(300);
    const encodedBefore = parMapStats.encodedInputs;
    for (let frame = 0; frame < 5; frame++) expect(await parMap<Body, Body>(level, $fn.moveBody)).toStrictEqual(level.map($fn.moveBody));
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
  });

  test("vectors of numbers and of Bools are laid out flat too, and a number result fed back is not encoded again", async () => {
    const xs = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? -0 : i % 5 === 0 ? -(2 ** 31) : i * 1.5));
    const encodedBefore = parMapStats.encodedInputs;
    let byPar: readonly number[] = xs;
    let byMap: readonly number[] = xs;
    for (let frame = 0; frame < 5; frame++) {
      byPar = await parMap<number, number>(byPar, $fn.half);
      byMap = byMap.map($fn.half);
      expect(byPar).toStrictEqual(byMap);
    }
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
    const signs = await parMap<number, boolean>(byPar, $fn.positive);
    expect(signs).toStrictEqual(byMap.map($fn.positive));
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
  });

  test("results of another struct than the input's arrive whole, as their class", async () => {
    const es = bodies(200);
    const positions = await parMap<Body, Vec2>(es, $fn.position);
    expect(positions).toStrictEqual(es.map((b) => b.pos));
  });
});

describe("par-map over plain-data structs after the probe", () => {
  test("results of the struct the probe saw are written in place, so feeding them on encodes nothing", async () => {
    const es = bodies(64);
    const encodedBefore = parMapStats.encodedInputs;
    const positions = await parMap<Body, Vec2>(es, $fn.slowPosition);
    expect(positions).toStrictEqual(es.map((b) => b.pos));
    const halves = await parMap<Vec2, Vec2>(positions, $fn.slowHalf);
    expect(halves).toStrictEqual(positions.map((v) => new Vec2(v.x / 2, v.y / 2)));
    const moved = await parMap<Body, Body>(es, $fn.slowMoveBody);
    expect(moved).toStrictEqual(es.map($fn.moveBody));
    // `es` was laid out once for its first par-map and found again by its third.
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
  });
});
