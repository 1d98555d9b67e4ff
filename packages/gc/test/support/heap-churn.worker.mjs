// A stress-test worker: attaches to the heap and runs its share of the churn, then reports.
import { parentPort, workerData } from "node:worker_threads";
import { Churner, Ring, RING_WORDS } from "./churn.mjs";

const { bundle, heap: descriptor, control, thread, threads, blocks } = workerData;
const { SharedHeap } = await import(bundle);
const heap = SharedHeap.attach(descriptor);
const DONE = threads * RING_WORDS; // control word per thread after the rings
const ring = (t) => new Ring(new Int32Array(control, t * RING_WORDS * 4, RING_WORDS));
const inbox = ring(thread);
const producer = (thread + threads - 1) % threads;
const churner = new Churner(heap, { thread, blocks, inbox, outbox: ring((thread + 1) % threads) });
const flags = new Int32Array(control);
const t0 = performance.now();
churner.step(Infinity);
Atomics.store(flags, DONE + thread, 1);
Atomics.notify(flags, DONE + thread);
while (Atomics.load(flags, DONE + producer) === 0) {
  churner.drainInbox();
  Atomics.wait(flags, DONE + producer, 0, 1);
}
churner.drainInbox();
churner.releaseWindow();
heap.drain();
heap.flush();
parentPort.postMessage({ thread, ms: performance.now() - t0, received: churner.received });
