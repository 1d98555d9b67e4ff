#!/usr/bin/env node
// Channels against what a JavaScript programmer writes instead, measured in the same run
// (interleaved rounds, medians; every sum and count is checked). Each group runs in its own
// process. Needs the built packages: `npm run bench` (or `npx turbo run build` first).
//
//   node bench/channels/channels.bench.mjs [group]
//
// local-library  200k Ints between two green tasks, capacity 64: send + for await, vs a
//                promise-per-recv queue and effect's Queue
// local-weft     the same as a compiled Weft program (send + for-msg), vs the same baselines
// thread-int     1M Ints from a worker to the main thread, (channel Int 1024), vs postMessage per item
// thread-vec4    500k Vec4 structs, the same, vs postMessage of each struct
// pingpong       5k round trips main → worker → main over two channels, vs postMessage
// weft-thread    a compiled Weft program: spawn-thread sends 1M Ints, main for-msg sums them,
//                vs a new Worker posting 1M Ints (thread start included on both sides)
import { MessageChannel, Worker } from "node:worker_threads";
import { processHeap, S, SHARE } from "@weft/gc";
import { CLOSED, channel, parkCounts, Waiting } from "@weft/runtime-channels";
import { group, interleavedByName, median, quietly, report, weftProgram } from "../lib/measure.mjs";
import { effectQueue, promiseQueue } from "./baselines.mjs";

const LOCAL = 200_000;
const CAP = 64;
const localSum = (LOCAL * (LOCAL - 1)) / 2;
function check(what, got, want) {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
}

const only = group(import.meta.url, ["local-library", "local-weft", "thread-int", "thread-vec4", "pingpong", "weft-thread"]);
if (only === null) process.exit(0);

const baselines = {
  promise: async () => check("promise queue", await promiseQueue(LOCAL, CAP), localSum),
  effect: async () => check("effect Queue", await effectQueue(LOCAL, CAP), localSum),
};
const localRows = (name, t) => [
  { name, weft: t.weft, base: t.promise, baseName: "promise-per-recv queue", unit: "per-item", items: LOCAL },
  { name, weft: t.weft, base: t.effect, baseName: "effect Queue.bounded", unit: "per-item", items: LOCAL },
];

if (only === "local-library") {
  const t = await interleavedByName({
    weft: async () => {
      const ch = channel(CAP);
      const producer = (async () => {
        for (let i = 0; i < LOCAL; i++) await ch.send(i);
        ch.close();
      })();
      let sum = 0;
      for await (const v of ch) sum += v;
      await producer;
      check("library channel", sum, localSum);
    },
    ...baselines,
  });
  report(
    `${LOCAL.toLocaleString("en")} Ints between two green tasks, capacity ${CAP}: library (send + for await)`,
    localRows("channel", t)
  );
}

if (only === "local-weft") {
  const program = await weftProgram(
    "channels-local",
    `(defn produce (ch n)
  (loop ((i 0)) (when (< i n) (send ch i) (recur (+ i 1))))
  (close! ch))
(defn consume (ch)
  (let ((mut n 0))
    (for-msg (m ch) (set! n (+ n 1)))
    n))
(defn main ()
  (let ((ch (channel Int ${CAP})))
    (println (with-tasks (spawn (produce ch ${LOCAL})) (await (spawn (consume ch)))))))
`
  );
  let printed = "";
  const t = await interleavedByName({
    weft: async () => {
      printed = "";
      await quietly(() => program.main());
    },
    ...baselines,
  });
  report(
    `${LOCAL.toLocaleString("en")} Ints between two green tasks, capacity ${CAP}: compiled Weft (send + for-msg)`,
    localRows("weft build, main()", t)
  );
}

// ---------------------------------------------------------------- across threads
const THREAD_INT = 1_000_000;
const THREAD_VEC4 = 500_000;
const ROUND_TRIPS = 5_000;

/** Drains `ch` the way compiled for-msg does; returns [count, sum of x or of the Ints]. */
async function drain(ch) {
  let count = 0;
  let sum = 0;
  for (;;) {
    let m = ch.recvNow();
    if (m instanceof Waiting) m = await m.promise;
    if (m === CLOSED) break;
    count++;
    sum += typeof m === "number" ? m : m.x;
  }
  return [count, sum];
}

function peer() {
  const w = new Worker(new URL("./peer.worker.mjs", import.meta.url));
  const done = () => new Promise((resolve) => w.once("message", resolve));
  return { w, done };
}

async function throughput(kind, n) {
  if (kind === "vec4") await import("./vec4.mjs");
  const { w } = peer();
  const want = (n * (n - 1)) / 2;
  const parks = [];
  const t = await interleavedByName(
    {
      weft: async () => {
        // A Vec4 channel knows its element type (as compiled `(channel Vec4 1024)` does), so its
        // ring holds the fields inline.
        const ch = kind === "vec4" ? channel(1024, "block", S.type("Vec4")) : channel(1024);
        const data = ch[SHARE]().data;
        const finished = new Promise((resolve) => w.once("message", resolve));
        w.postMessage({ mode: "channel", heap: processHeap().descriptor(), ch: data, kind, n });
        const [count, sum] = await drain(ch);
        await finished;
        check(`channel ${kind}`, count, n);
        check(`channel ${kind} sum`, sum, want);
        const p = parkCounts(ch);
        parks.push({ recv: p.recv, send: p.send, sleeps: p.sleeps });
      },
      post: async () => {
        let count = 0;
        let sum = 0;
        await new Promise((resolve) => {
          const on = (m) => {
            if (m === "done") {
              w.off("message", on);
              resolve();
              return;
            }
            count++;
            sum += typeof m === "number" ? m : m.x;
          };
          w.on("message", on);
          w.postMessage({ mode: "post", heap: processHeap().descriptor(), kind, n });
        });
        check(`postMessage ${kind}`, count, n);
        check(`postMessage ${kind} sum`, sum, want);
      },
    },
    { rounds: 5, warm: 1 }
  );
  await w.terminate();
  // Parks per run (warm-up rounds included): a proxy for the spin/park policy that the machine's
  // load blurs less than the times.
  const m = (k) => median(parks.map((p) => p[k]));
  console.log(`  parks per ${n.toLocaleString("en")} values (median of ${parks.length} runs): receiver ${m("recv")}, sender ${m("send")}; watcher sleeps ${m("sleeps")}`);
  return t;
}

if (only === "thread-int") {
  const t = await throughput("int", THREAD_INT);
  report(`${THREAD_INT.toLocaleString("en")} Ints from a worker to the main thread, (channel Int 1024)`, [
    {
      name: "channel (sendNow / recvNow)",
      weft: t.weft,
      base: t.post,
      baseName: "postMessage per item",
      unit: "per-item",
      items: THREAD_INT,
    },
  ]);
}

if (only === "thread-vec4") {
  const t = await throughput("vec4", THREAD_VEC4);
  report(`${THREAD_VEC4.toLocaleString("en")} Vec4 structs from a worker to the main thread, (channel Vec4 1024)`, [
    {
      name: "channel (sendNow / recvNow)",
      weft: t.weft,
      base: t.post,
      baseName: "postMessage of the struct",
      unit: "per-item",
      items: THREAD_VEC4,
    },
  ]);
}

if (only === "pingpong") {
  const { w } = peer();
  const t = await interleavedByName(
    {
      weft: async () => {
        const ping = channel(1);
        const pong = channel(1);
        const finished = new Promise((resolve) => w.once("message", resolve));
        w.postMessage({ mode: "channel-echo", heap: processHeap().descriptor(), ping: ping[SHARE]().data, pong: pong[SHARE]().data });
        for (let i = 0; i < ROUND_TRIPS; i++) {
          const r = ping.sendNow(i);
          if (r !== undefined) await r;
          let m = pong.recvNow();
          if (m instanceof Waiting) m = await m.promise;
          check("pong", m, i);
        }
        ping.close();
        await finished;
      },
      post: async () => {
        const { port1, port2 } = new MessageChannel();
        const finished = new Promise((resolve) => w.once("message", resolve));
        w.postMessage({ mode: "post-echo", heap: processHeap().descriptor(), port: port2, n: ROUND_TRIPS }, [port2]);
        let next;
        port1.on("message", (m) => next(m));
        for (let i = 0; i < ROUND_TRIPS; i++) {
          const m = await new Promise((resolve) => {
            next = resolve;
            port1.postMessage(i);
          });
          check("postMessage pong", m, i);
        }
        port1.close();
        await finished;
      },
    },
    { rounds: 5, warm: 1 }
  );
  await w.terminate();
  report(`${ROUND_TRIPS.toLocaleString("en")} cross-thread round trips`, [
    {
      name: "two channels of capacity 1",
      weft: t.weft,
      base: t.post,
      baseName: "postMessage echo",
      unit: "round-trip",
      items: ROUND_TRIPS,
    },
  ]);
}

if (only === "weft-thread") {
  const program = await weftProgram(
    "channels-thread",
    `(defn produce (ch n)
  (loop ((i 0)) (when (< i n) (send ch i) (recur (+ i 1))))
  (close! ch))
(defn main ()
  (let ((ch (channel Int 1024)))
    (with-tasks
      (spawn-thread (produce ch ${THREAD_INT}))
      (let ((mut n 0))
        (for-msg (m ch) (set! n (+ n 1)))
        (println n)))))
`
  );
  const t = await interleavedByName(
    {
      weft: () => quietly(() => program.main()),
      post: async () => {
        const { w, done } = peer();
        let count = 0;
        await new Promise((resolve) => {
          w.on("message", (m) => (m === "done" ? resolve() : count++));
          w.postMessage({ mode: "post", heap: processHeap().descriptor(), kind: "int", n: THREAD_INT });
        });
        void done;
        await w.terminate();
        check("postMessage from a new worker", count, THREAD_INT);
      },
    },
    { rounds: 5, warm: 1 }
  );
  report(`compiled Weft: spawn-thread sends ${THREAD_INT.toLocaleString("en")} Ints, main for-msg (thread start included)`, [
    {
      name: "weft build, main()",
      weft: t.weft,
      base: t.post,
      baseName: "new Worker, postMessage per item",
      unit: "per-item",
      items: THREAD_INT,
    },
  ]);
}
process.exit(0);
