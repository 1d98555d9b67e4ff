import { SHARE } from "@weft/gc";
import { channel, Waiting } from "@weft/runtime-channels";
const ch = channel(1024); ch[SHARE]();
for (let r = 0; r < 6; r++) {
  let sum = 0, ts = 0, tr = 0, slow = 0;
  for (let b = 0; b < 5000; b++) {
    await new Promise((r) => setImmediate(r));
    let a = performance.now();
    for (let i = 0; i < 200; i++) { const p = ch.sendNow(i); if (p !== undefined) { slow++; await p; } }
    let c = performance.now(); ts += c - a;
    for (let i = 0; i < 200; i++) { let v = ch.recvNow(); if (v instanceof Waiting) { slow++; v = await v.promise; } sum += v; }
    tr += performance.now() - c;
  }
  console.log(`send ${(ts).toFixed(1)} ns, recv ${(tr).toFixed(1)} ns`, sum, slow);
}
