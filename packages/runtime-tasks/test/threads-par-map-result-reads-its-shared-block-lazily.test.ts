import { inspect, types } from "node:util";
import { allocFlat, decode, encode, flatBlockOf, S } from "@weft/gc";
import { eqVec, type EqDict, nth, showVec, type ShowDict } from "@weft/runtime-core";
import { afterAll, beforeEach, describe, expect, test } from "vitest";
import { collectUntil } from "../../gc/test/support/collect.js";
import { configureThreads, parMap, parMapStats, runOnThread } from "../src/threads/index.js";
import { $fn, $lambdas, atom, Body, channel, Vec2 } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

testThreadsForThisFile();

const bodies = (n: number): Body[] =>
  Array.from({ length: n }, (_, i) => new Body(i - 7, new Vec2(i * 0.25, i % 3 === 0 ? -0 : 1 / (i + 1)), new Vec2(-i, 2 ** 40 + i), i % 2 === 0));

/** What compiled code's `=` on a Body is: field by field. */
const eqBody: EqDict<Body> = {
  eq: (a, b) => a.id === b.id && a.alive === b.alive && a.pos.x === b.pos.x && a.pos.y === b.pos.y && a.vel.x === b.vel.x && a.vel.y === b.vel.y,
};
const showBody: ShowDict<Body> = { show: (b) => `(Body ${b.id} (Vec2 ${b.pos.x} ${b.pos.y}) (Vec2 ${b.vel.x} ${b.vel.y}) ${b.alive})` };

/** A par-map result left in its block (every element went to the pool), and `map`'s. */
async function moved(n: number): Promise<{ got: readonly Body[]; want: Body[] }> {
  const xs = bodies(n);
  const got = await parMap<Body, Body>(xs, $fn.moveBody);
  return { got, want: xs.map($fn.moveBody) };
}

describe("a plain-data par-map result that stays in its shared block", () => {
  // Every element crosses, so the result is the pool's output block however fast this machine
  // is; and each test starts with no function known to have its results read.
  beforeEach(() => configureThreads({ inline: false }));
  afterAll(() => configureThreads({ inline: true }));

  test("is an array backed by the output block, with nothing built until it is read", async () => {
    const { got } = await moved(400);
    expect(types.isProxy(got)).toBe(true);
    expect(Array.isArray(got)).toBe(true);
    expect(flatBlockOf(got)?.length).toBe(400);
    // The proxy's target, seen without its traps: no element made yet.
    expect(inspect(got, { showProxy: true, customInspect: false, depth: 1 })).toMatch(/^Proxy \[\s+\[ <400 empty items> \]/);
  });

  test("compares equal to map's result, element by element and with Eq, both ways", async () => {
    const { got, want } = await moved(300);
    expect(eqVec(eqBody).eq(got, want)).toBe(true);
    expect(eqVec(eqBody).eq(want, got)).toBe(true);
    expect(got).toStrictEqual(want);
    expect(eqVec(eqBody).eq(got, want.slice(1))).toBe(false);
  });

  test("prints like map's result, with show and with util.inspect", async () => {
    const { got, want } = await moved(50);
    expect(showVec(showBody).show(got)).toBe(showVec(showBody).show(want));
    expect(inspect(got, { depth: 4 })).toBe(inspect(want, { depth: 4 }));
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  });

  test("answers nth and count, keeps an element it built, and raises for an index out of range", async () => {
    const { got, want } = await moved(200);
    expect(got.length).toBe(200);
    expect(nth(got, 199)).toStrictEqual(want[199]);
    expect(nth(got, 0)).toBe(nth(got, 0));
    expect(got[200]).toBeUndefined();
    expect(() => nth(got, 200)).toThrow(/200/);
    expect(199 in got).toBe(true);
    expect(200 in got).toBe(false);
  });

  test("iterates in order with for-of, spread, array methods and keys", async () => {
    const { got, want } = await moved(120);
    const seen: Body[] = [];
    for (const b of got) seen.push(b);
    expect(seen).toStrictEqual(want);
    expect([...got]).toStrictEqual(want);
    expect(got.map((b) => b.id)).toStrictEqual(want.map((b) => b.id));
    expect(got.filter((b) => b.alive).length).toBe(want.filter((b) => b.alive).length);
    expect(got.reduce((s, b) => s + b.pos.x, 0)).toBe(want.reduce((s, b) => s + b.pos.x, 0));
    expect(got.slice(10, 20)).toStrictEqual(want.slice(10, 20));
    expect(got.concat(got)).toStrictEqual(want.concat(want));
    expect(Object.keys(got)).toStrictEqual(Object.keys(want));
  });

  test("frozen, it keeps its elements and still goes back to par-map without being laid out again", async () => {
    const { got, want } = await moved(150);
    Object.freeze(got);
    expect(Object.isFrozen(got)).toBe(true);
    expect(got).toStrictEqual(want);
    const encodedBefore = parMapStats.encodedInputs;
    expect(await parMap<Body, Body>(got, $fn.moveBody)).toStrictEqual(want.map($fn.moveBody));
    expect(parMapStats.encodedInputs - encodedBefore).toBe(0);
  });

  test("changed from JavaScript, it leaves its block, and the next par-map reads the change", async () => {
    const { got, want } = await moved(100);
    const changed = new Body(1, new Vec2(5, 5), new Vec2(0, 0), true);
    (got as Body[])[42] = changed;
    expect(flatBlockOf(got)).toBeUndefined();
    expect(got[42]).toBe(changed);
    expect(got[41]).toStrictEqual(want[41]);
    const encodedBefore = parMapStats.encodedInputs;
    const next = await parMap<Body, Body>(got, $fn.moveBody);
    expect(next[42]).toStrictEqual($fn.moveBody(changed));
    expect(next[41]).toStrictEqual($fn.moveBody(want[41]!));
    expect(parMapStats.encodedInputs - encodedBefore).toBe(1);
  });

  test("crosses the codec, a channel, an atom and a thread as the same elements", async () => {
    const { got, want } = await moved(64);
    expect(decode(encode(got, S.vec(S.type(Body.$type)), { shared: true }), S.vec(S.type(Body.$type)))).toStrictEqual(want);
    expect(decode(encode(got, S.any, { shared: true }), S.any)).toStrictEqual(want);

    const ch = channel<readonly Body[]>(1);
    const received = runOnThread<unknown[]>($lambdas[4]!([ch]), new AbortController().signal);
    await ch.send(got);
    ch.close();
    expect(await received).toStrictEqual([want]);

    const a = atom<readonly Body[]>([]);
    a.swap(() => got);
    expect(a.deref()).toBe(got);
    const ids = await runOnThread<{ direct: number[]; inAtom: number[] }>($lambdas[18]!([got, a]), new AbortController().signal);
    expect(ids).toStrictEqual({ direct: want.map((b) => b.id), inAtom: want.map((b) => b.id) });
  });

  test("once unreachable, its block's buffer goes back to the recycler for the next block of that size", async () => {
    let { got } = await moved(333);
    const buffer = flatBlockOf(got)!.buffer;
    let collected = false;
    const watch = new FinalizationRegistry(() => {
      collected = true;
    });
    watch.register(got, 0);
    got = [];
    expect(await collectUntil(() => collected)).toBe(true);
    // The recycler hears of the block in a later turn; the input's block, of the same size, too.
    await collectUntil(() => false, 5);
    const next = Array.from({ length: 4 }, () => allocFlat(Body.$type, 333).buffer);
    expect(next).toContain(buffer);
  });

  test("results fed back unread stay in their block frame after frame", async () => {
    let es: readonly Body[] = bodies(100);
    for (let frame = 0; frame < 5; frame++) {
      es = await parMap<Body, Body>(es, $fn.moveBody);
      expect(types.isProxy(es)).toBe(true);
      expect(es[0]).toBeInstanceOf(Body);
    }
  });

  test("once a result came back mostly read, the next 256 are built at once, still backed by their block; then one is left in its block again", async () => {
    const first = await parMap<Body, Body>(bodies(100), $fn.moveBody);
    expect(types.isProxy(first)).toBe(true);
    let sum = 0;
    for (const b of first) sum += b.pos.x;
    expect(sum).not.toBe(0);
    const kinds: string[] = [];
    let es: readonly Body[] = first;
    let want: Body[] = [...first];
    const encodedBefore = parMapStats.encodedInputs;
    for (let frame = 0; frame < 258; frame++) {
      es = await parMap<Body, Body>(es, $fn.moveBody);
      want = want.map($fn.moveBody);
      kinds.push(types.isProxy(es) ? "lazy" : "built");
    }
    expect(kinds).toStrictEqual([...Array<string>(256).fill("built"), "lazy", "lazy"]);
    expect(es).toStrictEqual(want);
    expect(parMapStats.encodedInputs - encodedBefore).toBe(0);
  });
});
