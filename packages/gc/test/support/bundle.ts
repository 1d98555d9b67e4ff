import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

/**
 * Bundles the package's source into one ES module a worker thread can import (vitest's TS
 * loader does not reach into workers, and tests must not depend on a prior `build`).
 */
export function bundleForWorkers(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), "weft-gc-")), "gc.mjs");
  buildSync({
    entryPoints: [fileURLToPath(new URL("../../src/index.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  return pathToFileURL(outfile).href;
}
