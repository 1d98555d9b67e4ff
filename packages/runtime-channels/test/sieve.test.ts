import { describe, expect, test } from "vitest";
import { type Channel, channel } from "../src/index.js";

// Go's test/chan/sieve1.go in spirit: a daisy chain of filter tasks over rendezvous channels.

async function generate(out: Channel<number>, signal: AbortSignal): Promise<void> {
  for (let i = 2; ; i++) await out.send(i, signal);
}

async function filter(input: Channel<number>, out: Channel<number>, prime: number, signal: AbortSignal) {
  for (;;) {
    const m = await input.recv(signal);
    if (!m.some) return;
    if (m.value % prime !== 0) await out.send(m.value, signal);
  }
}

describe("prime sieve (Go test/chan/sieve1.go)", () => {
  test("the first ten primes come out of a chain of filters", async () => {
    const controller = new AbortController();
    const tasks: Promise<void>[] = [];
    let ch = channel<number>(0);
    tasks.push(generate(ch, controller.signal));
    const primes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const m = await ch.recv();
      if (!m.some) break;
      primes.push(m.value);
      const next = channel<number>(0);
      tasks.push(filter(ch, next, m.value, controller.signal));
      ch = next;
    }
    controller.abort("done");
    const ends = await Promise.allSettled(tasks);
    expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    expect(ends.every((e) => e.status === "rejected" && e.reason === "done")).toBe(true);
  });
});
