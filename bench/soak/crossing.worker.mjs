// The soak's other thread: revives every atom and channel it is handed, uses each once, drops
// them all, collects, and answers with its live count of shared handles.
import { parentPort } from "node:worker_threads";
import { useProcessHeap } from "@weft/gc";
import { Atom, sharedAtomsOnThisThread } from "@weft/runtime-atoms";
import { Channel, sharedChannelsOnThisThread } from "@weft/runtime-channels";

parentPort.on("message", async ({ heap, atoms, channels }) => {
  useProcessHeap(heap);
  for (const d of atoms) Atom.fromShared(d.data).swap((v) => v + 1);
  for (const d of channels) Channel.fromShared(d.data).trySend("from the worker");
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((r) => setImmediate(r));
  }
  parentPort.postMessage({ atoms: sharedAtomsOnThisThread(), channels: sharedChannelsOnThisThread() });
});
