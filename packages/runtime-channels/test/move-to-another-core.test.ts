import { describe, expect, test } from "vitest";
import {
  type ChannelCore,
  type Offer,
  type Option,
  type RecvWaiter,
  type SendWaiter,
  type Settles,
  after,
  channel,
  onRecv,
  select,
  some,
} from "../src/index.js";

/** A stand-in for the shared-memory core: forwards to the old core and logs what reaches it. */
class LoggingCore<T> implements ChannelCore<T> {
  readonly log: string[] = [];
  constructor(readonly inner: ChannelCore<T>) {}
  get capacity() {
    return this.inner.capacity;
  }
  get policy() {
    return this.inner.policy;
  }
  get closed() {
    return this.inner.closed;
  }
  get length() {
    return this.inner.length;
  }
  readyToRecv(): boolean {
    this.log.push("readyToRecv");
    return this.inner.readyToRecv();
  }
  readyToSend(): boolean {
    this.log.push("readyToSend");
    return this.inner.readyToSend();
  }
  poll(): Option<T> | undefined {
    this.log.push("poll");
    return this.inner.poll();
  }
  offer(value: T): Offer {
    this.log.push("offer");
    return this.inner.offer(value);
  }
  parkReceiver(operation: Settles, waiter: RecvWaiter<T>): void {
    this.log.push("parkReceiver");
    this.inner.parkReceiver(operation, waiter);
  }
  parkSender(operation: Settles, waiter: SendWaiter<T>): void {
    this.log.push("parkSender");
    this.inner.parkSender(operation, waiter);
  }
  close(): void {
    this.log.push("close");
    this.inner.close();
  }
}

describe("moving a channel's state", () => {
  test("moveTo keeps buffered values and routes every operation, select included, to the new core", async () => {
    const ch = channel<number>(2);
    ch.trySend(1);
    let core: LoggingCore<number> | undefined;
    ch.moveTo((current) => (core = new LoggingCore(current)));
    expect(await ch.recv()).toEqual(some(1));
    await ch.send(2);
    expect(await select([onRecv(ch, (m) => m), after(1000, () => undefined)])).toEqual(some(2));
    ch.close();
    expect(core?.log).toEqual(["poll", "offer", "readyToRecv", "poll", "close"]);
  });
});
