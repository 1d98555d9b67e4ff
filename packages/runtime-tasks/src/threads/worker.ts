// The entry of a dedicated `spawn-thread` worker: attach to the process heap, import the
// program's modules (with the main thread's top-level values), decode the closure, run it, and
// post its value (or error) back.
import { parentPort, workerData } from "node:worker_threads";
import { decode, encode, processHeap, S, type Shipment, topLevel, useProcessHeap } from "@weft/gc";
import { loadModules, reloadModule } from "./modules.js";
import { inheritRandomSeed } from "./seed.js";
import type { ThreadMessage, ThreadStart } from "./wire.js";

const port = parentPort!;
const start = workerData as ThreadStart;
inheritRandomSeed(start.randomSeed);
// Imported after the seed is set: this package's core imports runtime-core, whose generator
// takes the inherited seed as it loads.
const { Cancelled } = await import("../Cancelled.js");
const { Frame, pollThreadCancel, setThreadRoot } = await import("../Frame.js");
const { followSourceMaps, toWire } = await import("./wire.js");
const { takeSeat } = await import("./idle.js");
const { report } = await import("../deadlock.js");
const { rootScopes } = await import("../Scope.js");
const post = (m: ThreadMessage): void => port.postMessage(m);

// Output goes to the main thread on the same port as the result, so it is written there
// before the task is reported finished, one whole write at a time.
process.stdout.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean => {
  post({ t: "out", text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString() });
  const done = typeof encoding === "function" ? encoding : cb;
  if (typeof done === "function") queueMicrotask(done as () => void);
  return true;
}) as typeof process.stdout.write;

// The thread task's frame: cancelled by a message (which wakes a task suspended in a wait) or,
// for a busy loop that never reads messages, by the shared word `check-cancelled` reads.
const root = new Frame();
setThreadRoot(root, start.cancel);
let reloads = Promise.resolve();
port.on("message", (m: { t?: string; module?: string; url?: string; defs?: Shipment }) => {
  if (m.t === "cancel") {
    seat?.stir();
    root.cancel(new Cancelled("task cancelled: its scope ended"));
  } else if (m.t === "reload")
    reloads = reloads
      .then(() => {
        // The new version's top-level values, evaluated on the main thread.
        if (m.defs !== undefined) topLevel.receive(m.defs);
        return reloadModule(m.module!, m.url!);
      })
      .catch(() => {});
  // `at`: where the thread's task itself is parked, outside every scope of its own.
  else if (m.t === "report") void report([...rootScopes()]).then((lines) => post({ t: "report", lines, at: root.parkedAt }));
});
// Deadlock detection (idle.ts): this thread takes part, so its port does not hold its event loop
// open; while its task runs and nothing else does, it sleeps until another thread wakes it. A
// cancellation is on its way once the shared word is set (the spawner then wakes this thread).
let running = true;
const seat = start.idle === undefined ? undefined : takeSeat(start.idle);
if (seat !== undefined) {
  port.unref();
  seat.watch(
    () => running,
    () => Atomics.load(start.cancel, 0) !== 0 && !root.cancelled,
  );
}
// (When the reloaded module registers its new URL here, this thread's own threads runtime, if
// loaded, forwards the reload to the threads this one started.)


async function run(): Promise<void> {
  let end: ThreadMessage;
  try {
    useProcessHeap(start.heap);
    followSourceMaps(start.sourceMaps);
    topLevel.receive(start.defs);
    const loading = loadModules(start.modules);
    // Set before any message can arrive: a reload sent while this thread is still loading applies
    // after, to the function tables the task will run with.
    reloads = loading.catch(() => {});
    await loading;
    const closure = decode<(signal: AbortSignal) => unknown>(start.task, S.fn);
    // The spawner may have cancelled while this thread was starting: a cancelled task never starts.
    pollThreadCancel();
    root.throwIfCancelled();
    const value = await closure(root.signal);
    end = { t: "done", value: encode(value, S.any) };
  } catch (e) {
    end = { t: "fail", error: toWire(e) };
  }
  // Before the last message: the main thread terminates this worker as soon as it has it.
  processHeap().retire();
  // Stops counting (and wakes the spawner) before the last message: the spawner terminates this
  // worker as soon as it has it.
  running = false;
  if (seat !== undefined) seat.exit(start.idle!.parent);
  post(end);
  port.close();
}

void run();
