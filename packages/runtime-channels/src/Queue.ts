/**
 * A FIFO ring buffer that grows by doubling: O(1) push and shift, no array shifting. The
 * shared-memory channel will keep its buffer in a fixed ring in `@weft/gc`'s heap instead.
 */
export class Queue<T> {
  #items: (T | undefined)[] = new Array(8);
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(item: T): void {
    if (this.#length === this.#items.length) this.#grow();
    this.#items[(this.#head + this.#length) % this.#items.length] = item;
    this.#length++;
  }

  /** Removes and returns the oldest item; the queue must not be empty. */
  shift(): T {
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined; // let the GC have it
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length--;
    return item;
  }

  #grow(): void {
    const bigger: (T | undefined)[] = new Array(this.#items.length * 2);
    for (let i = 0; i < this.#length; i++) bigger[i] = this.#items[(this.#head + i) % this.#items.length];
    this.#items = bigger;
    this.#head = 0;
  }
}
