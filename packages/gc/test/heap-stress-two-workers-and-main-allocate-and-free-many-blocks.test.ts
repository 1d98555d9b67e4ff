import { setImmediate as turn } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { expect, inject, onTestFinished, test } from "vitest";
import { SharedHeap } from "../src/index.js";
import { bundleForWorkers } from "./support/bundle.js";
import { Churner, Ring, RING_WORDS } from "./support/churn.mjs";

// 100,000 blocks in `npm test`; the full million under `npm run test:long`.
const TOTAL = inject("long") ? 1_000_000 : 100_000;
const THREADS = 3; // the main thread and two workers
const HIGH_WATER_BOUND = 48 << 20;

test(
  `two workers and the main thread allocate and free ${TOTAL.toLocaleString("en")} blocks: bounded heap, nothing freed while reachable, nothing leaked`,
  async () => {
    const bundled = bundleForWorkers();
    onTestFinished(() => bundled.dispose());
    const bundle = bundled.url;
    const heap = SharedHeap.create({ verify: true, maxBytes: 256 << 20 });
    const control = new SharedArrayBuffer((THREADS * RING_WORDS + THREADS) * 4);
    const flags = new Int32Array(control);
    const DONE = THREADS * RING_WORDS;
    const ring = (t: number) => new Ring(new Int32Array(control, t * RING_WORDS * 4, RING_WORDS));
    const share = Math.floor(TOTAL / THREADS);
    const t0 = performance.now();

    const workers = [1, 2].map((thread) => {
      const w = new Worker(new URL("./support/heap-churn.worker.mjs", import.meta.url), {
        workerData: { bundle, heap: heap.descriptor(), control, thread, threads: THREADS, blocks: share },
      });
      return new Promise<{ ms: number; received: number }>((resolve, reject) => {
        w.once("message", resolve);
        w.once("error", reject);
        w.once("exit", (code) => code !== 0 && reject(new Error(`worker ${thread} exited with ${code}`)));
      });
    });

    // The main thread works in slices and yields between them, as a game loop would.
    const main = new Churner(heap, { thread: 0, blocks: TOTAL - 2 * share, inbox: ring(0), outbox: ring(1) });
    for (let done = false; !done; ) {
      done = main.step(2_000);
      await turn();
    }
    Atomics.store(flags, DONE + 0, 1);
    while (Atomics.load(flags, DONE + 2) === 0) {
      main.drainInbox();
      await turn();
    }
    main.drainInbox();
    main.releaseWindow();
    const reports = await Promise.all(workers);
    heap.drain();
    const stats = heap.stats();
    const report = heap.verify([], { leaks: true });
    const ms = performance.now() - t0;
    console.log(
      `stress: ${stats.allocs.toLocaleString("en")} blocks allocated and ${stats.frees.toLocaleString("en")} freed by ${THREADS} threads in ${ms.toFixed(0)} ms; ` +
        `high-water mark ${(stats.highWaterBytes / 2 ** 20).toFixed(2)} MiB (bound ${HIGH_WATER_BOUND / 2 ** 20} MiB) ` +
        `for ${(stats.allocatedBytes / 2 ** 20).toFixed(0)} MiB allocated in total; ` +
        `${reports.reduce((n, r) => n + r.received, main.received)} blocks crossed threads; ` +
        `${report.freeBlocks} free blocks verified poisoned, ${report.liveBlocks} live`,
    );
    expect(stats.allocs).toBe(TOTAL);
    expect(stats.frees).toBe(TOTAL);
    expect(report.liveBlocks).toBe(0);
    expect(stats.highWaterBytes).toBeLessThan(HIGH_WATER_BOUND);
  },
);
