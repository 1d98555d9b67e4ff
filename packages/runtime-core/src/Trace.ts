import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { isMainThread, threadId } from "node:worker_threads";

/**
 * `--trace OUT.json` (LANGUAGE.md §9): events in the Chrome trace-event format, which Perfetto
 * and chrome://tracing open. Every event site in the runtime is `if (trace.on) ...`, so tracing
 * off costs one branch.
 *
 * Layout: each Weft thread is a process track (`pid` = thread id + 1), each task a thread track
 * inside it (`tid`), so a task's slice, the scopes it opens and the waits it blocks in nest on
 * one track. Tasks are slices from spawn to end (`B`/`E`); waits, `par-map` chunks and the like
 * are complete events (`X`); atom retries are instants.
 *
 * The main thread keeps its events in memory. A worker thread appends its events, one JSON line
 * at a time, to its own file in `OUT.json.parts/` (it may be terminated at any moment, so
 * nothing waits in memory there); {@link finishTrace} merges them into OUT.json.
 */
export interface TraceEvent {
  name: string;
  ph: "B" | "E" | "X" | "i" | "M";
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  s?: "t" | "p";
  cat?: string;
  args?: Record<string, unknown>;
}

interface TraceState {
  on: boolean;
  /** The track (task) of the code running now: installed by runtime-tasks. */
  track: () => number;
  readonly events: TraceEvent[];
  file: string | undefined;
}

const ENV = "WEFT_TRACE";
const STATE = Symbol.for("weft.trace");

/** This thread's tracer (one per thread, shared by every copy of this module). */
export const trace: TraceState = ((globalThis as { [STATE]?: TraceState })[STATE] ??= {
  // A worker started while tracing inherits the output path in its environment.
  on: !isMainThread && (process.env[ENV] ?? "") !== "",
  track: () => 0,
  events: [],
  file: undefined,
});

/** Microseconds on one timeline for every thread (each thread's `performance.now()` has its own origin). */
export function traceNow(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** The process track of this thread. */
export const tracePid = threadId + 1;

function emit(e: TraceEvent): void {
  if (isMainThread) {
    trace.events.push(e);
    return;
  }
  if (trace.file === undefined) {
    const dir = `${process.env[ENV]}.parts`;
    mkdirSync(dir, { recursive: true });
    trace.file = `${dir}/${threadId}.jsonl`;
  }
  appendFileSync(trace.file, JSON.stringify(e) + "\n");
}

/** Opens a slice on `track` (a task's, or a scope's on its task's track). */
export function traceBegin(name: string, track: number, args?: Record<string, unknown>, pid = tracePid): void {
  emit(args === undefined ? { name, ph: "B", ts: traceNow(), pid, tid: track } : { name, ph: "B", ts: traceNow(), pid, tid: track, args });
}

/** Closes the slice opened last on `track`. */
export function traceEnd(track: number, args?: Record<string, unknown>, pid = tracePid): void {
  emit(args === undefined ? { name: "", ph: "E", ts: traceNow(), pid, tid: track } : { name: "", ph: "E", ts: traceNow(), pid, tid: track, args });
}

/** A slice from `start` (a {@link traceNow}) to now on the current track. */
export function traceSpan(name: string, start: number, args?: Record<string, unknown>, track = trace.track()): void {
  const e: TraceEvent = { name, ph: "X", ts: start, dur: traceNow() - start, pid: tracePid, tid: track };
  if (args !== undefined) e.args = args;
  emit(e);
}

/** A moment on the current track (an atom's retry). */
export function traceInstant(name: string, args?: Record<string, unknown>): void {
  const e: TraceEvent = { name, ph: "i", s: "t", ts: traceNow(), pid: tracePid, tid: trace.track() };
  if (args !== undefined) e.args = args;
  emit(e);
}

/** Names a track (`tid` on this thread) in the viewer. */
export function traceTrackName(track: number, name: string, pid = tracePid): void {
  emit({ name: "thread_name", ph: "M", ts: 0, pid, tid: track, args: { name } });
}

/** Starts tracing on the main thread; workers started from now on trace into `file`'s parts. */
export function startTrace(file: string): void {
  rmSync(`${file}.parts`, { recursive: true, force: true });
  process.env[ENV] = file;
  trace.on = true;
  trace.events.length = 0;
  traceTrackName(0, "main");
}

/**
 * Stops tracing and writes `file`: this thread's events and every worker's, each thread's
 * process track named, times from 0. Returns the number of events written.
 */
export function finishTrace(file: string): number {
  trace.on = false;
  delete process.env[ENV];
  const events = [...trace.events];
  trace.events.length = 0;
  const dir = `${file}.parts`;
  let parts: string[] = [];
  try {
    parts = readdirSync(dir);
  } catch {
    // No worker traced anything.
  }
  for (const part of parts) {
    for (const line of readFileSync(`${dir}/${part}`, "utf8").split("\n")) {
      // A worker terminated mid-write leaves at most one partial last line.
      if (line === "") continue;
      try {
        events.push(JSON.parse(line) as TraceEvent);
      } catch {
        continue;
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const timed = events.filter((e) => e.ph !== "M");
  const origin = timed.reduce((min, e) => Math.min(min, e.ts), Infinity);
  for (const e of timed) e.ts = Math.round((e.ts - origin) * 1000) / 1000;
  const pids = [...new Set(events.map((e) => e.pid))].sort((a, b) => a - b);
  const names: TraceEvent[] = pids.map((pid) => ({
    name: "process_name",
    ph: "M",
    ts: 0,
    pid,
    tid: 0,
    args: { name: pid === 1 ? "main thread" : `${events.some((e) => e.pid === pid && e.name === "par-map chunk") ? "par-map worker" : "spawn-thread"} (thread ${pid - 1})` },
  }));
  const sortIndex: TraceEvent[] = pids.map((pid) => ({ name: "process_sort_index", ph: "M", ts: 0, pid, tid: 0, args: { sort_index: pid } }));
  const all = [...names, ...sortIndex, ...events];
  writeFileSync(file, JSON.stringify({ traceEvents: all, displayTimeUnit: "ms" }));
  return all.length;
}
