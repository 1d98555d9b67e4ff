import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runOnThread } from "../src/threads/index.js";
import { $lambdas, channel } from "./support/threads-program.js";
import { useTestThreads } from "./support/threads.js";

let threads: { dispose(): Promise<void> };
beforeAll(() => {
  threads = useTestThreads();
});
afterAll(() => threads.dispose());

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
