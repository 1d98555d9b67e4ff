// Revives each channel it is given, sends one value on it (a string: a heap block), then retires
// (dropping this thread's references) and exits.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, channels } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
for (const [i, d] of channels.entries()) lib.Channel.fromShared(d.data).trySend(`value ${i}`);
lib.processHeap().retire();
parentPort.postMessage("done");
