import { SHARE } from "@weft/gc";
import { channel } from "@weft/runtime-channels";
const ch = channel(1024);
ch[SHARE]();
const N = 1_000_000;
async function pass() {
  let s = 0;
  for (let i = 0; i < N; i += 512) {
    for (let j = 0; j < 512; j++) { const r = ch.sendNow(i + j); if (r !== undefined) await r; }
    for (let j = 0; j < 512; j++) { let m = ch.recvNow(); if (typeof m !== "number") m = await m.promise; s += m; }
  }
  return s;
}
const i32 = new Int32Array(new SharedArrayBuffer(1 << 16));
function raw() {
  let s = 0;
  for (let i = 0; i < N; i++) { s += Atomics.load(i32, 1); Atomics.compareExchange(i32, 2, 0, 0); Atomics.store(i32, 3, i); s += Atomics.load(i32, 4);
   s += Atomics.load(i32, 5); Atomics.compareExchange(i32, 6, 0, 0); Atomics.store(i32, 7, i); s += Atomics.load(i32, 8); }
  return s;
}
for (let r = 0; r < 5; r++) {
  let t = performance.now(); await pass(); const a = (performance.now() - t) * 1e6 / N;
  t = performance.now(); raw(); const b = (performance.now() - t) * 1e6 / N;
  console.log("send+recv ns", a.toFixed(1), "8 raw atomics ns", b.toFixed(1));
}
