/**
 * Fair scheduling (LANGUAGE.md §5: timers fire on time under any message load). A channel
 * operation that completes at once, or a waiter woken by a partner, continues on the microtask
 * queue; two tasks exchanging messages could then run forever without the event loop ever
 * reaching its timers (`sleep`, `timeout`, select's `after`) or I/O. So every channel operation
 * counts itself, and once a run of microtasks has lasted {@link BUDGET_MS} without a macrotask
 * turn, the operation first waits for one (`setImmediate`), which lets every due timer fire.
 */
import { clock } from "@weft/runtime-core";

/** The longest a run of channel operations may keep the event loop from its macrotask queue. */
export const BUDGET_MS = 2;
/** The clock is read once per this many operations, so the common path is one increment and test. */
const CHECK_EVERY = 16;

let ops = 0;
/** When the current run of operations began (`-1`: a macrotask turn has happened since). */
let runStart = -1;
/** The run has outlasted its budget: every operation yields until the next macrotask turn. */
let due = false;

// Through the clock, so virtual time (weft test) sees a task that yields as still running.
const nextTurn = (f: () => void): void => clock().nextTurn(f);

function endRun(): void {
  runStart = -1;
  due = false;
}

/**
 * Whether the caller must let the macrotask queue run before it continues. Cheap: a counter,
 * and a clock read every {@link CHECK_EVERY} calls.
 */
export function mustYield(): boolean {
  if (due) return true;
  if (++ops % CHECK_EVERY !== 0) return false;
  const now = performance.now();
  if (runStart < 0) {
    runStart = now;
    // Runs at the next macrotask turn, which is what ends the run.
    nextTurn(endRun);
    return false;
  }
  due = now - runStart >= BUDGET_MS;
  return due;
}

/** A promise that settles on the next macrotask turn (after the timers that are due). */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => nextTurn(resolve));
}
