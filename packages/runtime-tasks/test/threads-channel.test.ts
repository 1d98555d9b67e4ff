import { describe, expect, test } from "vitest";
import { isCancelled } from "../src/Cancelled.js";
import { runOnThread } from "../src/threads/index.js";
import { $lambdas, channel } from "./support/threads-program.js";
import { testThreadsForThisFile } from "./support/threads.js";

testThreadsForThisFile();

describe("channels across threads", () => {
  test("a worker sends 1,000 values through a small buffer and the main thread receives them in order", async () => {
    const ch = channel<number>(8);
    const producer = runOnThread($lambdas[3]!([ch, 1000]), new AbortController().signal);
    const got: number[] = [];
    for await (const m of ch) got.push(m);
    await producer;
    expect(got).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  test("the main thread sends 1,000 values over a rendezvous channel to a worker", async () => {
    const ch = channel<number>(0);
    const consumer = runOnThread<number[]>($lambdas[4]!([ch]), new AbortController().signal);
    for (let i = 0; i < 1000; i++) await ch.send(i);
    ch.close();
    expect(await consumer).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  test("two workers send into one small buffer: nothing lost or duplicated, each sender's order kept", async () => {
    const ch = channel<number>(4);
    const signal = new AbortController().signal;
    const producers = Promise.all([runOnThread($lambdas[10]!([ch, 1000, 0]), signal), runOnThread($lambdas[10]!([ch, 1000, 10_000]), signal)]);
    const got: number[] = [];
    while (got.length < 2000) {
      const m = await ch.recv();
      if (m.some) got.push(m.value);
    }
    await producers;
    expect(got.filter((x) => x < 10_000)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(got.filter((x) => x >= 10_000)).toEqual(Array.from({ length: 1000 }, (_, i) => 10_000 + i));
    expect(ch.tryRecv()).toEqual({ some: false });
  });

  test("a channel sent on a channel is the same channel on the other thread (reply channels)", async () => {
    const requests = channel<[number, ReturnType<typeof channel<number>>]>(1);
    const server = runOnThread($lambdas[11]!([requests]), new AbortController().signal);
    for (let i = 0; i < 20; i++) {
      const reply = channel<number>(1);
      await requests.send([i, reply]);
      expect(await reply.recv()).toEqual({ some: true, value: i * 2 });
    }
    requests.close();
    await server;
  });

  test("two workers select over the same two channels: every value is taken exactly once", async () => {
    const a = channel<number>(2);
    const b = channel<number>(0);
    const signal = new AbortController().signal;
    const consumers = Promise.all([runOnThread<number[]>($lambdas[12]!([a, b]), signal), runOnThread<number[]>($lambdas[12]!([a, b]), signal)]);
    for (let i = 0; i < 300; i++) await Promise.all([a.send(i), b.send(1000 + i)]);
    a.close();
    b.close();
    const [x, y] = await consumers;
    const all = [...x!, ...y!].sort((p, q) => p - q);
    expect(all).toEqual([...Array.from({ length: 300 }, (_, i) => i), ...Array.from({ length: 300 }, (_, i) => 1000 + i)]);
    expect(x!.filter((v) => v < 1000)).toEqual([...x!.filter((v) => v < 1000)].sort((p, q) => p - q));
  });

  test("a worker cancelled while parked on a recv takes nothing: the next value still arrives here", async () => {
    const ch = channel<number>(1);
    const c = new AbortController();
    const parked = runOnThread($lambdas[13]!([ch]), c.signal).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    c.abort();
    expect(isCancelled(await parked)).toBe(true);
    await ch.send(42);
    expect(await ch.recv()).toEqual({ some: true, value: 42 });
  });

  test("close on a worker wakes the receiver parked on the main thread", async () => {
    const ch = channel<number>(4);
    const closer = runOnThread($lambdas[9]!([ch]), new AbortController().signal);
    expect(await ch.recv()).toEqual({ some: false });
    await closer;
  });

  test("values buffered before the first crossing are still there after it", async () => {
    const ch = channel<number>(4);
    await ch.send(7);
    await ch.send(8);
    const consumer = runOnThread<number[]>($lambdas[4]!([ch]), new AbortController().signal);
    await ch.send(9);
    ch.close();
    expect(await consumer).toEqual([7, 8, 9]);
  });
});
