import { registry } from "@weft/gc";

const loaded = new Set<string>();

/**
 * Imports, on this worker, every compiled module the spawning thread had registered, so the
 * closures, structs and enums it sends decode to this thread's copies of the same functions and
 * classes. Each URL is imported once per thread.
 */
export async function loadModules(modules: readonly (readonly [string, string])[]): Promise<void> {
  for (const [path, url] of modules) {
    if (loaded.has(url)) continue;
    loaded.add(url);
    await import(url);
    if (registry.moduleUrl(path) === undefined) registry.registerModuleUrl(path, url);
  }
}
