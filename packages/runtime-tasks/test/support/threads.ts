import { registry } from "@weft/gc";
import { afterAll, beforeAll } from "vitest";
import { bundleForWorkers } from "../../../gc/test/support/bundle.js";
import { closeThreads, configureThreads } from "../../src/threads/index.js";
import { $path } from "./threads-program.js";

/**
 * Bundles the worker entries and the test program for worker threads and points the threads
 * runtime at them; the main thread uses the program's source (already imported by the test).
 */
export function useTestThreads(): { urls: Record<string, string>; dispose(): Promise<void> } {
  const bundle = bundleForWorkers({
    "thread-worker": new URL("../../src/threads/worker.ts", import.meta.url),
    "pool-worker": new URL("../../src/threads/pool-worker.ts", import.meta.url),
    program: new URL("./threads-program.ts", import.meta.url),
    "program-v2": new URL("./threads-program-v2.ts", import.meta.url),
  });
  configureThreads({ threadWorker: bundle.urls["thread-worker"], poolWorker: bundle.urls["pool-worker"], threads: 2 });
  registry.registerModuleUrl($path, bundle.urls.program!);
  return {
    urls: bundle.urls,
    async dispose() {
      await closeThreads();
      bundle.dispose();
    },
  };
}

/**
 * `useTestThreads` around the tests of the calling file: set up before the first, disposed of
 * after the last. `urls` is readable once the tests run.
 */
export function testThreadsForThisFile(): { readonly urls: Record<string, string> } {
  let threads: ReturnType<typeof useTestThreads> | undefined;
  beforeAll(() => {
    threads = useTestThreads();
  });
  afterAll(() => threads?.dispose());
  return {
    get urls() {
      return threads!.urls;
    },
  };
}
