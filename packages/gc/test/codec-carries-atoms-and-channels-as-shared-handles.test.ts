import { expect, test } from "vitest";
import { decode, encode, type HandleDescriptor, S, SHARE, type SharedHandle } from "../src/index.js";
import { makeRegistry, Some } from "./fixtures.js";

/** An atom-like handle: local until it first crosses, then its state is one shared Int32 cell. */
class Counter implements SharedHandle {
  #local = 0;
  #shared: Int32Array | null = null;
  static fromShared(cell: Int32Array): Counter {
    const c = new Counter();
    c.#shared = cell;
    return c;
  }
  add(n: number): void {
    if (this.#shared !== null) Atomics.add(this.#shared, 0, n);
    else this.#local += n;
  }
  get value(): number {
    return this.#shared !== null ? Atomics.load(this.#shared, 0) : this.#local;
  }
  [SHARE](): HandleDescriptor {
    if (this.#shared === null) {
      this.#shared = new Int32Array(new SharedArrayBuffer(4));
      this.#shared[0] = this.#local;
    }
    return { kind: "counter", data: this.#shared };
  }
}

test("a handle crosses as a descriptor of its shared state, and both sides see the same state", () => {
  const registry = makeRegistry();
  registry.registerHandleKind("counter", (d) => Counter.fromShared(d.data as Int32Array));
  const c = new Counter();
  c.add(2);
  const e = structuredClone(encode(new Some(c), S.option(S.handle), { registry }));
  expect(e.handles).toHaveLength(1);
  const other = decode<Some>(e, S.option(S.handle), { registry })._0 as Counter;
  other.add(40);
  expect(c.value).toBe(42);
  c.add(1);
  expect(other.value).toBe(43);
  const viaAny = decode<Counter>(encode(c, S.any, { registry }), S.any, { registry });
  expect(viaAny.value).toBe(43);
});
