import { describe, expect, test } from "vitest";
import { after, channel, onRecv, onSend, select, some } from "../src/index.js";

const reason = new Error("task cancelled");

describe("cancelling a blocked operation", () => {
  test("a cancelled receiver rejects with the signal's reason and loses no value", async () => {
    const ch = channel<number>(0);
    const controller = new AbortController();
    const cancelled = ch.recv(controller.signal).catch((e: unknown) => e);
    const other = ch.recv();
    controller.abort(reason);
    expect(await cancelled).toBe(reason);
    await ch.send(1);
    expect(await other).toEqual(some(1));
  });

  test("a cancelled sender's value is never delivered", async () => {
    const ch = channel<string>(0);
    const controller = new AbortController();
    const cancelled = ch.send("lost", controller.signal).catch((e: unknown) => e);
    controller.abort(reason);
    expect(await cancelled).toBe(reason);
    expect(ch.tryRecv().some).toBe(false);
    const kept = ch.send("kept");
    expect(ch.tryRecv()).toEqual(some("kept"));
    await kept;
  });

  test("a receiver that got its value just before the abort keeps it", async () => {
    const ch = channel<number>(0);
    const controller = new AbortController();
    const received = ch.recv(controller.signal);
    ch.trySend(5);
    controller.abort(reason);
    expect(await received).toEqual(some(5));
  });

  test("an operation on an already-aborted signal takes and sends nothing", async () => {
    const ch = channel<number>(1);
    ch.trySend(1);
    const signal = AbortSignal.abort(reason);
    await expect(ch.recv(signal)).rejects.toBe(reason);
    await expect(ch.send(2, signal)).rejects.toBe(reason);
    await expect(select([onRecv(ch, () => 0)], { signal })).rejects.toBe(reason);
    expect(ch.tryRecv()).toEqual(some(1));
    expect(ch.tryRecv().some).toBe(false);
  });

  test("a cancelled select withdraws from every channel and clears its timers", async () => {
    const a = channel<number>(0);
    const b = channel<number>(0);
    const controller = new AbortController();
    const chosen = select(
      [onRecv(a, () => "a"), onSend(b, 1, () => "b"), after(60_000, () => "tick")],
      { signal: controller.signal },
    ).catch((e: unknown) => e);
    controller.abort(reason);
    expect(await chosen).toBe(reason);
    expect(a.trySend(1)).toBe(false);
    expect(b.tryRecv().some).toBe(false);
  });
});
