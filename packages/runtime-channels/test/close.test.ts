import { describe, expect, test } from "vitest";
import { ChannelClosedError, WEFT_ERROR, channel, none, some } from "../src/index.js";

describe("closing a channel (Go test/closedchan.go)", () => {
  test("buffered values drain before None, and sending fails (conformance channels/close-drain)", async () => {
    const ch = channel<string>(4);
    await ch.send("a");
    await ch.send("b");
    ch.close();
    expect(await ch.recv()).toEqual(some("a"));
    expect(await ch.recv()).toEqual(some("b"));
    expect(await ch.recv()).toEqual(none);
    expect(ch.trySend("c")).toBe(false);
    const error = await ch.send("d").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelClosedError);
    expect((error as Error).message).toBe("send on closed channel");
  });

  test("send on closed channel is branded as a Weft Error that try may catch", async () => {
    const ch = channel<number>(1);
    ch.close();
    const error = (await ch.send(1).catch((e: unknown) => e)) as ChannelClosedError;
    expect(error[WEFT_ERROR]).toBe(true);
    expect(WEFT_ERROR).toBe(Symbol.for("weft.Error"));
    expect(error.suppressed).toEqual([]);
  });

  test("close wakes every blocked receiver with None", async () => {
    const ch = channel<number>(3);
    const receivers = [ch.recv(), ch.recv(), ch.recv()];
    ch.close();
    expect(await Promise.all(receivers)).toEqual([none, none, none]);
  });

  test("close makes every blocked sender fail with send on closed channel", async () => {
    const ch = channel<number>(0);
    const senders = [ch.send(1), ch.send(2)].map((p) => p.then(() => "sent", (e: Error) => e.message));
    ch.close();
    expect(await Promise.all(senders)).toEqual(["send on closed channel", "send on closed channel"]);
    expect(ch.tryRecv()).toEqual(none); // their values were never delivered
  });

  test("recv on a closed, drained channel keeps giving None", async () => {
    const ch = channel<number>();
    ch.close();
    for (let i = 0; i < 3; i++) expect(await ch.recv()).toEqual(none);
    expect(ch.tryRecv()).toEqual(none);
  });

  test("closing twice does nothing", () => {
    const ch = channel<number>(1);
    ch.trySend(1);
    ch.close();
    expect(() => ch.close()).not.toThrow();
    expect(ch.closed).toBe(true);
    expect(ch.tryRecv()).toEqual(some(1));
  });
});
