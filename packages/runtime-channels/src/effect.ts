/**
 * `@weft/runtime-channels/effect`: channel operations as Effects. A blocked `send` or `recv` is
 * interruptible (the fiber's interruption withdraws it, so no value is lost or sent twice),
 * `send` on a closed channel is the typed failure {@link ChannelClosed}, and a channel reads as
 * an Effect `Stream` that ends when it is closed and drained.
 */
import { Cause, Data, Effect, Option, Stream } from "effect";
import type { Channel } from "./Channel.js";
import { ChannelClosedError } from "./errors.js";

/** `send` on a closed channel (Weft's "send on closed channel"). */
export class ChannelClosed extends Data.TaggedError("ChannelClosed")<{}> {
  override get message(): string {
    return "send on closed channel";
  }
}

/** `(send ch v)`: suspends while the channel is full; fails with {@link ChannelClosed} once it is closed. */
export const send = <T>(ch: Channel<T>, value: T): Effect.Effect<void, ChannelClosed> =>
  Effect.callback<void, ChannelClosed>((resume, signal) => {
    ch.send(value, signal).then(
      () => resume(Effect.void),
      (error: unknown) => resume(error instanceof ChannelClosedError ? Effect.fail(new ChannelClosed()) : Effect.die(error)),
    );
  });

/** `(recv ch)`: the next value, suspending while there is none; `None` once closed and drained. */
export const recv = <T>(ch: Channel<T>): Effect.Effect<Option.Option<T>> =>
  Effect.callback<Option.Option<T>>((resume, signal) => {
    ch.recv(signal).then(
      (message) => resume(Effect.succeed(message.some ? Option.some(message.value) : Option.none())),
      (error: unknown) => resume(Effect.die(error)),
    );
  });

/** `(try-send ch v)`: `true` if the value went in without waiting. */
export const trySend = <T>(ch: Channel<T>, value: T): Effect.Effect<boolean> => Effect.sync(() => ch.trySend(value));

/** `(try-recv ch)`: the next value if one is ready now. */
export const tryRecv = <T>(ch: Channel<T>): Effect.Effect<Option.Option<T>> =>
  Effect.sync(() => {
    const message = ch.tryRecv();
    return message.some ? Option.some(message.value) : Option.none();
  });

/** `(close! ch)`: no more sends; buffered values stay receivable. */
export const close = <T>(ch: Channel<T>): Effect.Effect<void> => Effect.sync(() => ch.close());

/**
 * `(for-msg (m ch) ...)` as a Stream: every value until the channel is closed and drained.
 *
 * @example yield* Stream.runForEach(toStream(commands), draw)
 */
export const toStream = <T>(ch: Channel<T>): Stream.Stream<T> =>
  Stream.fromEffectRepeat(
    Effect.flatMap(recv(ch), (message) => (Option.isSome(message) ? Effect.succeed(message.value) : Cause.done())),
  );

/**
 * Sends every element of `stream` on `ch`, then closes it (also when the stream fails or the
 * fiber is interrupted, so receivers never wait for a producer that is gone).
 */
export const sendAll = <T, E, R>(ch: Channel<T>, stream: Stream.Stream<T, E, R>): Effect.Effect<void, E | ChannelClosed, R> =>
  Stream.runForEach(stream, (value) => send(ch, value)).pipe(Effect.ensuring(close(ch)));
