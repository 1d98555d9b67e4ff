import { clock } from "@weft/runtime-core";
import { toCancelled } from "./Cancelled.js";
import { type Frame, pollThreadCancel, type Waker } from "./Frame.js";

/**
 * `(check-cancelled)`: throws {@link Cancelled} if `signal` is aborted, and does nothing
 * otherwise. The cheapest suspension point, for long synchronous loops. On a `spawn-thread`
 * worker it first reads the shared word its spawner sets when the task's scope ends, so a busy
 * loop sees the cancellation without waiting for a message it would never read.
 */
export function checkCancelled(signal?: AbortSignal): void {
  pollThreadCancel();
  if (signal?.aborted) throw toCancelled(signal.reason);
}

/**
 * `(sleep ms)`: resolves after `ms` milliseconds, or rejects with {@link Cancelled} as soon as
 * `signal` aborts (at once if it already has).
 *
 * @example await sleep(16, signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(toCancelled(signal.reason));
    const time = clock();
    const onAbort = () => {
      time.clearTimer(timer);
      reject(toCancelled(signal?.reason));
    };
    const timer = time.setTimer(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** @internal `sleep` as a suspension point of `frame` (woken through the frame if it is cancelled). */
export function sleepIn(ms: number, frame: Frame | undefined): Promise<void> {
  if (frame === undefined) return sleep(ms);
  return new Promise<void>((resolve, reject) => {
    if (frame.cancelled) return reject(toCancelled(frame.reason));
    const time = clock();
    const waker: Waker = (reason) => {
      time.clearTimer(timer);
      reject(toCancelled(reason));
    };
    const timer = time.setTimer(ms, () => {
      frame.resume(waker);
      resolve();
    });
    frame.suspend(waker);
  });
}

/**
 * `(yield)`: lets every other ready task, timer and I/O callback run (one `setImmediate`
 * turn), then continues; throws {@link Cancelled} if `signal` is aborted before or after.
 */
export async function yieldNow(signal?: AbortSignal): Promise<void> {
  checkCancelled(signal);
  await new Promise<void>((resolve) => clock().nextTurn(resolve));
  checkCancelled(signal);
}

/**
 * @internal `yield` as a suspension point of `frame`, for code that does not check on resuming
 * (see {@link yieldTurn}): rejects with `Cancelled` if the frame was cancelled by the time the
 * turn came.
 */
export function yieldIn(frame: Frame | undefined): Promise<void> {
  return yieldTurn(frame).then(() => yieldEnded(frame));
}

// The next turn every task that yields before it comes waits for: one promise and one
// `setImmediate`, whatever their number (they continue in that turn, in the order they yielded,
// as separate `setImmediate`s would), and the frames that wait for it.
let turn: Promise<void> | undefined;
let turnFrames: Frame[] = [];
// Frames that were cancelled while they waited for a turn, until they resume and raise it.
const cancelledInTurn = new Set<Frame>();

/**
 * @internal `(yield)` for compiled code, which awaits it and then calls {@link yieldEnded}: the
 * promise of the next turn, shared by every frame that yields before it comes, so a yield
 * allocates nothing of its own but the await. Rejects at once if `frame` is cancelled already.
 */
export function yieldTurn(frame: Frame | undefined): Promise<void> {
  try {
    checkIn(frame);
  } catch (e) {
    return Promise.reject(e);
  }
  turn ??= new Promise<void>((resolve) => clock().nextTurn(() => endTurn(resolve)));
  if (frame !== undefined) turnFrames.push(frame);
  return turn;
}

// A frame cancelled after this point (by a task continuing before it) has ended its yield: it
// stops at its next suspension point, as it would had it been resumed first.
function endTurn(resolve: () => void): void {
  const frames = turnFrames;
  turnFrames = [];
  turn = undefined;
  pollThreadCancel();
  for (let i = 0; i < frames.length; i++) if (frames[i]!.cancelled) cancelledInTurn.add(frames[i]!);
  resolve();
}

/** @internal After the await of {@link yieldTurn}: throws `Cancelled` if `frame` was cancelled while it waited for the turn. */
export function yieldEnded(frame: Frame | undefined): void {
  if (cancelledInTurn.size !== 0 && frame !== undefined && cancelledInTurn.delete(frame)) throw toCancelled(frame.reason);
}

/** @internal `check-cancelled` for `frame`. */
export function checkIn(frame: Frame | undefined): void {
  pollThreadCancel();
  if (frame?.cancelled) throw toCancelled(frame.reason);
}

/**
 * Waits for `promise`, but rejects with {@link Cancelled} as soon as `signal` aborts. The
 * promise keeps running; its outcome is then ignored.
 */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(toCancelled(signal.reason));
    const onAbort = () => reject(toCancelled(signal.reason));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Aborts `controller` (with a Cancelled) when `parent` aborts. Returns the function that
 * removes the link, so a finished child leaves no listener on a long-lived parent.
 */
export function linkAbort(parent: AbortSignal | undefined, controller: AbortController): () => void {
  if (parent === undefined) return noop;
  if (parent.aborted) {
    controller.abort(toCancelled(parent.reason));
    return noop;
  }
  const onAbort = () => controller.abort(toCancelled(parent.reason));
  parent.addEventListener("abort", onAbort, { once: true });
  return () => parent.removeEventListener("abort", onAbort);
}

function noop(): void {}
