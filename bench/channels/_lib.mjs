import { channel } from "@weft/runtime-channels";
import { promiseQueue } from "./baselines.mjs";
const LOCAL = 200_000, CAP = 64;
async function weft() {
  const ch = channel(CAP);
  const producer = (async () => { for (let i = 0; i < LOCAL; i++) await ch.send(i); ch.close(); })();
  let sum = 0;
  for await (const v of ch) sum += v;
  await producer;
  return sum;
}
const which = process.argv[2] ?? "both";
for (let r = 0; r < 7; r++) {
  let t = performance.now(); if (which !== "pq") await weft(); const a = (performance.now() - t) * 1e6 / LOCAL;
  t = performance.now(); if (which !== "weft") await promiseQueue(LOCAL, CAP); const b = (performance.now() - t) * 1e6 / LOCAL;
  console.log("weft", a.toFixed(0), "pq", b.toFixed(0), "ratio pq/weft", (b / a).toFixed(2));
}
