import { LocalCore, SharedCore } from "@weft/runtime-channels";
const cpu = () => process.cpuUsage().user / 1000;
const core = SharedCore.adopt(new LocalCore(1024, "block"));
let sum = 0;
for (let r = 0; r < 8; r++) {
  let ts = 0, tr = 0;
  for (let b = 0; b < 2000; b++) {
    let a = cpu();
    for (let i = 0; i < 1000; i++) core.offer(i);
    let c = cpu(); ts += c - a;
    for (let i = 0; i < 1000; i++) sum += core.take();
    tr += cpu() - c;
  }
  console.log(`offer ${(ts*1e6/2e6).toFixed(1)} ns, take ${(tr*1e6/2e6).toFixed(1)} ns`);
}
console.log(sum);
