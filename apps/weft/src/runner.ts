import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderRuntimeError } from "./runtimeError.js";

// Runs a compiled program's `main` the way `weft run` does: stacks through the source maps,
// an uncaught error rendered at its Weft location, exit code 0 or 1. `weft run` calls it, and
// `weft build` copies its bundle (dist/runner.js, no imports but Node's) beside the program as
// weft-runner.mjs, which the generated main.mjs calls. So both print the same thing.

/**
 * Imports `entryUrl`, calls its export `mainName`, and resolves to the exit code. `sources`
 * maps each Weft file (as its source map names it, relative to `base`) to its text, for the
 * line an error shows.
 */
export async function runMain(entryUrl: string, mainName: string, sources: ReadonlyMap<string, string>, cwd = process.cwd()): Promise<number> {
  enableWeftStacks();
  try {
    const loaded = (await import(entryUrl)) as Record<string, () => unknown>;
    await loaded[mainName]!();
    return 0;
  } catch (error) {
    process.stderr.write(renderRuntimeError(error, sources, cwd));
    return 1;
  }
}

/** Stack traces through the source maps, deep enough to show the calls that led to an error. */
export function enableWeftStacks(): void {
  process.setSourceMapsEnabled(true);
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 32);
}

/** `main.mjs` of a built directory: `sources` are relative to the directory, `base` its URL. */
export async function runBuilt(base: string, entry: string, mainName: string, sources: Readonly<Record<string, string>>): Promise<number> {
  const dir = fileURLToPath(base);
  const byPath = new Map(Object.entries(sources).map(([rel, text]) => [resolve(dir, rel), text] as const));
  return runMain(new URL(entry, base).href, mainName, byPath);
}
