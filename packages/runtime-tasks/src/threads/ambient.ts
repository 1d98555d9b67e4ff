import { threadFrame } from "../Frame.js";
import { threadId as nodeThreadId } from "node:worker_threads";


/** `(thread-id)`: 0 on the main thread, a distinct positive number on each worker thread. */
export function threadId(): number {
  return nodeThreadId;
}

/**
 * On a `spawn-thread` worker, the signal of the task it runs (the closure is also called with it
 * as its one argument); `undefined` elsewhere.
 */
export function threadTaskSignal(): AbortSignal | undefined {
  return threadFrame()?.signal;
}
