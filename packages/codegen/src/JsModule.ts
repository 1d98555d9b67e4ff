/** What codegen produces for one Weft module: an ES module and its source map. */
export interface JsModule {
  /** The Weft module's path (`Module.path`). */
  readonly path: string;
  /** The output file name, relative to the output directory (`game.weft` → `game.js`). */
  readonly fileName: string;
  readonly js: string;
  /** Source map v3 whose `sources` is `[Module.path]`; the driver rewrites it for where it writes the file. */
  readonly map: SourceMapV3;
  /** Weft top-level name → exported JS name, e.g. `vec+` → `vec$plus`, `main` → `main`. */
  readonly exports: Readonly<Record<string, string>>;
}

export interface SourceMapV3 {
  readonly version: 3;
  readonly file: string;
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
}

export interface GenerateOptions {
  /** The import specifier for a runtime package, e.g. `@weft/runtime-core` → a file URL. */
  readonly runtimeSpecifier?: (pkg: string) => string;
  /** Source text of each Weft module, embedded in the source map when given. */
  readonly sources?: ReadonlyMap<string, string>;
}
