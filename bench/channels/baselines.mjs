// What a JavaScript programmer writes instead of a Weft channel between two green tasks.
import { Effect, Fiber, Queue } from "effect";

/** A bounded queue whose every take (and every put into a full queue) is a promise. */
export class PromiseQueue {
  #items = [];
  #takers = [];
  #putters = [];
  constructor(capacity) {
    this.capacity = capacity;
  }
  async put(v) {
    while (this.#items.length >= this.capacity) await new Promise((r) => this.#putters.push(r));
    this.#items.push(v);
    this.#takers.shift()?.();
  }
  async take() {
    while (this.#items.length === 0) await new Promise((r) => this.#takers.push(r));
    const v = this.#items.shift();
    this.#putters.shift()?.();
    return v;
  }
}

/** `n` Ints through a PromiseQueue of `capacity` from one task to another; returns their sum. */
export async function promiseQueue(n, capacity) {
  const q = new PromiseQueue(capacity);
  const producer = (async () => {
    for (let i = 0; i < n; i++) await q.put(i);
    await q.put(-1);
  })();
  let sum = 0;
  for (let v = await q.take(); v !== -1; v = await q.take()) sum += v;
  await producer;
  return sum;
}

/** The same through effect's `Queue.bounded`, producer and consumer as fibers. */
export function effectQueue(n, capacity) {
  return Effect.runPromise(
    Effect.gen(function* () {
      const q = yield* Queue.bounded(capacity);
      const producer = yield* Effect.forkChild(
        Effect.gen(function* () {
          for (let i = 0; i < n; i++) yield* Queue.offer(q, i);
          yield* Queue.offer(q, -1);
        })
      );
      let sum = 0;
      for (let v = yield* Queue.take(q); v !== -1; v = yield* Queue.take(q)) sum += v;
      yield* Fiber.join(producer);
      return sum;
    })
  );
}
