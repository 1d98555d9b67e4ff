import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

/**
 * Bundles the package's source into one ES module a worker thread can import (vitest's TS
 * loader does not reach into workers, and tests must not depend on a prior `build`).
 */
export function bundleForWorkers(): { url: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "weft-gc-"));
  const outfile = join(dir, "gc.mjs");
  buildSync({
    entryPoints: [fileURLToPath(new URL("../../src/index.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  return { url: pathToFileURL(outfile).href, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
