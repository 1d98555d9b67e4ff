import { expect, test } from "vitest";
import { CLOSED, channel, LocalCore, onSend, select, Waiting } from "../src/index.js";

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

/** A task as compiled code passes it to sendIn/recvIn (runtime-tasks' Frame has this shape). */
function fakeTask() {
  const wakers = new Set<(reason: unknown) => void>();
  return {
    cancelled: false,
    reason: undefined as unknown,
    suspend: (w: (reason: unknown) => void) => void wakers.add(w),
    resume: (w: (reason: unknown) => void) => void wakers.delete(w),
    cancel(reason: unknown) {
      this.cancelled = true;
      this.reason = reason;
      for (const w of [...wakers]) w(reason);
    },
    get waiting() {
      return wakers.size;
    },
  };
}

test("sendIn and recvIn answer like sendNow and recvNow, and throw the task's reason once it is cancelled", () => {
  const ch = channel<number>(1);
  const task = fakeTask();
  expect(ch.sendIn(1, task)).toBe(undefined);
  expect(ch.recvIn(task)).toBe(1);
  expect(ch.recvIn(undefined)).toBeInstanceOf(Waiting);
  task.cancel("stop");
  expect(() => ch.sendIn(2, task)).toThrow("stop");
  expect(() => ch.recvIn(task)).toThrow("stop");
});

test("a recvIn or sendIn parked when its task is cancelled rejects with the reason, takes and sends nothing, and unregisters its wake-up", async () => {
  const ch = channel<number>(1);
  const receiver = fakeTask();
  const waiting = ch.recvIn(receiver) as Waiting<number>;
  expect(receiver.waiting).toBe(1);
  receiver.cancel("receiver cancelled");
  await expect(waiting.promise).rejects.toBe("receiver cancelled");
  expect(receiver.waiting).toBe(0);

  const sender = fakeTask();
  expect(ch.sendIn(1, sender)).toBe(undefined);
  const blocked = ch.sendIn(2, sender)!;
  // A send to a full local channel tries once more a microtask later, and parks only then.
  await Promise.resolve();
  expect(sender.waiting).toBe(1);
  sender.cancel("sender cancelled");
  await expect(blocked).rejects.toBe("sender cancelled");
  expect(sender.waiting).toBe(0);
  // Cancelled in that microtask, before it parked: the same.
  const early = fakeTask();
  const retrying = ch.sendIn(3, early)!;
  early.cancel("cancelled before parking");
  await expect(retrying).rejects.toBe("cancelled before parking");
  expect(early.waiting).toBe(0);
  expect(ch.recvIn(undefined)).toBe(1);
  ch.close();
  expect(ch.recvIn(undefined)).toBe(CLOSED);
});

test("a parked recvIn that gets its value unregisters its wake-up from the task", async () => {
  const ch = channel<string>(4);
  const task = fakeTask();
  const waiting = ch.recvIn(task) as Waiting<string>;
  expect(ch.sendIn("x", undefined)).toBe(undefined);
  expect(await waiting.promise).toBe("x");
  expect(task.waiting).toBe(0);
});

test("a send to a full local channel whose receiver takes within the same turn goes in without parking", async () => {
  const parked: unknown[] = [];
  const ch = channel<number>(1);
  const park = LocalCore.prototype.parkSender;
  LocalCore.prototype.parkSender = function (this: LocalCore<number>, ...args: Parameters<typeof park>) {
    parked.push(args[1]);
    return park.apply(this, args);
  };
  try {
    expect(ch.sendNow(0)).toBe(undefined);
    const sending = ch.send(1); // full: it tries again a microtask later, rather than parking now
    expect(ch.tryRecv()).toEqual({ some: true, value: 0 });
    await sending;
    expect(ch.tryRecv()).toEqual({ some: true, value: 1 });
    // Still full a microtask later: it parks, and is served first come, first served.
    expect(ch.sendNow(2)).toBe(undefined);
    const late = ch.send(3);
    await Promise.resolve();
    await Promise.resolve();
    expect(parked.length).toBe(1);
    expect(ch.recvNow()).toBe(2);
    await late;
    expect(ch.recvNow()).toBe(3);
  } finally {
    LocalCore.prototype.parkSender = park;
  }
});

test("await send against for await alternates through a small buffer without parking either side", async () => {
  let parks = 0;
  const parkSender = LocalCore.prototype.parkSender;
  const parkReceiver = LocalCore.prototype.parkReceiver;
  LocalCore.prototype.parkSender = function (this: LocalCore<number>, ...args: Parameters<typeof parkSender>) {
    parks++;
    return parkSender.apply(this, args);
  };
  LocalCore.prototype.parkReceiver = function (this: LocalCore<number>, ...args: Parameters<typeof parkReceiver>) {
    parks++;
    return parkReceiver.apply(this, args);
  };
  try {
    const ch = channel<number>(4);
    const producer = (async () => {
      for (let i = 0; i < 200; i++) await ch.send(i);
      ch.close();
    })();
    const got: number[] = [];
    for await (const v of ch) got.push(v);
    await producer;
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // Once, at most, while the two settle into step (and once when a long run yields to the
    // event loop for fairness, which a slow machine may make it do): not once per message.
    expect(parks).toBeLessThan(20);
  } finally {
    LocalCore.prototype.parkSender = parkSender;
    LocalCore.prototype.parkReceiver = parkReceiver;
  }
});

test("a send still trying again after finding the buffer full is not overtaken by a later send, try-send or select", async () => {
  const ch = channel<number>(1);
  expect(ch.sendNow(0)).toBe(undefined);
  const first = ch.send(1); // full: tries again a microtask later
  expect(ch.tryRecv()).toEqual({ some: true, value: 0 }); // room now, in the same turn
  // As if the first were parked: the buffer is full to everyone else until it has had its turn.
  expect(ch.trySend(9)).toBe(false);
  expect(await select([onSend(ch, 9, () => "sent")], { default: () => "full" })).toBe("full");
  const second = ch.send(2);
  await first;
  expect(ch.recvNow()).toBe(1);
  await second;
  expect(ch.recvNow()).toBe(2);
  // A cancelled retry gives up its place (and sends nothing).
  expect(ch.sendNow(3)).toBe(undefined);
  const controller = new AbortController();
  const cancelled = ch.send(4, controller.signal);
  controller.abort("stop");
  await expect(cancelled).rejects.toBe("stop");
  expect(ch.recvNow()).toBe(3);
  expect(ch.trySend(5)).toBe(true);
  expect(ch.recvNow()).toBe(5);
});
