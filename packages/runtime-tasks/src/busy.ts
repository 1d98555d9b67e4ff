import { clock, realClock } from "@weft/runtime-core";
import { attendIn, attentionDue, takeCut } from "./attention.js";
import { activeFrame, type Frame, threadFlagged } from "./Frame.js";
import { checkIn, sleepIn, yieldEnded, yieldTurn } from "./suspension.js";

/**
 * The turn budget of `(check-cancelled)` (LANGUAGE.md §5): a suspension point, so a green task
 * spinning on it must let timers and the other tasks run, or `(timeout 50 busy-loop)` could
 * never fire. Most calls are one decrement (attention.ts); every `stride` calls a full check
 * reads the cancel flag and the clock, and once the slice since the task last gave way is
 * {@link SLICE_MS} long it asks compiled code to await {@link busyTurn}, one macrotask turn
 * (`setImmediate`), after which {@link resumeBusy} checks for cancellation again. A frame
 * cancelled meanwhile by the running task itself brings the full check forward to the next call.
 *
 * The stride adapts so that clock reads come every quarter to one millisecond whatever a loop's
 * body costs: a tight loop reads the clock once per thousands of calls, a heavy one on every
 * call. On a `spawn-thread` worker the shared cancel word is still read on every call, as
 * before (another thread writes it, and nothing here can hear that). Under a virtual clock
 * (`weft test`) the clock never moves while a task runs, so the budget is counted instead: every
 * {@link VIRTUAL_CALLS} calls is one slice, and the task sleeps {@link SLICE_MS} of virtual time
 * — a busy slice takes time as it would for real, and a program gives way at the same calls on
 * every run.
 */
export const SLICE_MS = 4;
/** Calls of `check-cancelled` that make one slice under a virtual clock. */
export const VIRTUAL_CALLS = 1024;
const MAX_STRIDE = 1 << 14;

let stride = 1;
// Calls until the clock is read, on a worker whose every call is a full check.
let clockIn = 1;
let lastRead = 0;
let sliceStart = 0;

/** `(check-cancelled)`: throws `Cancelled` if the running task is cancelled; `true` when its slice is spent and it must await {@link busyTurn}. */
export function checkBudget(): boolean {
  return attentionDue() && fullCheck();
}

function fullCheck(): boolean {
  checkIn(activeFrame());
  const cut = takeCut();
  if (cut > 0) {
    attendIn(cut);
    return false;
  }
  if (threadFlagged()) {
    attendIn(1);
    if (--clockIn > 0) return false;
  }
  const spent = sliceSpent();
  clockIn = stride;
  if (!threadFlagged()) attendIn(stride);
  return spent;
}

function sliceSpent(): boolean {
  const time = clock();
  if (time !== realClock) {
    stride = VIRTUAL_CALLS;
    return true;
  }
  const now = time.now();
  const since = now - lastRead;
  lastRead = now;
  stride = since < 0.25 ? Math.min(stride * 2, MAX_STRIDE) : since > 1 ? Math.max(stride >> 1, 1) : stride;
  return now - sliceStart >= SLICE_MS;
}

/**
 * The turn a task whose slice is spent awaits: the next macrotask turn in real time (shared with
 * every task that yields before it); {@link SLICE_MS} of sleep under a virtual clock, so time
 * can jump to the next timer. Either wakes at once if the task is cancelled meanwhile.
 */
export function busyTurn(frame: Frame | undefined): Promise<void> {
  return clock() === realClock ? yieldTurn(frame) : sleepIn(SLICE_MS, frame);
}

/** After the await of {@link busyTurn}: a new slice starts, and a cancellation that came meanwhile is raised. */
export function resumeBusy(frame: Frame | undefined): void {
  sliceStart = clock().now();
  yieldEnded(frame);
  checkIn(frame);
}
