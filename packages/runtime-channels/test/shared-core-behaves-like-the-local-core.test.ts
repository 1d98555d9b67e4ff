import { processHeap, SHARE } from "@weft/gc";
import { describe, expect, test } from "vitest";
import { after, channel, none, onRecv, onSend, select, some } from "../src/index.js";

/** A channel whose state has already moved to shared memory, as after its first crossing. */
function shared<T>(...args: Parameters<typeof channel<T>>) {
  const ch = channel<T>(...args);
  ch[SHARE]();
  expect(ch.shared).toBe(true);
  return ch;
}

describe("a channel in shared memory, on one thread", () => {
  test("fifo through a full buffer: blocked senders go in the order they came", async () => {
    const ch = shared<number>(2);
    const sends = [1, 2, 3, 4, 5].map((i) => ch.send(i));
    const got: number[] = [];
    for (let i = 0; i < 5; i++) {
      const m = await ch.recv();
      if (m.some) got.push(m.value);
    }
    await Promise.all(sends);
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  test("rendezvous: a send completes only when a receiver takes the value", async () => {
    const ch = shared<string>(0);
    expect(ch.trySend("nobody")).toBe(false);
    let sent = false;
    const s = ch.send("hi").then(() => (sent = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toBe(false);
    expect(await ch.recv()).toEqual(some("hi"));
    await s;
    expect(sent).toBe(true);
    const r = ch.recv();
    await new Promise((r) => setTimeout(r, 5));
    expect(ch.trySend("to a parked receiver")).toBe(true);
    expect(await r).toEqual(some("to a parked receiver"));
  });

  test("dropping keeps the old values, sliding keeps the new ones", () => {
    const d = shared<number>(2, "dropping");
    const s = shared<number>(2, "sliding");
    for (const i of [1, 2, 3]) {
      d.trySend(i);
      s.trySend(i);
    }
    expect([d.tryRecv(), d.tryRecv(), d.tryRecv()]).toEqual([some(1), some(2), none]);
    expect([s.tryRecv(), s.tryRecv(), s.tryRecv()]).toEqual([some(2), some(3), none]);
  });

  test("close wakes every blocked receiver and sender; buffered values stay receivable", async () => {
    const full = shared<number>(1);
    await full.send(1);
    const blocked = full.send(2).catch((e: Error) => e.message);
    const empty = shared<number>(1);
    const waiting = [empty.recv(), empty.recv()];
    await new Promise((r) => setTimeout(r, 5));
    full.close();
    empty.close();
    expect(await blocked).toBe("send on closed channel");
    expect(await Promise.all(waiting)).toEqual([none, none]);
    expect(await full.recv()).toEqual(some(1));
    expect(await full.recv()).toEqual(none);
    await expect(full.send(3)).rejects.toThrow("send on closed channel");
  });

  test("a cancelled receiver takes nothing and a value sent later goes to the next one", async () => {
    const ch = shared<number>(1);
    const c = new AbortController();
    const cancelled = ch.recv(c.signal).catch(() => "cancelled");
    c.abort();
    expect(await cancelled).toBe("cancelled");
    await ch.send(5);
    expect(await ch.recv()).toEqual(some(5));
  });

  test("select over shared channels runs exactly one clause", async () => {
    const a = shared<number>(1);
    const b = shared<number>(1);
    await b.send(9);
    expect(await select([onRecv(a, (m) => ["a", m]), onRecv(b, (m) => ["b", m])])).toEqual(["b", some(9)]);
    expect(await select([onRecv(a, () => "a"), after(5, () => "tick")])).toBe("tick");
    expect(await select([onSend(a, 1, () => "sent"), onRecv(b, () => "b")])).toBe("sent");
    expect(a.tryRecv()).toEqual(some(1));
  });

  test("a parked select is woken by a later send and leaves nothing behind on the other channel", async () => {
    const a = shared<number>(1);
    const b = shared<number>(1);
    const s = select([onRecv(a, (m) => ["a", m]), onRecv(b, (m) => ["b", m])]);
    await new Promise((r) => setTimeout(r, 5));
    await a.send(1);
    expect(await s).toEqual(["a", some(1)]);
    await b.send(2);
    expect(b.tryRecv()).toEqual(some(2));
  });

  test("structs and strings keep their values, and consumed records are freed", async () => {
    const heap = processHeap();
    const before = heap.stats().liveBlocks;
    const ch = shared<{ n: number; s: string }[]>(4);
    for (let i = 0; i < 200; i++) {
      await ch.send([{ n: i, s: `v${i}` }]);
      expect(await ch.recv()).toEqual(some([{ n: i, s: `v${i}` }]));
    }
    heap.drain();
    expect(heap.stats().liveBlocks - before).toBeLessThanOrEqual(2);
  });
});
