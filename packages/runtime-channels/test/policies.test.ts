import { describe, expect, test } from "vitest";
import { type Channel, channel, none, some } from "../src/index.js";

function drain<T>(ch: Channel<T>): T[] {
  const out: T[] = [];
  for (let m = ch.tryRecv(); m.some; m = ch.tryRecv()) out.push(m.value);
  return out;
}

describe("overflow policies", () => {
  test("dropping keeps the oldest values and sliding the newest (conformance channels/dropping-sliding)", async () => {
    const d = channel<number>(2, "dropping");
    const s = channel<number>(2, "sliding");
    for (let i = 0; i < 5; i++) {
      await d.send(i);
      await s.send(i);
    }
    expect(drain(d)).toEqual([0, 1]);
    expect(drain(s)).toEqual([3, 4]);
  });

  test("trySend on a full dropping channel is false and on a full sliding channel true", () => {
    const d = channel<number>(1, "dropping");
    const s = channel<number>(1, "sliding");
    expect([d.trySend(1), d.trySend(2)]).toEqual([true, false]);
    expect([s.trySend(1), s.trySend(2)]).toEqual([true, true]);
    expect([d.tryRecv(), s.tryRecv()]).toEqual([some(1), some(2)]);
  });

  test("a capacity-0 dropping or sliding channel delivers to a waiting receiver and drops otherwise", async () => {
    for (const policy of ["dropping", "sliding"] as const) {
      const ch = channel<number>(0, policy);
      await ch.send(1); // nobody waiting: dropped, and send does not suspend
      const received = ch.recv();
      await ch.send(2);
      expect(await received).toEqual(some(2));
      expect(ch.tryRecv()).toEqual(none);
    }
  });

  test("an unbounded channel never blocks a sender", async () => {
    const ch = channel<number>("unbounded");
    for (let i = 0; i < 10_000; i++) await ch.send(i);
    expect(ch.length).toBe(10_000);
    expect(ch.capacity).toBe(Number.POSITIVE_INFINITY);
    expect(ch.tryRecv()).toEqual(some(0));
  });

  test("the default channel is blocking with capacity 64", () => {
    const ch = channel<number>();
    expect([ch.capacity, ch.policy]).toEqual([64, "block"]);
    for (let i = 0; i < 64; i++) expect(ch.trySend(i)).toBe(true);
    expect(ch.trySend(64)).toBe(false);
  });

  test.each([[-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])("capacity %s is refused", (capacity) => {
    expect(() => channel<number>(capacity)).toThrow(RangeError);
  });

  test("an unknown policy is refused", () => {
    expect(() => channel<number>(1, "newest" as never)).toThrow(RangeError);
  });
});
