import { decode, encode, S } from "@weft/gc";
import { expect, test } from "vitest";
import { channel, some } from "../src/index.js";

// A send that finds an in-thread buffer full tries once more a microtask later, and until then it
// counts as parked. Crossing a thread in that window (the codec moves the channel onto a shared
// core) must keep it ahead of the sends that come after it.
test("a send waiting to retry when the channel moves onto a shared core is not overtaken by a newer send", async () => {
  const ch = channel<number>(1);
  expect(ch.trySend(0)).toBe(true);
  const older = ch.send(1); // full: retries a microtask later
  expect(decode(encode(ch, S.any), S.any)).toBe(ch); // crosses a thread now, before the retry runs
  expect(ch.shared).toBe(true);
  expect(ch.tryRecv()).toEqual(some(0)); // room for one
  const newer = ch.send(2);
  const received: number[] = [];
  for (let i = 0; i < 2; i++) {
    const m = await ch.recv();
    if (m.some) received.push(m.value);
  }
  await Promise.all([older, newer]);
  expect(received).toEqual([1, 2]);
});

test("a send waiting to retry that is cancelled after the channel moved rejects with its reason and sends nothing", async () => {
  const ch = channel<number>(1);
  expect(ch.trySend(0)).toBe(true);
  const abort = new AbortController();
  const cancelled = ch.send(1, abort.signal).catch((e: unknown) => e);
  expect(decode(encode(ch, S.any), S.any)).toBe(ch);
  abort.abort("stop");
  expect(await cancelled).toBe("stop");
  expect(ch.tryRecv()).toEqual(some(0));
  ch.close();
  expect((await ch.recv()).some).toBe(false);
});

test("a send waiting to retry that was cancelled before the channel moved rejects with its reason and sends nothing", async () => {
  const ch = channel<number>(1);
  expect(ch.trySend(0)).toBe(true);
  const abort = new AbortController();
  const cancelled = ch.send(1, abort.signal).catch((e: unknown) => e);
  abort.abort("stop");
  expect(decode(encode(ch, S.any), S.any)).toBe(ch);
  expect(await cancelled).toBe("stop");
  expect(ch.tryRecv()).toEqual(some(0));
  ch.close();
  expect((await ch.recv()).some).toBe(false);
});
