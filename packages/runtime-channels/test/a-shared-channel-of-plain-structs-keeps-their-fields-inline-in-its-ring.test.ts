import { processHeap, S, SHARE } from "@weft/gc";
import { expect, test } from "vitest";
import { Channel, channel } from "../src/index.js";
import { PARTICLE, Particle, Pos, particle } from "./support/particle.js";

function shared(capacity: number | "unbounded"): Channel<Particle> {
  const ch = channel<Particle>(capacity, "block", PARTICLE);
  ch[SHARE]();
  return ch;
}

test("nested plain structs go through a shared ring with their exact fields and classes, and without a heap allocation", () => {
  const heap = processHeap();
  const ch = shared(4);
  const sent = [new Particle(7, new Pos(1.5, -2.25), true), new Particle(-3, new Pos(Number.MAX_VALUE, -0), false), particle(2 ** 30), particle(0)];
  const before = heap.stats().allocs;
  for (const p of sent) expect(ch.trySend(p)).toBe(true);
  const got = sent.map(() => ch.tryRecv());
  expect(heap.stats().allocs).toBe(before);
  for (const p of sent) ch.trySend(p);
  expect(ch.trySend(particle(9))).toBe(false);
  expect(got).toEqual(sent.map((value) => ({ some: true, value })));
  for (const m of got) {
    expect(m.some && m.value instanceof Particle && m.value.pos instanceof Pos).toBe(true);
  }
  expect(Object.is((got[1] as { value: Particle }).value.pos.y, -0)).toBe(true);
  // A fresh struct each time, not the sender's object.
  expect((got[0] as { value: Particle }).value).not.toBe(sent[0]);
});

test("plain structs that wait in parked senders arrive in order behind the buffered ones, and leave no block behind", async () => {
  const heap = processHeap();
  const ch = shared(2);
  heap.drain();
  const live = heap.stats().liveBlocks;
  const sends = Array.from({ length: 6 }, (_, i) => ch.send(particle(i)));
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) {
    const m = await ch.recv();
    if (!m.some) throw new Error("closed early");
    ids.push(m.value.id);
    expect(m.value).toEqual(particle(i));
  }
  await Promise.all(sends);
  expect(ids).toEqual([0, 1, 2, 3, 4, 5]);
  heap.drain();
  expect(heap.stats().liveBlocks).toBe(live);
});

test("a receiver parked on an empty shared ring of plain structs is handed the next one whole", async () => {
  const ch = shared(8);
  const waiting = ch.recv();
  expect(ch.trySend(particle(41))).toBe(true);
  expect(await waiting).toEqual({ some: true, value: particle(41) });
});

test("close! on a shared ring of plain structs keeps the buffered ones receivable, then answers none and refuses sends", async () => {
  const ch = shared(8);
  for (let i = 0; i < 3; i++) await ch.send(particle(i));
  ch.close();
  await expect(ch.send(particle(3))).rejects.toThrow("send on closed channel");
  expect(ch.trySend(particle(3))).toBe(false);
  const got = [];
  for await (const p of ch) got.push(p);
  expect(got).toEqual([particle(0), particle(1), particle(2)]);
  expect(await ch.recv()).toEqual({ some: false });
});

test("an unbounded or rendezvous channel of plain structs passes them whole too", async () => {
  const unbounded = shared("unbounded");
  for (let i = 0; i < 100; i++) expect(unbounded.trySend(particle(i))).toBe(true);
  for (let i = 0; i < 100; i++) expect(unbounded.tryRecv()).toEqual({ some: true, value: particle(i) });
  const rendezvous = shared(0);
  const waiting = rendezvous.recv();
  await rendezvous.send(particle(5));
  expect(await waiting).toEqual({ some: true, value: particle(5) });
});

test("a channel of plain structs that crosses a thread carries its element type in its descriptor", () => {
  const ch = channel<Particle>(4, "block", PARTICLE);
  const d = ch[SHARE]();
  expect((d.data as { schema?: unknown }).schema).toEqual(PARTICLE);
  expect((channel<number>(4)[SHARE]().data as { schema?: unknown }).schema).toBeUndefined();
});

test("a channel of plain structs refuses to revive on a thread where its struct is not registered, rather than read its slots as boxed words", () => {
  const data = { heap: processHeap().descriptor(), block: 0, ref: 0, schema: S.type("test:NeverRegistered") };
  expect(() => Channel.fromShared(data)).toThrow(
    'a channel of {"k":"type","tag":"test:NeverRegistered","args":[]} reached a thread where that plain-data struct is not registered',
  );
});

test("a value that is not the channel's struct throws to its sender and leaves the shared ring, and the heap, as they were", async () => {
  const heap = processHeap();
  const ch = shared(4);
  heap.drain();
  const live = heap.stats().liveBlocks;
  const notAParticle = { id: 1 } as unknown as Particle; // its `pos` is missing: encoding it throws
  expect(ch.trySend(particle(0))).toBe(true);
  // Thrown once the sender has claimed a slot of the lock-free ring: a slot claimed but never
  // published would have kept every later value from ever being received.
  expect(() => ch.trySend(notAParticle)).toThrow(TypeError);
  await expect(ch.send(null as unknown as Particle)).rejects.toThrow(TypeError);
  expect(ch.tryRecv()).toEqual({ some: true, value: particle(0) });
  expect(ch.tryRecv()).toEqual({ some: false });
  for (let i = 1; i <= 4; i++) expect(ch.trySend(particle(i))).toBe(true);
  expect(ch.trySend(particle(5))).toBe(false);
  // Full now: the value would be encoded into a block of its own, which must not be left behind.
  expect(() => ch.trySend(notAParticle)).toThrow(TypeError);
  const got = [];
  for (let m = ch.tryRecv(); m.some; m = ch.tryRecv()) got.push(m.value);
  expect(got).toEqual([1, 2, 3, 4].map(particle));
  // A receiver parked on the ring is handed the next real value, past a slot published empty.
  const waiting = ch.recv();
  expect(() => ch.trySend(notAParticle)).toThrow(TypeError);
  expect(ch.trySend(particle(4))).toBe(true);
  expect(await waiting).toEqual({ some: true, value: particle(4) });
  // Round the ring several laps: every slot, marked or not, goes back to the senders.
  for (let i = 0; i < 20; i++) {
    expect(() => ch.trySend(notAParticle)).toThrow(TypeError);
    expect(ch.trySend(particle(i))).toBe(true);
    expect(ch.tryRecv()).toEqual({ some: true, value: particle(i) });
  }
  expect(ch.length).toBe(0);
  heap.drain();
  expect(heap.stats().liveBlocks).toBe(live);
});
