import { errors } from "./errors.js";
import { type Option, none, some } from "./Option.js";
import { Pending, type RecvWaiter, type SendWaiter, type Settles } from "./Pending.js";
import { Queue } from "./Queue.js";

/** What a bounded channel does with a send when its buffer is full. */
export type Policy = "block" | "dropping" | "sliding";

/** What an immediate send attempt did. */
export type Offer = "sent" | "dropped" | "full" | "closed";

// The operations `select` needs beyond the public API. Symbols, so they stay off the public
// surface; select.ts is their only user.
export const READY_TO_RECV = Symbol("readyToRecv");
export const READY_TO_SEND = Symbol("readyToSend");
export const POLL = Symbol("poll");
export const OFFER = Symbol("offer");
export const PARK_RECEIVER = Symbol("parkReceiver");
export const PARK_SENDER = Symbol("parkSender");

/**
 * Weft's `(Channel a)`: a typed FIFO between tasks. Made by {@link channel}.
 *
 * @example
 * const ch = channel<number>(8);
 * await ch.send(1);
 * const m = await ch.recv(); // { some: true, value: 1 }
 */
export class Channel<T> implements AsyncIterable<T> {
  /** How many values the buffer holds (`Infinity` when unbounded, 0 for rendezvous). */
  readonly capacity: number;
  readonly policy: Policy;
  readonly #buffer = new Queue<T>();
  // Sets keep insertion order (FIFO wake-ups) and delete in O(1), so a select that parks on a
  // quiet channel and gives up leaves nothing behind.
  readonly #receivers = new Set<RecvWaiter<T>>();
  readonly #senders = new Set<SendWaiter<T>>();
  #closed = false;

  /** @internal Use {@link channel}. */
  constructor(capacity: number, policy: Policy) {
    this.capacity = capacity;
    this.policy = policy;
  }

  /** Whether `close` has been called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many values are buffered now. */
  get length(): number {
    return this.#buffer.length;
  }

  /**
   * `(send ch v)`: delivers `v`, suspending while the buffer is full (or, for capacity 0, until
   * a receiver takes it). A dropping or sliding channel never suspends. Rejects with
   * `ChannelClosedError` ("send on closed channel") if the channel is or becomes closed first,
   * and with `signal.reason` if `signal` aborts first (the value is then not sent).
   */
  async send(value: T, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const offer = this[OFFER](value);
    if (offer === "closed") throw errors.sendOnClosed();
    if (offer !== "full") return;
    const pending = new Pending<void>(signal);
    this[PARK_SENDER](pending, {
      value,
      sent: () => pending.resolve(),
      closed: () => pending.reject(errors.sendOnClosed()),
    });
    return pending.promise;
  }

  /**
   * `(recv ch)`: the next value as `some(value)`, suspending while there is none; `none` once
   * the channel is closed and drained. Rejects with `signal.reason` if `signal` aborts first
   * (no value is taken).
   */
  async recv(signal?: AbortSignal): Promise<Option<T>> {
    signal?.throwIfAborted();
    const polled = this[POLL]();
    if (polled !== undefined) return polled;
    const pending = new Pending<Option<T>>(signal);
    this[PARK_RECEIVER](pending, { receive: (message) => pending.resolve(message) });
    return pending.promise;
  }

  /**
   * `(try-send ch v)`: sends without suspending. `true` if the value went in (to a waiting
   * receiver, into the buffer, or — sliding — in place of the oldest value); `false` if the
   * channel is closed, full (blocking), has no waiting receiver (capacity 0), or dropped it.
   */
  trySend(value: T): boolean {
    return this[OFFER](value) === "sent";
  }

  /** `(try-recv ch)`: the next value if one is ready now, else `none`. */
  tryRecv(): Option<T> {
    return this[POLL]() ?? none;
  }

  /**
   * `(close! ch)`: no more sends. Buffered values stay receivable; every blocked receiver
   * wakes with `none` and every blocked sender rejects with "send on closed channel".
   * Closing a closed channel does nothing.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // A receiver can only be parked while the buffer is empty, so they all get `none`.
    const receivers = [...this.#receivers];
    const senders = [...this.#senders];
    this.#receivers.clear();
    this.#senders.clear();
    for (const receiver of receivers) receiver.receive(none);
    for (const sender of senders) sender.closed();
  }

  /**
   * `(for-msg (m ch) ...)`: every value until the channel is closed and drained. Each step is
   * a `recv(signal)`.
   *
   * @example for await (const cmd of commands.messages(signal)) draw(cmd);
   */
  async *messages(signal?: AbortSignal): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const message = await this.recv(signal);
      if (!message.some) return;
      yield message.value;
    }
  }

  /** `for await (const m of ch)`: {@link messages} without a signal. */
  [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    return this.messages();
  }

  /** @internal Whether a recv would complete now (with a value, or `none` when closed). */
  [READY_TO_RECV](): boolean {
    return this.#buffer.length > 0 || this.#senders.size > 0 || this.#closed;
  }

  /** @internal Whether a send would complete now (or raise, when closed). */
  [READY_TO_SEND](): boolean {
    return (
      this.#closed || this.#receivers.size > 0 || this.#buffer.length < this.capacity || this.policy !== "block"
    );
  }

  /** @internal Receives now if possible; `undefined` means a recv would have to wait. */
  [POLL](): Option<T> | undefined {
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift();
      // A slot opened: the longest-waiting sender moves its value into it.
      const sender = first(this.#senders);
      if (sender !== undefined) {
        this.#senders.delete(sender);
        this.#buffer.push(sender.value);
        sender.sent();
      }
      return some(value);
    }
    const sender = first(this.#senders);
    if (sender !== undefined) {
      this.#senders.delete(sender);
      sender.sent();
      return some(sender.value);
    }
    return this.#closed ? none : undefined;
  }

  /** @internal Sends now if possible, applying the overflow policy. */
  [OFFER](value: T): Offer {
    if (this.#closed) return "closed";
    const receiver = first(this.#receivers);
    if (receiver !== undefined) {
      this.#receivers.delete(receiver);
      receiver.receive(some(value));
      return "sent";
    }
    if (this.#buffer.length < this.capacity) {
      this.#buffer.push(value);
      return "sent";
    }
    if (this.policy === "sliding" && this.capacity > 0) {
      this.#buffer.shift();
      this.#buffer.push(value);
      return "sent";
    }
    return this.policy === "block" ? "full" : "dropped";
  }

  /** @internal Parks a receiver until a value, `close`, or its Pending settles elsewhere. */
  [PARK_RECEIVER](pending: Settles, waiter: RecvWaiter<T>): void {
    this.#receivers.add(waiter);
    pending.onSettle(() => this.#receivers.delete(waiter));
  }

  /** @internal Parks a sender until a receiver takes its value, `close`, or its Pending settles elsewhere. */
  [PARK_SENDER](pending: Settles, waiter: SendWaiter<T>): void {
    this.#senders.add(waiter);
    pending.onSettle(() => this.#senders.delete(waiter));
  }
}

/**
 * `(channel T)`, `(channel T n)`, `(channel T n :dropping)`, `(channel T n :sliding)`,
 * `(channel T :unbounded)`: a new channel. Capacity defaults to 64; 0 makes a rendezvous
 * channel, where a send completes only when a receiver takes the value.
 *
 * @example
 * const frames = channel<Frame>(2, "sliding"); // keeps the two newest frames
 */
export function channel<T>(capacity: number | "unbounded" = 64, policy: Policy = "block"): Channel<T> {
  if (policy !== "block" && policy !== "dropping" && policy !== "sliding") throw errors.badPolicy(policy);
  if (capacity === "unbounded") return new Channel<T>(Number.POSITIVE_INFINITY, policy);
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw errors.badCapacity(capacity);
  return new Channel<T>(capacity, policy);
}

function first<T>(set: Set<T>): T | undefined {
  for (const item of set) return item;
  return undefined;
}
