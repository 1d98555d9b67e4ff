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
import { channel } from "@weft/runtime-channels";
import { compileWeft, group, interleave, quietly, report } from "../support/measure.mjs";
import { effectQueue, promiseQueue } from "./baselines.mjs";

const LOCAL = 200_000;
const CAP = 64;
const localSum = (LOCAL * (LOCAL - 1)) / 2;
function check(what, got, want) {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
}

const only = group(import.meta.url, ["local-library", "local-weft"]);
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
  const t = await interleave({
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
  report(`${LOCAL.toLocaleString("en")} Ints between two green tasks, capacity ${CAP}: library (send + for await)`, localRows("channel", t));
}

if (only === "local-weft") {
  const program = await compileWeft(
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
`,
  );
  let printed = "";
  const t = await interleave({
    weft: async () => {
      printed = "";
      await quietly(() => program.main());
    },
    ...baselines,
  });
  report(`${LOCAL.toLocaleString("en")} Ints between two green tasks, capacity ${CAP}: compiled Weft (send + for-msg)`, localRows("weft build, main()", t));
}
process.exit(0);
