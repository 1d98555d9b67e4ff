// Attaches to the process heap, revives the atom from its descriptor and swaps it `times` times.
import { parentPort, workerData } from "node:worker_threads";

const { bundle, heap, descriptor, times, kind } = workerData;
const { Atom } = await import(bundle);
const gc = await import(bundle);
gc.useProcessHeap(heap);
const a = Atom.fromShared(descriptor.data);
const step = kind === "float" ? (x) => x + 0.5 : kind === "struct" ? (s) => ({ n: s.n + 1 }) : (x) => x + 1;
for (let i = 0; i < times; i++) a.swap(step);
gc.processHeap().retire();
parentPort.postMessage("done");
