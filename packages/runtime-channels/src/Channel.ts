import { HandleTable, type HandleDescriptor, registry, type Schema, SHARE, type SharedHandle, useProcessHeap } from "@weft/gc";
import { type ChannelCore, CLOSED, EMPTY, LocalCore, type Policy } from "./ChannelCore.js";
import { type SharedChannelData, SharedCore, slotLayout } from "./SharedCore.js";
import { errors } from "./errors.js";
import { type Option, none } from "./Option.js";
import { macrotask, mustYield } from "./fairness.js";
import { RecvOp, SendOp, TakeOp, type TaskCancellation } from "./Pending.js";

export { CLOSED };

// How select.ts reaches a channel's core; a symbol keeps it off the public surface.
export const CORE = Symbol("core");


/** {@link Channel.recvNow}'s answer when no value is ready: await `promise` for the value (or `CLOSED`). */
export class Waiting<T> {
  constructor(readonly promise: Promise<T | typeof CLOSED>) {}
}

/** What a `send` that completed at once returns (one settled promise for all of them). */
const SENT: Promise<void> = Promise.resolve();

function step<T>(message: T | typeof CLOSED): IteratorResult<T, undefined> {
  return message === CLOSED ? { done: true, value: undefined } : { done: false, value: message };
}

/**
 * Weft's `(Channel a)`: a typed FIFO between tasks. Made by {@link channel}.
 *
 * @example
 * const ch = channel<number>(8);
 * await ch.send(1);
 * const m = await ch.recv(); // { some: true, value: 1 }
 */
export class Channel<T> implements AsyncIterable<T>, SharedHandle {
  #core: ChannelCore<T>;
  /** The element type, when known: a plain-data struct's fields then sit inline in a shared ring. */
  readonly #schema: Schema | undefined;
  /**
   * Sends waiting for their microtask retry on the local core (see {@link #sendAfterTurn}), oldest
   * first, as value, signal, task: if the channel moves meanwhile they are parked on the new core
   * in that order, since until they have tried again they count as parked.
   */
  readonly #retrying: unknown[] = [];
  /** What each of those became once the channel moved: its send parked on the new core, oldest first. */
  readonly #movedRetries: Promise<void>[] = [];

  /** @internal Use {@link channel}. */
  constructor(capacity: number, policy: Policy, schema?: Schema) {
    this.#core = new LocalCore<T>(capacity, policy);
    this.#schema = schema;
  }

  /** How many values the buffer holds (`Infinity` when unbounded, 0 for rendezvous). */
  get capacity(): number {
    return this.#core.capacity;
  }

  /** What a send to a full buffer does. */
  get policy(): Policy {
    return this.#core.policy;
  }

  /** Whether `close` has been called. */
  get closed(): boolean {
    return this.#core.closed;
  }

  /** How many values are buffered now. */
  get length(): number {
    return this.#core.length;
  }

  /**
   * `(send ch v)`: delivers `v`, suspending while the buffer is full (or, for capacity 0, until
   * a receiver takes it). A dropping or sliding channel never suspends. Rejects with
   * `ChannelClosedError` ("send on closed channel") if the channel is or becomes closed first,
   * and with `signal.reason` if `signal` aborts first (the value is then not sent).
   */
  send(value: T, signal?: AbortSignal): Promise<void> {
    try {
      return this.sendNow(value, signal) ?? SENT;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * `(recv ch)`: the next value as `some(value)`, suspending while there is none; `none` once
   * the channel is closed and drained. Rejects with `signal.reason` if `signal` aborts first
   * (no value is taken).
   */
  async recv(signal?: AbortSignal): Promise<Option<T>> {
    signal?.throwIfAborted();
    if (mustYield()) {
      await macrotask();
      signal?.throwIfAborted();
    }
    const polled = this.#core.poll();
    if (polled !== undefined) return polled;
    return this.#parkReceiver(signal);
  }

  /**
   * `send` without a promise when it completes at once: `undefined` if the value went in now,
   * else a promise of its completion. Throws (synchronously) what `send` rejects with.
   */
  sendNow(value: T, signal?: AbortSignal): Promise<void> | undefined {
    signal?.throwIfAborted();
    return this.#sendNow(value, signal, undefined);
  }

  /**
   * {@link sendNow} for compiled code, which passes the running task (`$tasks.activeTask()`)
   * rather than its signal: cancelling the task cancels the send as aborting its signal would.
   * `(send ch v)` compiles to `(r = ch.sendIn(v, task)) === undefined ? undefined : await r`.
   */
  sendIn(value: T, task: TaskCancellation | undefined): Promise<void> | undefined {
    if (task !== undefined && task.cancelled) throw task.reason;
    return this.#sendNow(value, undefined, task);
  }

  #sendNow(value: T, signal: AbortSignal | undefined, task: TaskCancellation | undefined): Promise<void> | undefined {
    if (mustYield()) return this.#sendLater(value, signal, task);
    const core = this.#core;
    let offer = core.offer(value);
    if (offer === "full") {
      // A receiver on another thread usually makes room within microseconds: cheaper than parking.
      if (core instanceof SharedCore) {
        if (core.spinForRoom()) offer = core.offer(value);
      } else if (core instanceof LocalCore && core.capacity > 0) {
        core.willRetry();
        this.#retrying.push(value, signal, task);
        return this.#sendAfterTurn(core, value, signal, task);
      }
    }
    if (offer === "closed") throw errors.sendOnClosed();
    return offer === "full" ? this.#parkSender(value, signal, task) : undefined;
  }

  /**
   * A send that found the local buffer full tries once more one microtask later before it parks.
   * In-thread, a sender that was just woken runs before the receiver that woke it takes again
   * (its wake-up was queued first), so `await send` against `for await` found the buffer full on
   * every message, and parking (an operation, its promise, a queue entry) cost more than the
   * message itself. One microtask later the receiver has taken, and the send goes straight in;
   * from then on the two alternate without parking. It is this thread's analogue of spinning
   * before parking; a sender still facing a full buffer then parks, first come, first served.
   * (Not on a rendezvous channel: there a sender must be parked at once for a `try-recv` to see it.)
   */
  async #sendAfterTurn(
    local: LocalCore<T>,
    value: T,
    signal: AbortSignal | undefined,
    task: TaskCancellation | undefined,
  ): Promise<void> {
    await undefined;
    // Moved onto another core meanwhile (the channel crossed a thread): the move parked this send
    // there, ahead of every send that came after it. (Retries resume in the order they were queued.)
    if (this.#core !== local) return this.#movedRetries.shift();
    const retrying = this.#retrying;
    retrying.shift(), retrying.shift(), retrying.shift();
    if (signal?.aborted === true || (task !== undefined && task.cancelled)) {
      // It gives up its place ahead of newer sends before anything else (it may throw here).
      local.endRetry();
      signal?.throwIfAborted();
      if (task !== undefined && task.cancelled) throw task.reason;
    }
    const offer = local.retry(value);
    if (offer === "closed") throw errors.sendOnClosed();
    if (offer === "full") return this.#parkSender(value, signal, task);
  }

  /**
   * `recv` without a promise when a value is ready: the value itself, {@link CLOSED} once the
   * channel is closed and drained, or a {@link Waiting} whose promise gives one of those two.
   * Throws `signal.reason` if `signal` is aborted.
   */
  recvNow(signal?: AbortSignal): T | typeof CLOSED | Waiting<T> {
    signal?.throwIfAborted();
    return mustYield() ? new Waiting(this.#recvLater(signal, undefined)) : this.#take(signal, undefined);
  }

  /**
   * {@link recvNow} for compiled code (`recv`, `for-msg`), given the running task rather than its
   * signal (see {@link sendIn}).
   */
  recvIn(task: TaskCancellation | undefined): T | typeof CLOSED | Waiting<T> {
    if (task !== undefined && task.cancelled) throw task.reason;
    return mustYield() ? new Waiting(this.#recvLater(undefined, task)) : this.#take(undefined, task);
  }

  /** The next value, `CLOSED`, or a Waiting parked on the channel. */
  #take(signal: AbortSignal | undefined, task: TaskCancellation | undefined): T | typeof CLOSED | Waiting<T> {
    const core = this.#core;
    // The local and shared cores answer without an Option (no allocation per message).
    if (core instanceof LocalCore || core instanceof SharedCore) {
      const taken = (core as LocalCore<T> | SharedCore<T>).take();
      if (taken !== EMPTY) return taken;
      // A sender on another thread usually delivers within microseconds: cheaper than parking.
      if (core instanceof SharedCore && core.spinForValue()) {
        const late = (core as SharedCore<T>).take();
        if (late !== EMPTY) return late;
      }
    } else {
      const polled = core.poll();
      if (polled !== undefined) return polled.some ? polled.value : CLOSED;
    }
    const op = new TakeOp<T, typeof CLOSED>(signal, task, CLOSED);
    core.parkReceiver(op, op);
    return new Waiting(op.promise);
  }

  async #recvLater(signal: AbortSignal | undefined, task: TaskCancellation | undefined): Promise<T | typeof CLOSED> {
    await macrotask();
    signal?.throwIfAborted();
    if (task !== undefined && task.cancelled) throw task.reason;
    const m = this.#take(signal, task);
    return m instanceof Waiting ? m.promise : m;
  }

  async #sendLater(value: T, signal: AbortSignal | undefined, task: TaskCancellation | undefined): Promise<void> {
    await macrotask();
    signal?.throwIfAborted();
    if (task !== undefined && task.cancelled) throw task.reason;
    const offer = this.#core.offer(value);
    if (offer === "closed") throw errors.sendOnClosed();
    if (offer === "full") return this.#parkSender(value, signal, task);
  }

  #parkSender(value: T, signal: AbortSignal | undefined, task?: TaskCancellation): Promise<void> {
    const op = new SendOp<T>(value, signal, errors.sendOnClosed, task);
    this.#core.parkSender(op, op);
    return op.promise;
  }

  #parkReceiver(signal: AbortSignal | undefined): Promise<Option<T>> {
    const op = new RecvOp<T>(signal);
    this.#core.parkReceiver(op, op);
    return op.promise;
  }

  /**
   * `(try-send ch v)`: sends without suspending. `true` if the value went in (to a waiting
   * receiver, into the buffer, or — sliding — in place of the oldest value); `false` if the
   * channel is closed, full (blocking), has no waiting receiver (capacity 0), or dropped it.
   */
  trySend(value: T): boolean {
    return this.#core.offer(value) === "sent";
  }

  /** `(try-recv ch)`: the next value if one is ready now, else `none`. */
  tryRecv(): Option<T> {
    return this.#core.poll() ?? none;
  }

  /**
   * `(close! ch)`: no more sends. Buffered values stay receivable; every blocked receiver
   * wakes with `none` and every blocked sender rejects with "send on closed channel".
   * Closing a closed channel does nothing.
   */
  close(): void {
    this.#core.close();
  }

  /**
   * `(for-msg (m ch) ...)`: every value until the channel is closed and drained. Each step is
   * a `recv(signal)`.
   *
   * @example for await (const cmd of commands.messages(signal)) draw(cmd);
   */
  messages(signal?: AbortSignal): AsyncIterableIterator<T> {
    // A plain iterator rather than an async generator: a ready value costs one settled promise.
    const next = (): Promise<IteratorResult<T, undefined>> => {
      let message: T | typeof CLOSED | Waiting<T>;
      try {
        message = this.recvNow(signal);
      } catch (e) {
        return Promise.reject(e);
      }
      if (message instanceof Waiting) return message.promise.then(step);
      return Promise.resolve(step(message));
    };
    const iterator: AsyncIterableIterator<T> = {
      next,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** `for await (const m of ch)`: {@link messages} without a signal. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this.messages();
  }

  /**
   * Replaces the channel's core with `makeCore(current)`; every later operation, on every
   * thread, goes through the new one. The `@weft/gc` codec calls this when it first encodes
   * the channel to send it to another thread (moving the buffer and parked waiters across);
   * user code never needs it.
   */
  moveTo(makeCore: (current: ChannelCore<T>) => ChannelCore<T>): void {
    this.#core = makeCore(this.#core);
    // Sends waiting to retry on the old core park on the new one behind its parked senders, in order.
    const retrying = this.#retrying.splice(0);
    for (let i = 0; i < retrying.length; i += 3) {
      const [value, signal, task] = retrying.slice(i, i + 3) as [T, AbortSignal | undefined, TaskCancellation | undefined];
      let parked: Promise<void>;
      try {
        // (Cancelled already: it would have given up at its retry, and a parked op only hears of later aborts.)
        signal?.throwIfAborted();
        if (task !== undefined && task.cancelled) throw task.reason;
        parked = this.#parkSender(value, signal, task);
      } catch (e) {
        parked = Promise.reject(e); // cancelled, or a value the new core cannot hold: that send rejects
      }
      this.#movedRetries.push(parked);
    }
  }

  /** @internal For select. */
  get [CORE](): ChannelCore<T> {
    return this.#core;
  }

  /** Whether the channel's state is in shared memory (it has crossed a thread). */
  get shared(): boolean {
    return this.#core instanceof SharedCore;
  }

  /**
   * For the `@weft/gc` codec: the first time the channel crosses a thread its buffer and parked
   * waiters move into a {@link SharedCore} in the process heap; the descriptor names it.
   */
  [SHARE](): HandleDescriptor {
    if (!(this.#core instanceof SharedCore)) {
      this.moveTo((local) => SharedCore.adopt(local, this.#schema));
      const core = this.#core as SharedCore<T>;
      core.owner = this;
      channels.hold(core.heap, core.block, this as Channel<unknown>); // the block's first reference
    }
    const core = this.#core as SharedCore<T>;
    channels.lend(core.heap, core.block); // the one in flight with this descriptor
    return core.descriptor();
  }

  /** The channel on this thread for a shared core another thread exported (the same object while it lives). */
  static fromShared<T>(data: SharedChannelData): Channel<T> {
    const heap = useProcessHeap(data.heap);
    // A descriptor names a schema only when the ring holds that struct's fields inline: they can
    // be read only through its layout, never as boxed words.
    if (data.schema !== undefined && slotLayout(data.schema) === null)
      throw new TypeError(`a channel of ${JSON.stringify(data.schema)} reached a thread where that plain-data struct is not registered`);
    return channels.revive(heap, { ref: data.block, borrowed: data.borrowed }, () => {
      const ch = new Channel<T>(0, "block");
      const core = new SharedCore<T>(heap, data.block, data.schema);
      core.owner = ch;
      ch.#core = core;
      return ch as Channel<unknown>;
    }) as Channel<T>;
  }
}

// Per thread: the Channel standing for each shared core, and the references that free the core
// (its block, ring, buffered values and any records left in its lists) once no thread, message or
// stored value can reach it.
const channels = new HandleTable<Channel<unknown>>();

/** How many shared channels this thread holds an object for (tests). */
export function sharedChannelsOnThisThread(): number {
  return channels.size;
}

/**
 * How often operations on a shared channel parked, and how often a thread fell asleep on it
 * (benchmarks and tests; `undefined` while the channel has not crossed a thread).
 */
export function parkCounts(ch: Channel<unknown>): { recv: number; send: number; sleeps: number } | undefined {
  const core = ch[CORE];
  return core instanceof SharedCore ? core.parkCounts() : undefined;
}

registry.registerHandleKind("channel", (d) => Channel.fromShared(d.data as SharedChannelData));

/**
 * `(channel T)`, `(channel T n)`, `(channel T n :dropping)`, `(channel T n :sliding)`,
 * `(channel T :unbounded)`: a new channel. Capacity defaults to 64; 0 makes a rendezvous
 * channel, where a send completes only when a receiver takes the value.
 *
 * `schema` (optional; compiled code passes it for a struct element type) is the element type's
 * codec schema: once the channel crosses a thread, a plain-data struct (Int/Float/Bool fields,
 * nested plain structs) is written field by field into the ring's slots, with no allocation and
 * no encoder object, and read back in place into a fresh struct. Every value sent must then be
 * of that type.
 *
 * @example
 * const frames = channel<Frame>(2, "sliding"); // keeps the two newest frames
 * const moves = channel<Vec4>(1024, "block", S.type("Vec4"));
 */
export function channel<T>(capacity: number | "unbounded" = 64, policy: Policy = "block", schema?: Schema): Channel<T> {
  if (policy !== "block" && policy !== "dropping" && policy !== "sliding") throw errors.badPolicy(policy);
  if (capacity === "unbounded") return new Channel<T>(Number.POSITIVE_INFINITY, policy, schema);
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw errors.badCapacity(capacity);
  return new Channel<T>(capacity, policy, schema);
}
