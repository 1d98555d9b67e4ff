import { Worker } from "node:worker_threads";
import { processHeap, SHARE } from "@weft/gc";
import { expect, inject, onTestFinished, test } from "vitest";
import { bundleForWorkers } from "../../gc/test/support/bundle.js";
import { channel, Waiting } from "../src/index.js";

// Ping-pong keeps each channel of capacity 1 swinging between empty and one value, so a parking
// receiver and a lock-free sender meet in the ring at almost every step. A receiver that parks
// looks in the ring once it is on its list; finding a value claimed but not yet written, it left
// its list for an instant and came back, and a sender that published in that instant read the
// list as empty: the value stayed in the ring, the receiver slept, and this test hung (in about
// two runs of three of 150,000 round trips on an idle 2-core machine).
const ROUNDS = inject("long") ? 300 : 30;
const ROUND_TRIPS = 5_000;

test(`${ROUNDS} rounds of ${ROUND_TRIPS.toLocaleString("en")} round trips to a worker through two channels of capacity 1 each end, every value echoed in order`, async () => {
  const bundle = bundleForWorkers({ channels: new URL("./support/entry.ts", import.meta.url) });
  onTestFinished(() => bundle.dispose());
  const w = new Worker(new URL("./support/echo.worker.mjs", import.meta.url), {
    workerData: { bundle: bundle.urls.channels!, heap: processHeap().descriptor() },
  });
  onTestFinished(() => w.terminate().then(() => undefined));
  const wrong: string[] = [];
  for (let round = 0; round < ROUNDS && wrong.length === 0; round++) {
    const ping = channel<number>(1);
    const pong = channel<number>(1);
    const answered = new Promise((resolve) => w.once("message", resolve));
    w.postMessage({ ping: ping[SHARE]().data, pong: pong[SHARE]().data });
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const sent = ping.sendNow(i);
      if (sent !== undefined) await sent;
      let m = pong.recvNow();
      if (m instanceof Waiting) m = await m.promise;
      if (m !== i) {
        wrong.push(`round ${round}: sent ${i}, got ${String(m)}`);
        break;
      }
    }
    ping.close();
    expect(await answered).toBe("done");
  }
  expect(wrong).toEqual([]);
  await new Promise((resolve) => w.once("exit", resolve).postMessage("stop"));
});
