// The other thread of channels.bench.mjs: on each command it sends (or echoes) over a Weft
// channel handed to it, or does the same with postMessage for the baseline, then answers "done".
import { parentPort } from "node:worker_threads";
import { useProcessHeap } from "@weft/gc";
import { Channel, CLOSED, Waiting } from "@weft/runtime-channels";
import { Vec4 } from "./vec4.mjs";

const make = (kind, i) => (kind === "vec4" ? new Vec4(i, i + 0.5, i + 0.25, 1) : i);

async function sendAll(ch, kind, n) {
  for (let i = 0; i < n; i++) {
    const r = ch.sendNow(make(kind, i));
    if (r !== undefined) await r;
  }
  ch.close();
}

async function echo(inbox, outbox) {
  for (;;) {
    let m = inbox.recvNow();
    if (m instanceof Waiting) m = await m.promise;
    if (m === CLOSED) break;
    const r = outbox.sendNow(m);
    if (r !== undefined) await r;
  }
}

parentPort.on("message", async (cmd) => {
  useProcessHeap(cmd.heap);
  switch (cmd.mode) {
    case "channel":
      await sendAll(Channel.fromShared(cmd.ch), cmd.kind, cmd.n);
      break;
    case "post":
      for (let i = 0; i < cmd.n; i++) parentPort.postMessage(make(cmd.kind, i));
      break;
    case "channel-echo":
      await echo(Channel.fromShared(cmd.ping), Channel.fromShared(cmd.pong));
      break;
    case "post-echo": {
      let left = cmd.n;
      await new Promise((resolve) => {
        const port = cmd.port;
        port.on("message", (m) => {
          port.postMessage(m);
          if (--left === 0) resolve();
        });
      });
      cmd.port.close();
      break;
    }
  }
  parentPort.postMessage("done");
});
