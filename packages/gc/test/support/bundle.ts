import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";

/**
 * Bundles source into ES modules a worker thread can import (vitest's TS loader does not reach
 * into workers, and tests must not depend on a prior `build`). By default the gc package's own
 * source as `gc.mjs`; other packages' tests pass their entries (`{ name: fileUrl }`), bundled
 * with code splitting so modules shared by several entries exist once per thread, and workspace
 * packages resolved to their source (the "source" export condition).
 */
export function bundleForWorkers(): { url: string; dispose(): void };
export function bundleForWorkers(entries: Record<string, URL>): { urls: Record<string, string>; dir: string; dispose(): void };
export function bundleForWorkers(entries?: Record<string, URL>): { url?: string; urls?: Record<string, string>; dir?: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "weft-gc-"));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  if (entries === undefined) {
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
    return { url: pathToFileURL(outfile).href, dispose };
  }
  buildSync({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, url]) => [name, fileURLToPath(url)])),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["source"],
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    logLevel: "error",
  });
  const urls = Object.fromEntries(Object.keys(entries).map((name) => [name, pathToFileURL(join(dir, `${name}.mjs`)).href]));
  return { urls, dir, dispose };
}
