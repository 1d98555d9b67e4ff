// A producer sends its range of Ints; a consumer receives until the channel closes and counts
// every value it got in a shared tally (so the test sees any loss or duplicate).
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, channel, role, from, count, tally } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const ch = lib.Channel.fromShared(channel);
const seen = new Int32Array(tally);
if (role === "producer") {
  for (let i = from; i < from + count; i++) {
    const r = ch.sendNow(i);
    if (r !== undefined) await r;
  }
} else {
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof lib.Waiting) m = await m.promise;
    if (m === lib.CLOSED) break;
    Atomics.add(seen, m, 1);
  }
}
lib.processHeap().retire();
parentPort.postMessage("done");
