/**
 * The countdown that keeps `(check-cancelled)` to one decrement on most calls (busy.ts): a full
 * check — the cancel flag, a spawn-thread's shared word, the clock — happens only when it reaches
 * zero. A leaf module, so that `Frame.cancel` can bring the next check forward without an
 * import cycle: a green task's frame is cancelled either while it waits (and its wait's waker
 * raises it) or, synchronously, by code of the task running now, whose next check must see it.
 */
let left = 1;
// Calls the countdown had left when a cancellation cut it short: restored after that full check,
// so the slices of a busy task (counted in calls under a virtual clock) do not depend on it.
let cut = 0;

/** One `check-cancelled`: `true` when a full check is due. */
export function attentionDue(): boolean {
  return --left <= 0;
}

/** The next full check comes after `calls` more calls. */
export function attendIn(calls: number): void {
  left = calls;
}

/** Calls left on the countdown a cancellation cut short (0 if none), and forgets them. */
export function takeCut(): number {
  const c = cut;
  cut = 0;
  return c;
}

/** A frame was cancelled: the running task checks its flag on its very next call. */
export function attendNow(): void {
  if (left > 0) cut += left;
  left = 0;
}
