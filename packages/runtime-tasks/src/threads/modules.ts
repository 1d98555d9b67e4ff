import { type FunctionTable, registry } from "@weft/gc";

const loaded = new Set<string>();
// Per module path, the function table of the first version this thread loaded: the one its
// running code calls through. A reload copies the new version's entries into it.
const originals = new Map<string, FunctionTable>();

async function load(path: string, url: string): Promise<void> {
  if (loaded.has(url)) return;
  loaded.add(url);
  await import(url);
  if (registry.moduleUrl(path) === undefined) registry.registerModuleUrl(path, url);
  const table = registry.functions(path);
  if (table !== undefined && !originals.has(path)) originals.set(path, table);
}

/**
 * Imports, on this worker, every compiled module the spawning thread had registered, so the
 * closures, structs and enums it sends decode to this thread's copies of the same functions and
 * classes. Each URL is imported once per thread. The modules take their top-level values from
 * the main thread's (`topLevel.receive` first), never evaluating a def here.
 */
export async function loadModules(modules: readonly (readonly [string, string])[]): Promise<void> {
  for (const [path, url] of modules) await load(path, url);
}

/**
 * Live reload on this worker (LANGUAGE.md §7): imports the new version of `path` and replaces
 * the entries of the function table running code calls through, so the next call of a
 * redefined function, on this thread too, runs the new code; calls already running finish on
 * the old version.
 */
export async function reloadModule(path: string, url: string): Promise<void> {
  await load(path, url);
  const original = originals.get(path);
  const fresh = registry.functions(path);
  if (original !== undefined && fresh !== undefined && fresh !== original) Object.assign(original, fresh);
}
