#!/usr/bin/env node
// Green tasks against what a JavaScript programmer writes instead: N tasks spawned in one scope
// and joined, side by side with `Promise.all` over N async functions and Effect's fork + join
// and `forEach`, at N = 1,000, 10,000 and 100,000. Each task doubles its index (the cost is the
// task machinery); the "yield" rows make each task suspend once (a setImmediate turn) first.
// Weft is measured three times: the runtime-tasks library API (a join per task, and `joinAll`),
// and a compiled Weft program (`weft build`, then its `spawn-join` function imported and timed).
//
//   npm run build && node bench/tasks/spawn-join.bench.mjs
//   WEFT_BENCH_CLOCK=cpu node bench/tasks/spawn-join.bench.mjs   # CPU time, for a loaded machine
import { joinAll, withTasks } from "@weft/runtime-tasks";
import { Effect, Fiber } from "effect";
import { header, interleaved, table, weftProgram } from "../lib/measure.mjs";

header("spawn + join of N green tasks");

const program = await weftProgram(
  "spawn_join",
  `
(defn work (i) (* i 2))
(defn work-yield (i) (yield) (* i 2))

(defn spawn-join (n)
  (with-tasks
    (let ((ts (map (range n) (fn (i) (spawn (work i))))))
      (reduce ts 0 (fn (acc t) (+ acc (await t)))))))

(defn spawn-join-yield (n)
  (with-tasks
    (let ((ts (map (range n) (fn (i) (spawn (work-yield i))))))
      (reduce ts 0 (fn (acc t) (+ acc (await t)))))))

(defn main () (println (spawn-join 10)))
`
);

const turn = () => new Promise((resolve) => setImmediate(resolve));
// Weft's Int is 32-bit, so the compiled program's sum wraps.
function check(n, got) {
  const sum = n * (n - 1);
  if (got !== sum && got !== (sum | 0))
    throw new Error(`wrong sum ${got} for ${n}`);
}

function cases(n, yielding) {
  const work = yielding
    ? async (i) => {
        await turn();
        return i * 2;
      }
    : async (i) => i * 2;
  const effWork = yielding
    ? (i) => Effect.map(Effect.promise(turn), () => i * 2)
    : (i) => Effect.sync(() => i * 2);
  const xs = Array.from({ length: n }, (_, i) => i);
  // A task per element through the library, then `sumOf` the tasks.
  const apiSpawnJoin = (sumOf) =>
    withTasks((scope) => sumOf(xs.map((i) => scope.spawn(() => work(i)))));
  return [
    {
      name: "Promise.all",
      run: async () =>
        check(
          n,
          (await Promise.all(xs.map(work))).reduce((a, b) => a + b, 0)
        ),
    },
    {
      name: "weft (compiled program)",
      run: async () =>
        check(
          n,
          await (yielding
            ? program.$fn["spawn$minusjoin$minusyield"]
            : program.$fn["spawn$minusjoin"])(n)
        ),
    },
    {
      name: "runtime-tasks API",
      run: async () =>
        check(
          n,
          await apiSpawnJoin(async (ts) => {
            let sum = 0;
            for (const t of ts) sum += await t.result;
            return sum;
          })
        ),
    },
    {
      name: "runtime-tasks API, joinAll",
      run: async () =>
        check(
          n,
          await apiSpawnJoin(async (ts) =>
            (await joinAll(ts)).reduce((a, b) => a + b, 0)
          )
        ),
    },
    {
      name: "Effect fork + join",
      run: async () =>
        check(
          n,
          await Effect.runPromise(
            Effect.gen(function* () {
              const fibers = [];
              for (const i of xs)
                fibers.push(yield* Effect.forkChild(effWork(i)));
              let sum = 0;
              for (const f of fibers) sum += yield* Fiber.join(f);
              return sum;
            })
          )
        ),
    },
    {
      name: "Effect forEach",
      run: async () =>
        check(
          n,
          (
            await Effect.runPromise(
              Effect.forEach(xs, effWork, { concurrency: "unbounded" })
            )
          ).reduce((a, b) => a + b, 0)
        ),
    },
  ];
}

// The first calls run the runtime's code before the JIT has optimized it, while `Promise.all` is
// a builtin from the start: 3 warm-up calls of 1,000 tasks measure that warm-up, not a task's cost
// in a program that has been running for a second. So the first table (cold) takes 3 warm-up
// rounds, and every other row warms each case up with at least 30,000 tasks (30 calls of 1,000,
// 3 of 10,000 or 100,000), the same for every case.
table(
  "1,000 tasks, cold (3 warm-up calls: the JIT's warm-up of the runtime included)",
  await interleaved(cases(1_000, false), { rounds: 25, warm: 3 }),
  "Promise.all"
);
for (const yielding of [false, true]) {
  for (const [n, rounds] of [
    [1_000, 25],
    [10_000, 15],
    [100_000, 7],
  ]) {
    const rows = await interleaved(cases(n, yielding), {
      rounds,
      warm: Math.max(3, 30_000 / n),
    });
    table(
      `${n.toLocaleString("en")} tasks${yielding ? ", each yields once" : ""}`,
      rows,
      "Promise.all"
    );
  }
}
