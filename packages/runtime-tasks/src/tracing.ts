import { trace, traceBegin, traceEnd, traceTrackName } from "@weft/runtime-core";
import { activeFrame, type Frame } from "./Frame.js";

// Tasks as trace tracks (runtime-core's Trace.ts): each task its own track, a scope on the track
// of the frame that opened it. Only ever called behind `if (trace.on)`.
const tracks = new WeakMap<Frame, number>();
let nextTrack = 1;

function trackOf(frame: Frame | undefined): number {
  return frame === undefined ? 0 : (tracks.get(frame) ?? 0);
}

// Channel waits and atom retries land on the track of the code running now.
trace.track = () => trackOf(activeFrame());

/** @internal A task was spawned: its slice starts now, on a new track. */
export function traceSpawn(task: Frame, scope: Frame, at: string | undefined): void {
  const track = nextTrack++;
  tracks.set(task, track);
  traceTrackName(track, at === undefined ? `task ${track}` : `task ${track} · ${at}`);
  traceBegin(at === undefined ? "task" : `task ${at}`, track, { scopeTrack: trackOf(scope) });
}

/** @internal A task ended. */
export function traceTaskEnd(task: Frame, failed: boolean): void {
  traceEnd(trackOf(task), failed ? { failed: true } : undefined);
}

/** @internal A scope opened in `parent`: a slice on the parent's track until it closes. */
export function traceScopeOpen(scope: Frame, parent: Frame | undefined): void {
  const track = trackOf(parent);
  tracks.set(scope, track);
  traceBegin("with-tasks", track);
}

/** @internal */
export function traceScopeClose(scope: Frame): void {
  traceEnd(trackOf(scope));
}
