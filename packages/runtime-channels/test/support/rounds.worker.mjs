// One thread of the short-rounds stress: for each round it is sent a fresh channel and a role
// (see exchange.mjs), and reports when its part is done. It stays alive between rounds, so the
// rounds cost no thread start-up.
import { parentPort, workerData } from "node:worker_threads";
import { consume, produce } from "./exchange.mjs";

const { bundle, heap, tally, kind } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const seen = new Int32Array(tally);

function round({ channel, role, from, count }) {
  const ch = lib.Channel.fromShared(channel);
  return role === "producer" ? produce(lib, ch, from, count, kind) : consume(lib, ch, seen, kind);
}

parentPort.on("message", (message) => {
  if (message === "stop") {
    lib.processHeap().retire();
    parentPort.close();
    return;
  }
  round(message).then(
    () => parentPort.postMessage("done"),
    (e) => parentPort.postMessage({ error: String(e?.stack ?? e) }),
  );
});
