// Revives each atom it is given, swaps it once, then retires (dropping this thread's references) and exits.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, descriptors } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
for (const d of descriptors) lib.Atom.fromShared(d.data).swap((v) => (typeof v === "number" ? v + 1 : { ...v, seen: true }));
lib.processHeap().retire();
parentPort.postMessage("done");
