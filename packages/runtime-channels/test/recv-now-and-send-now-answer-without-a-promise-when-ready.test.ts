import { expect, test } from "vitest";
import { CLOSED, channel, Waiting } from "../src/index.js";

test("recvNow gives a buffered value itself, a Waiting on an empty channel, and CLOSED once closed and drained", async () => {
  const ch = channel<number>(4);
  expect(ch.sendNow(1)).toBe(undefined);
  expect(ch.sendNow(2)).toBe(undefined);
  expect(ch.recvNow()).toBe(1);
  expect(ch.recvNow()).toBe(2);
  const waiting = ch.recvNow();
  expect(waiting).toBeInstanceOf(Waiting);
  expect(ch.sendNow(3)).toBe(undefined);
  expect(await (waiting as Waiting<number>).promise).toBe(3);
  ch.close();
  expect(ch.recvNow()).toBe(CLOSED);
});

test("sendNow on a full channel gives a promise that settles when a receiver makes room", async () => {
  const ch = channel<string>(1);
  expect(ch.sendNow("a")).toBe(undefined);
  const blocked = ch.sendNow("b");
  expect(blocked).toBeInstanceOf(Promise);
  expect(ch.recvNow()).toBe("a");
  await blocked;
  expect(ch.recvNow()).toBe("b");
});

test("sendNow on a closed channel throws send on closed channel; both check the signal first", () => {
  const ch = channel<number>(1);
  const aborted = AbortSignal.abort("stop");
  expect(() => ch.sendNow(1, aborted)).toThrow("stop");
  expect(() => ch.recvNow(aborted)).toThrow("stop");
  ch.close();
  expect(() => ch.sendNow(1)).toThrow("send on closed channel");
});
