// Parks one operation on a shared channel, lets its watcher fall asleep (it spins within the
// microtask that parks, so by the next macrotask it sleeps in `waitAsync`), settles the operation
// some other way (`how`), reports how it ended, and then must exit by itself: nothing it did may
// still hold its event loop open.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, channel, how } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const ch = lib.Channel.fromShared(channel);
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));
const reason = (e) => (e === "aborted" ? "aborted" : `unexpected: ${e}`);

let ended;
if (how === "select-times-out") {
  ended = await lib.select([lib.onRecv(ch, () => "received"), lib.after(1, () => "timed out")]);
} else {
  const abort = new AbortController();
  const parked = how === "recv-aborted" ? ch.recv(abort.signal) : ch.send("more", abort.signal);
  await nextMacrotask();
  abort.abort("aborted");
  ended = await parked.then(() => "completed", reason);
}
parentPort.postMessage(ended);
