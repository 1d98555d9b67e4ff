import { afterEach, describe, expect, test, vi } from "vitest";
import { after, channel, none, onRecv, onSend, select, some } from "../src/index.js";

describe("select (Go test/chan/select3.go semantics)", () => {
  afterEach(() => void vi.useRealTimers());

  test("runs the ready clause, the default, then the timer (conformance channels/select)", async () => {
    const a = channel<number>(1);
    const b = channel<string>(1);
    const out: string[] = [];
    await b.send("ready");
    await select([
      onRecv(a, (v) => void out.push(`a ${JSON.stringify(v)}`)),
      onRecv(b, (v) => void out.push(`b ${v.some ? `(Some "${v.value}")` : "None"}`)),
    ]);
    await select([onRecv(a, () => void out.push("a"))], { default: () => void out.push("nothing ready") });
    await select([onRecv(a, () => void out.push("a")), after(10, () => void out.push("timed out"))]);
    expect(out).toEqual(['b (Some "ready")', "nothing ready", "timed out"]);
  });

  test("picks uniformly among ready clauses, so none starves (Go select fairness)", async () => {
    const a = channel<string>(1);
    const b = channel<string>(1);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 1000; i++) {
      a.trySend("a");
      b.trySend("b");
      const which = await select([onRecv(a, () => "a" as const), onRecv(b, () => "b" as const)]);
      counts[which]++;
      a.tryRecv();
      b.tryRecv();
    }
    expect(counts.a).toBeGreaterThan(350);
    expect(counts.b).toBeGreaterThan(350);
  });

  test("the random source decides among ready clauses", async () => {
    const chans = [channel<number>(1), channel<number>(1), channel<number>(1)];
    chans.forEach((c, i) => c.trySend(i));
    const picked = await select(
      chans.map((c) => onRecv(c, (m) => (m.some ? m.value : -1))),
      { random: () => 0.5 },
    );
    expect(picked).toBe(1);
    expect(chans.map((c) => c.length)).toEqual([1, 0, 1]); // exactly one clause ran
  });

  test("a send clause runs when the buffer has room", async () => {
    const out = channel<string>(1);
    expect(await select([onSend(out, "frame", () => "sent")])).toBe("sent");
    expect(out.tryRecv()).toEqual(some("frame"));
  });

  test("a waiting select is completed by the first channel that becomes ready, and only that one", async () => {
    const a = channel<number>(0);
    const b = channel<number>(0);
    const chosen = select([onRecv(a, (m) => ["a", m] as const), onRecv(b, (m) => ["b", m] as const)]);
    expect(b.trySend(2)).toBe(true);
    expect(a.trySend(1)).toBe(false); // the select no longer waits on a
    expect(await chosen).toEqual(["b", some(2)]);
  });

  test("a waiting send clause completes when a receiver arrives", async () => {
    const out = channel<string>(0);
    const chosen = select([onSend(out, "x", () => "sent"), after(60_000, () => "tick")]);
    expect(await out.recv()).toEqual(some("x"));
    expect(await chosen).toBe("sent");
  });

  test("the earliest timer clause wins", async () => {
    vi.useFakeTimers();
    const quiet = channel<number>();
    const chosen = select([onRecv(quiet, () => "msg"), after(30, () => "slow"), after(10, () => "fast")]);
    await vi.advanceTimersByTimeAsync(10);
    expect(await chosen).toBe("fast");
    expect(vi.getTimerCount()).toBe(0); // the other timer was cleared
  });

  test("a recv clause on a closed channel is ready with None", async () => {
    const ch = channel<number>(1);
    ch.close();
    expect(await select([onRecv(ch, (m) => m)], { default: () => some(-1) })).toEqual(none);
  });

  test("a waiting recv clause wakes with None when its channel closes", async () => {
    const ch = channel<number>(1);
    const chosen = select([onRecv(ch, (m) => m)]);
    ch.close();
    expect(await chosen).toEqual(none);
  });

  test("a send clause on a closed channel fails with send on closed channel", async () => {
    const ch = channel<number>(1);
    ch.close();
    await expect(select([onSend(ch, 1, () => "sent")])).rejects.toThrow("send on closed channel");
  });

  test("an async clause body's value is what select returns", async () => {
    const ch = channel<number>(1);
    ch.trySend(20);
    expect(await select([onRecv(ch, async (m) => (m.some ? m.value : 0) + 1)])).toBe(21);
  });

  test("a select that gave up leaves no waiter behind on its channels", async () => {
    const quiet = channel<number>(0);
    for (let i = 0; i < 5; i++) await select([onRecv(quiet, () => "msg"), after(0, () => "tick")]);
    expect(quiet.trySend(1)).toBe(false); // nobody is parked on it any more
  });
});
