import { describe, expect, test } from "vitest";
import { channel, some } from "../src/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rendezvous channels", () => {
  test("a send completes only when a receiver takes the value (conformance channels/rendezvous)", async () => {
    const ch = channel<number>(0);
    const log: string[] = [];
    await Promise.all([
      (async () => {
        await ch.send(1);
        log.push("sent");
      })(),
      (async () => {
        await sleep(20);
        log.push("recv-start");
        await ch.recv();
      })(),
    ]);
    expect(log).toEqual(["recv-start", "sent"]);
  });

  test("a receiver that comes first gets the value as soon as it is sent", async () => {
    const ch = channel<string>(0);
    const received = ch.recv();
    await ch.send("hi");
    expect(await received).toEqual(some("hi"));
    expect(ch.length).toBe(0);
  });
});
