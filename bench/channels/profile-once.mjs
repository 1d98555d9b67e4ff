// Runs one channel case of channels.bench.mjs once, for `node --cpu-prof` (not part of `npm run bench`).
//   node --cpu-prof bench/channels/profile-once.mjs int|vec4
import { Worker } from "node:worker_threads";
import { processHeap, S, SHARE } from "@weft/gc";
import { CLOSED, channel, parkCounts, Waiting } from "@weft/runtime-channels";

const kind = process.argv[2] ?? "int";
if (kind === "vec4") await import("./vec4.mjs");
const n = kind === "vec4" ? 500_000 : 1_000_000;
const w = new Worker(new URL("./peer.worker.mjs", import.meta.url), { execArgv: process.execArgv });
for (let round = 0; round < Number(process.argv[3] ?? 3); round++) {
  const ch = kind === "vec4" ? channel(1024, "block", S.type("Vec4")) : channel(1024);
  const finished = new Promise((resolve) => w.once("message", resolve));
  const t0 = performance.now();
  w.postMessage({ mode: "channel", heap: processHeap().descriptor(), ch: ch[SHARE]().data, kind, n });
  let count = 0;
  let waits = 0;
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof Waiting) {
      waits++;
      m = await m.promise;
    }
    if (m === CLOSED) break;
    count++;
  }
  await finished;
  const p = parkCounts(ch);
  console.log(kind, count, `${(((performance.now() - t0) * 1e6) / n).toFixed(1)} ns/item`, "waits", waits, "parks recv", p.recv, "send", p.send, "sleeps", p.sleeps);
}
await w.terminate();
