// A throughput worker for gc.bench.mjs (c): attaches to the heap, warms up, waits for the
// start signal, then allocates and frees `ops` blocks of mixed sizes keeping 64 live.
import { parentPort, workerData } from "node:worker_threads";
import { SharedHeap } from "@weft/gc";

const { heap: descriptor, go, ops, seed } = workerData;
const heap = SharedHeap.attach(descriptor);
const flag = new Int32Array(go);
let x = 0x9e3779b9 ^ seed;
const window = new Int32Array(64);
function run(n) {
  for (let i = 0; i < 64; i++) window[i] = heap.alloc(8);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const r = x >>> 0;
    const slot = r & 63;
    heap.release(window[slot]);
    window[slot] = heap.alloc(8 << ((r >>> 6) % 10));
  }
  for (let i = 0; i < 64; i++) heap.release(window[i]);
}
run(50_000);
parentPort.postMessage("ready");
Atomics.wait(flag, 0, 0);
run(ops);
parentPort.postMessage("done");
