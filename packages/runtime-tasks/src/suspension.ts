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
 * @internal `yield` as a suspension point of `frame`: one promise per yield, and one
 * `setImmediate` turn for every task that yields before it comes (they all continue in that
 * turn, in the order they yielded, as separate `setImmediate`s would).
 */
export function yieldIn(frame: Frame | undefined): Promise<void> {
  try {
    checkIn(frame);
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise<void>((resolve, reject) => {
    if (yielders.length === 0) clock().nextTurn(resumeYielders);
    yielders.push({ frame, resolve, reject });
  });
}

interface Yielder {
  readonly frame: Frame | undefined;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}
let yielders: Yielder[] = [];

function resumeYielders(): void {
  const all = yielders;
  yielders = [];
  for (let i = 0; i < all.length; i++) {
    const y = all[i]!;
    try {
      checkIn(y.frame);
      y.resolve();
    } catch (e) {
      y.reject(e);
    }
  }
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
