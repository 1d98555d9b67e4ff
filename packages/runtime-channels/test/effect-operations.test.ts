import { Effect, Exit, Fiber, Option, Stream } from "effect";
import { describe, expect, test } from "vitest";
import { channel } from "../src/index.js";
import { ChannelClosed, close, recv, send, sendAll, toStream, tryRecv, trySend } from "../src/effect.js";

// Lets every ready fiber and promise run (a blocked operation parks within a few turns).
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("channel operations as Effects", () => {
  test("send and recv hand values over in order", async () => {
    const ch = channel<string>(2);
    const got = await Effect.runPromise(
      Effect.gen(function* () {
        yield* send(ch, "a");
        yield* send(ch, "b");
        return [yield* recv(ch), yield* recv(ch), yield* tryRecv(ch)];
      }),
    );
    expect(got).toEqual([Option.some("a"), Option.some("b"), Option.none()]);
  });

  test("send on a closed channel fails with ChannelClosed", async () => {
    const ch = channel<number>(1);
    ch.close();
    expect(await Effect.runPromiseExit(send(ch, 1))).toEqual(Exit.fail(new ChannelClosed()));
  });

  test("closing the channel from Weft fails a blocked send and ends a blocked recv with None", async () => {
    const full = channel<number>(0);
    const empty = channel<number>(0);
    const sender = Effect.runPromiseExit(send(full, 1));
    const receiver = Effect.runPromise(recv(empty));
    await settle();
    full.close();
    empty.close();
    expect(await sender).toEqual(Exit.fail(new ChannelClosed()));
    expect(await receiver).toEqual(Option.none());
  });

  test("interrupting a blocked recv withdraws it, so a later send finds no receiver", async () => {
    const ch = channel<number>(0);
    const fiber = Effect.runFork(recv(ch));
    await settle();
    await Effect.runPromise(Fiber.interrupt(fiber));
    expect(ch.trySend(7)).toBe(false);
  });

  test("interrupting a blocked send withdraws its value", async () => {
    const ch = channel<number>(0);
    const fiber = Effect.runFork(send(ch, 7));
    await settle();
    await Effect.runPromise(Fiber.interrupt(fiber));
    expect(ch.tryRecv()).toEqual({ some: false });
  });

  test("cancelling the Weft task that runs a recv interrupts its fiber", async () => {
    const ch = channel<number>(0);
    const controller = new AbortController();
    const log: string[] = [];
    const run = Effect.runPromise(recv(ch).pipe(Effect.onInterrupt(() => Effect.sync(() => log.push("interrupted")))), {
      signal: controller.signal,
    }).catch(() => log.push("rejected"));
    await settle();
    controller.abort();
    await run;
    expect(log).toEqual(["interrupted", "rejected"]);
    expect(ch.trySend(1)).toBe(false);
  });

  test("trySend and close are Effects too", async () => {
    const ch = channel<number>(1);
    expect(await Effect.runPromise(Effect.all([trySend(ch, 1), trySend(ch, 2)]))).toEqual([true, false]);
    await Effect.runPromise(close(ch));
    expect(ch.closed).toBe(true);
  });
});

describe("a channel as a Stream", () => {
  test("toStream reads every value until the channel is closed and drained", async () => {
    const ch = channel<number>("unbounded");
    for (const n of [1, 2, 3]) ch.trySend(n);
    ch.close();
    expect(await Effect.runPromise(Stream.runCollect(toStream(ch)))).toEqual([1, 2, 3]);
  });

  test("sendAll closes the channel even when its stream fails", async () => {
    const ch = channel<number>("unbounded");
    const exit = await Effect.runPromiseExit(sendAll(ch, Stream.concat(Stream.make(1), Stream.fail("boom"))));
    expect(exit).toEqual(Exit.fail("boom"));
    expect(ch.closed).toBe(true);
    expect(await Effect.runPromise(Stream.runCollect(toStream(ch)))).toEqual([1]);
  });

  test("interrupting a stream reader leaves the channel's values for the next reader", async () => {
    const ch = channel<number>(0);
    const fiber = Effect.runFork(Stream.runCollect(toStream(ch)));
    await settle();
    await Effect.runPromise(Fiber.interrupt(fiber));
    expect(ch.trySend(1)).toBe(false);
  });
});
