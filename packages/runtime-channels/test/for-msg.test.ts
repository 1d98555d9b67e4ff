import { describe, expect, test } from "vitest";
import { channel } from "../src/index.js";

describe("iterating over a channel (for-msg)", () => {
  test("a consumer sums what a producer sends until it closes (conformance channels/producer-consumer)", async () => {
    const ch = channel<number>(8);
    const produce = async () => {
      for (let i = 1; i <= 1000; i++) await ch.send(i);
      ch.close();
    };
    const consume = async () => {
      let acc = 0;
      for await (const v of ch) acc += v;
      return acc;
    };
    const [, total] = await Promise.all([produce(), consume()]);
    expect(total).toBe(500500);
  });

  test("for-msg ends once the channel is closed and drained, after every buffered value", async () => {
    const ch = channel<string>(3);
    for (const v of ["clear", "draw", "present"]) await ch.send(v);
    ch.close();
    const seen: string[] = [];
    for await (const v of ch.messages()) seen.push(v);
    expect(seen).toEqual(["clear", "draw", "present"]);
  });

  test("messages(signal) stops with the signal's reason when cancelled", async () => {
    const ch = channel<number>();
    const controller = new AbortController();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const v of ch.messages(controller.signal)) seen.push(v);
    })().catch((e: unknown) => e);
    await ch.send(1);
    await new Promise((r) => setTimeout(r, 1));
    controller.abort("scene unloaded");
    expect(await loop).toBe("scene unloaded");
    expect(seen).toEqual([1]);
  });
});
