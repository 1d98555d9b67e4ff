import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { weftProcessWith } from "./cli.js";

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: Record<string, unknown>;
}

const examples = new URL("../../../examples/", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "weft-trace-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function traced(command: string, file: string, out: string, env: Record<string, string> = {}): { events: TraceEvent[]; stdout: string; stderr: string; code: number } {
  const r = weftProcessWith(env, command, file, "--trace", out);
  const parsed = JSON.parse(readFileSync(out, "utf8")) as { traceEvents: TraceEvent[] };
  return { events: parsed.traceEvents, stdout: r.stdout, stderr: r.stderr, code: r.code };
}

// Every B has its E on the same track, in order, and no E comes without a B.
function unclosedSlices(events: readonly TraceEvent[]): string[] {
  const open = new Map<string, number>();
  const problems: string[] = [];
  for (const e of events) {
    const track = `${e.pid}/${e.tid}`;
    if (e.ph === "B") open.set(track, (open.get(track) ?? 0) + 1);
    if (e.ph === "E") {
      const n = open.get(track) ?? 0;
      if (n === 0) problems.push(`E without B on ${track}`);
      open.set(track, n - 1);
    }
  }
  for (const [track, n] of open) if (n > 0) problems.push(`${n} unclosed on ${track}`);
  return problems;
}

describe("--trace", () => {
  test("the game loop's trace has its threads, every task closed, and one slice per par-map chunk on a worker", () => {
    const golden = readFileSync(new URL("golden/examples/game-loop.txt", import.meta.url), "utf8");
    // Every par-map on the pool, not decided by timing (which would make the placement vary).
    const { events, stdout, stderr, code } = traced("run", `${examples}game-loop.weft`, join(dir, "game-loop.json"), { WEFT_PAR_INLINE: "0" });
    expect(code).toBe(0);
    expect(stdout).toBe(golden);
    expect(stderr).toMatch(/^trace: wrote .*game-loop\.json \(\d+ events\); open it in https:\/\/ui\.perfetto\.dev\n$/);

    for (const e of events) {
      expect(typeof e.name).toBe("string");
      expect(["B", "E", "X", "i", "M"]).toContain(e.ph);
      expect(Number.isFinite(e.ts) && e.ts >= 0).toBe(true);
      if (e.ph === "X") expect(e.dur).toBeGreaterThanOrEqual(0);
    }
    const threads = events.filter((e) => e.name === "process_name").map((e) => String(e.args!.name).replace(/ \(thread \d+\)$/, ""));
    expect(threads[0]).toBe("main thread");
    expect(threads).toContain("spawn-thread");
    expect(threads.filter((t) => t === "par-map worker").length).toBeGreaterThanOrEqual(1);
    expect(unclosedSlices(events)).toEqual([]);

    const tasks = events.filter((e) => e.ph === "B" && e.name.startsWith("task"));
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    const parallel = events.filter((e) => e.name === "par-map" || e.name === "par-for-each");
    const chunks = events.filter((e) => e.name === "par-map chunk");
    expect(parallel.length).toBeGreaterThan(0);
    expect(chunks.length).toBe(parallel.reduce((n, e) => n + Number(e.args!.chunks), 0));
    const main = events.find((e) => e.name === "process_name" && e.args!.name === "main thread")!.pid;
    expect(chunks.every((c) => c.pid !== main)).toBe(true);
    // The render thread blocks in recv between frames: its waits are on its own track.
    const render = events.find((e) => e.name === "spawn-thread" && e.ph === "B")!.pid;
    expect(events.some((e) => e.name === "recv" && e.pid === render)).toBe(true);
  });

  test("weft test --trace writes the tests' tasks and timers too", () => {
    const { events, code } = traced("test", `${examples}timers.test.weft`, join(dir, "timers.json"));
    expect(code).toBe(0);
    expect(unclosedSlices(events)).toEqual([]);
    expect(events.some((e) => e.ph === "B" && e.name.startsWith("task"))).toBe(true);
    expect(events.some((e) => e.name === "select")).toBe(true);
  });
});
