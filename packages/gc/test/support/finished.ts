import type { Worker } from "node:worker_threads";

/**
 * Resolves once `worker` has posted its first message and exited; rejects on an error, or on an
 * exit with no message. Every listener is attached at once: a worker that exits right after
 * posting delivers its message and its exit in one turn, so an `exit` listener attached after
 * awaiting the message would never fire (a hang seen on a loaded machine).
 */
export function finished(worker: Worker): Promise<void> {
  let posted = false;
  return new Promise((resolve, reject) => {
    worker.once("message", () => (posted = true));
    worker.once("error", reject);
    worker.once("exit", (code) => (posted ? resolve() : reject(new Error(`worker exited with ${code} before it reported`))));
  });
}
