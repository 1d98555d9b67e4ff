import { threadId as nodeThreadId } from "node:worker_threads";

let taskSignal: AbortSignal | undefined;

/** `(thread-id)`: 0 on the main thread, a distinct positive number on each worker thread. */
export function threadId(): number {
  return nodeThreadId;
}

/**
 * On a `spawn-thread` worker, the signal of the task it runs (the closure is also called with it
 * as its one argument); `undefined` elsewhere.
 */
export function threadTaskSignal(): AbortSignal | undefined {
  return taskSignal;
}

/** @internal The worker entry sets it before running the task. */
export function setThreadTaskSignal(signal: AbortSignal | undefined): void {
  taskSignal = signal;
}
