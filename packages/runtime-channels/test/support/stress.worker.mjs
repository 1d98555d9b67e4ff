// A producer sends its range of Ints (or of particles, `kind: "particle"`); a consumer receives
// until the channel closes and counts every value it got in a shared tally (so the test sees any
// loss or duplicate), and a particle that arrived torn or of the wrong class in the tally's last word.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, channel, role, from, count, tally, kind } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const ch = lib.Channel.fromShared(channel);
const seen = new Int32Array(tally);
const torn = seen.length - 1;
if (role === "producer") {
  for (let i = from; i < from + count; i++) {
    const r = ch.sendNow(kind === "particle" ? lib.particle(i) : i);
    if (r !== undefined) await r;
  }
} else {
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof lib.Waiting) m = await m.promise;
    if (m === lib.CLOSED) break;
    if (kind === "particle") {
      if (!lib.whole(m)) Atomics.add(seen, torn, 1);
      Atomics.add(seen, m.id, 1);
    } else Atomics.add(seen, m, 1);
  }
}
lib.processHeap().retire();
parentPort.postMessage("done");
