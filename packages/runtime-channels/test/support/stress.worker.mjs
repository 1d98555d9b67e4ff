// One producer or consumer of the 4×3 stress (see exchange.mjs), for one channel; then it exits.
import { parentPort, workerData } from "node:worker_threads";
import { consume, produce } from "./exchange.mjs";

const { bundle, heap, channel, role, from, count, tally, kind } = workerData;
const lib = await import(bundle);
lib.useProcessHeap(heap);
const ch = lib.Channel.fromShared(channel);
if (role === "producer") await produce(lib, ch, from, count, kind);
else await consume(lib, ch, new Int32Array(tally), kind);
lib.processHeap().retire();
parentPort.postMessage("done");
