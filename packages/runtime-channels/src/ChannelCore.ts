import { type Option, none, some } from "./Option.js";
import type { RecvWaiter, SendWaiter, Settles } from "./Pending.js";
import { Queue } from "./Queue.js";

/** What a bounded channel does with a send when its buffer is full. */
export type Policy = "block" | "dropping" | "sliding";

/** What an immediate send attempt did. */
export type Offer = "sent" | "dropped" | "full" | "closed";

/**
 * A channel's state and its non-blocking operations: everything `Channel` and `select` build
 * on. Every channel starts with a {@link LocalCore} (plain JS on one event loop); the `@weft/gc`
 * codec will replace it with a shared-memory core the first time the channel crosses a thread
 * (ARCHITECTURE §Threads), and the same `Channel` object keeps working on both sides.
 */
export interface ChannelCore<T> {
  readonly capacity: number;
  readonly policy: Policy;
  readonly closed: boolean;
  /** Values buffered now. */
  readonly length: number;
  /** Whether a recv would complete now (with a value, or none when closed and drained). */
  readyToRecv(): boolean;
  /** Whether a send would complete now (or raise, when closed). */
  readyToSend(): boolean;
  /** Receives now if possible; `undefined` means a recv would have to wait. */
  poll(): Option<T> | undefined;
  /** Sends now if possible, applying the overflow policy. */
  offer(value: T): Offer;
  /** Parks a receiver until a partner hands it a message or `operation` settles elsewhere. */
  parkReceiver(operation: Settles, waiter: RecvWaiter<T>): void;
  /** Parks a sender until a partner takes its value, `close`, or `operation` settles elsewhere. */
  parkSender(operation: Settles, waiter: SendWaiter<T>): void;
  /** Marks the channel closed and wakes every parked receiver (none) and sender (closed). */
  close(): void;
}

/** What a channel's `recvNow` gives once the channel is closed and drained. */
export const CLOSED: unique symbol = Symbol("closed");
/** {@link LocalCore.take}'s answer when a recv would have to wait. */
export const EMPTY: unique symbol = Symbol("empty");

/** The single-thread core: a ring buffer and two FIFO wait queues. */
export class LocalCore<T> implements ChannelCore<T> {
  readonly capacity: number;
  readonly policy: Policy;
  readonly #buffer = new Queue<T>();
  // Maps keep insertion order (FIFO wake-ups) and delete in O(1), so a select that parks on a
  // quiet channel and gives up leaves nothing behind; each waiter maps to its operation, so
  // `drain` can hand both to another core.
  readonly #receivers = new Map<RecvWaiter<T>, Settles>();
  readonly #senders = new Map<SendWaiter<T>, Settles>();
  #closed = false;
  /**
   * Sends that found the buffer full and try again a microtask later (`Channel`'s `sendAfterTurn`)
   * rather than park at once. They count as parked senders: while any is pending, the buffer is
   * full to every other send (`offer`, `try-send`, a select's send clause), so none overtakes them,
   * as none could overtake a parked sender; `retry` is their own second try, in the order they came.
   */
  #retrying = 0;

  constructor(capacity: number, policy: Policy) {
    this.capacity = capacity;
    this.policy = policy;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get length(): number {
    return this.#buffer.length;
  }

  readyToRecv(): boolean {
    return this.#buffer.length > 0 || this.#senders.size > 0 || this.#closed;
  }

  readyToSend(): boolean {
    return (
      this.#closed ||
      this.policy !== "block" ||
      (this.#retrying === 0 && (this.#receivers.size > 0 || this.#buffer.length < this.capacity))
    );
  }

  /** A send that found the buffer full will `retry` a microtask later (see {@link LocalCore.#retrying}). */
  willRetry(): void {
    this.#retrying++;
  }

  /** The second try of a send that called {@link willRetry}: `offer`, ahead of newer sends. */
  retry(value: T): Offer {
    this.#retrying--;
    return this.#offer(value);
  }

  /** A send that called {@link willRetry} gives up instead (cancelled, or the channel moved). */
  endRetry(): void {
    this.#retrying--;
  }

  /**
   * `poll` without the Option: the value, {@link CLOSED} once closed and drained, or
   * {@link EMPTY} when a recv would have to wait (the path `recvNow` takes for every message).
   */
  take(): T | typeof CLOSED | typeof EMPTY {
    if (this.#buffer.length > 0) {
      const value = this.#buffer.shift();
      // A slot opened: the longest-waiting sender moves its value into it.
      if (this.#senders.size > 0) {
        for (const sender of this.#senders.keys()) {
          this.#senders.delete(sender);
          if (sender.sent()) {
            this.#buffer.push(sender.value);
            break;
          }
        }
      }
      return value;
    }
    if (this.#senders.size > 0) {
      for (const sender of this.#senders.keys()) {
        this.#senders.delete(sender);
        if (sender.sent()) return sender.value;
      }
    }
    return this.#closed ? CLOSED : EMPTY;
  }

  poll(): Option<T> | undefined {
    const v = this.take();
    return v === EMPTY ? undefined : v === CLOSED ? none : some(v);
  }

  offer(value: T): Offer {
    if (this.#retrying > 0 && !this.#closed && this.policy === "block") return "full";
    return this.#offer(value);
  }

  #offer(value: T): Offer {
    if (this.#closed) return "closed";
    // A receiver can only be parked while the buffer is empty, so handing over keeps FIFO.
    // (Checked by size first: iterating an empty Map still allocates an iterator per send.)
    if (this.#receivers.size > 0) {
      for (const receiver of this.#receivers.keys()) {
        this.#receivers.delete(receiver);
        if (receiver.receive(some(value))) return "sent";
      }
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

  parkReceiver(operation: Settles, waiter: RecvWaiter<T>): void {
    this.#receivers.set(waiter, operation);
    operation.onSettle(() => this.#receivers.delete(waiter));
  }

  parkSender(operation: Settles, waiter: SendWaiter<T>): void {
    this.#senders.set(waiter, operation);
    operation.onSettle(() => this.#senders.delete(waiter));
  }

  /**
   * Empties this core for a successor (`Channel.moveTo`): the buffered values in order, and every
   * parked waiter with its operation, to be parked again on the new core. This core is left
   * empty; its waiters' cleanups still point here and find nothing.
   */
  drain(): {
    values: T[];
    receivers: [Settles, RecvWaiter<T>][];
    senders: [Settles, SendWaiter<T>][];
  } {
    const values: T[] = [];
    while (this.#buffer.length > 0) values.push(this.#buffer.shift());
    const receivers = [...this.#receivers].map(([w, op]) => [op, w] as [Settles, RecvWaiter<T>]);
    const senders = [...this.#senders].map(([w, op]) => [op, w] as [Settles, SendWaiter<T>]);
    this.#receivers.clear();
    this.#senders.clear();
    return { values, receivers, senders };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const receivers = [...this.#receivers.keys()];
    const senders = [...this.#senders.keys()];
    this.#receivers.clear();
    this.#senders.clear();
    for (const receiver of receivers) receiver.receive(none);
    for (const sender of senders) sender.closed();
  }
}
