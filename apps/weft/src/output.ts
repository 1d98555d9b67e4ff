import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { JsModule } from "@weft/codegen";

/**
 * Writes each module and its source map into `dir`. `sourceRef` says how the map names the
 * Weft file: a file URL for `run` (so stack traces point at the .weft file wherever the
 * cache lives), a path relative to the output for `build`.
 */
export function writeModules(modules: readonly JsModule[], dir: string, sourceRef: "url" | "relative"): void {
  for (const m of modules) {
    const out = join(dir, m.fileName);
    mkdirSync(dirname(out), { recursive: true });
    const source =
      sourceRef === "url" ? pathToFileURL(resolve(m.path)).href : relative(dirname(out), resolve(m.path)).split("\\").join("/");
    const map = { ...m.map, file: m.fileName.split("/").pop()!, sources: [source] };
    const mapName = `${m.fileName.split("/").pop()}.map`;
    const js = m.js.includes("//# sourceMappingURL=") ? m.js : `${m.js.replace(/\n?$/, "\n")}//# sourceMappingURL=${mapName}\n`;
    writeFileSync(out, js);
    writeFileSync(`${out}.map`, JSON.stringify(map));
  }
}

/** Import specifiers for the runtime packages, resolved from the driver so any output dir works. */
export function runtimeFileUrl(pkg: string): string {
  return import.meta.resolve(pkg);
}
