import { describe, expect, test } from "vitest";
import { type Channel, channel } from "../src/index.js";

const N = 10;

describe("channels are FIFO (Go test/chan/fifo.go)", () => {
  test("AsynchFifo: a buffered channel gives values back in the order they were sent", async () => {
    const ch = channel<number>(N);
    for (let i = 0; i < N; i++) await ch.send(i);
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      const m = await ch.recv();
      if (m.some) out.push(m.value);
    }
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("SynchFifo: a chain of tasks over rendezvous channels passes tokens in order", async () => {
    // Each link waits for its value on `input`, then for the token on `left`, then passes
    // the token to `right`: the values must be seen in the order the links were chained.
    const input = channel<number>(0);
    const seen: number[] = [];
    const start = channel<number>(0);
    let left: Channel<number> = start;
    const links: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      const right = channel<number>(0);
      const from = left;
      links.push(
        (async () => {
          const m = await input.recv();
          const token = await from.recv();
          if (m.some && token.some) seen.push(m.value);
          await right.send(token.some ? token.value : -1);
        })(),
      );
      left = right;
    }
    for (let i = 0; i < N; i++) await input.send(i);
    await start.send(0);
    await left.recv();
    await Promise.all(links);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test("blocked senders are served in the order they blocked", async () => {
    const ch = channel<string>(1);
    await ch.send("first");
    const sends = ["a", "b", "c"].map((v) => ch.send(v));
    const out: string[] = [];
    for (let i = 0; i < 4; i++) {
      const m = await ch.recv();
      if (m.some) out.push(m.value);
    }
    await Promise.all(sends);
    expect(out).toEqual(["first", "a", "b", "c"]);
  });

  test("blocked receivers are served in the order they blocked", async () => {
    const ch = channel<number>(0);
    const got: string[] = [];
    const receivers = ["r1", "r2", "r3"].map((name) =>
      ch.recv().then((m) => got.push(`${name}:${m.some ? m.value : "none"}`)),
    );
    for (const v of [1, 2, 3]) await ch.send(v);
    await Promise.all(receivers);
    expect(got).toEqual(["r1:1", "r2:2", "r3:3"]);
  });
});
