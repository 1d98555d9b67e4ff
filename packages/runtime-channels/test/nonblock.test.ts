import { describe, expect, test } from "vitest";
import { channel, none, some } from "../src/index.js";

describe("non-blocking operations (Go test/chan/nonblock.go)", () => {
  test("tryRecv on an empty channel gives None at once", () => {
    expect(channel<number>(4).tryRecv()).toEqual(none);
    expect(channel<number>(0).tryRecv()).toEqual(none);
  });

  test("trySend on an unbuffered channel with no receiver is false", () => {
    expect(channel<number>(0).trySend(1)).toBe(false);
  });

  test("trySend on an unbuffered channel hands the value to a waiting receiver", async () => {
    const ch = channel<number>(0);
    const received = ch.recv();
    expect(ch.trySend(7)).toBe(true);
    expect(await received).toEqual(some(7));
  });

  test("tryRecv on an unbuffered channel takes the value of a waiting sender and releases it", async () => {
    const ch = channel<number>(0);
    let sent = false;
    const sending = ch.send(9).then(() => (sent = true));
    expect(ch.tryRecv()).toEqual(some(9));
    await sending;
    expect(sent).toBe(true);
  });

  test("trySend fills a buffer and then reports it full", () => {
    const ch = channel<number>(2);
    expect([ch.trySend(1), ch.trySend(2), ch.trySend(3)]).toEqual([true, true, false]);
    expect(ch.length).toBe(2);
    expect([ch.tryRecv(), ch.tryRecv(), ch.tryRecv()]).toEqual([some(1), some(2), none]);
  });

  test("tryRecv on a full buffer lets the longest-blocked sender in", async () => {
    const ch = channel<number>(1);
    ch.trySend(1);
    const blocked = ch.send(2);
    expect(ch.tryRecv()).toEqual(some(1));
    await blocked;
    expect(ch.tryRecv()).toEqual(some(2));
  });
});
