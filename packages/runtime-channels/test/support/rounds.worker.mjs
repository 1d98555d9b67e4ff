// One thread of the short-rounds stress: for each round it is sent a fresh channel and a role. A
// producer sends its range of Ints (or particles); a consumer receives until the channel closes,
// counting every value in the shared tally (and a torn particle in its last word). Then it reports.
// It stays alive between rounds, so the rounds cost no thread start-up.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, tally, kind } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const seen = new Int32Array(tally);
const torn = seen.length - 1;

async function round({ channel, role, from, count }) {
  const ch = lib.Channel.fromShared(channel);
  if (role === "producer") {
    for (let i = from; i < from + count; i++) {
      const r = ch.sendNow(kind === "particle" ? lib.particle(i) : i);
      if (r !== undefined) await r;
    }
    return;
  }
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof lib.Waiting) m = await m.promise;
    if (m === lib.CLOSED) return;
    if (kind === "particle") {
      if (!lib.whole(m)) Atomics.add(seen, torn, 1);
      Atomics.add(seen, m.id, 1);
    } else Atomics.add(seen, m, 1);
  }
}

parentPort.on("message", (message) => {
  if (message === "stop") {
    lib.processHeap().retire();
    parentPort.close();
    return;
  }
  round(message).then(() => parentPort.postMessage("done"), (e) => parentPort.postMessage({ error: String(e?.stack ?? e) }));
});
