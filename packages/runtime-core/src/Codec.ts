import { kw, Keyword } from "./Keyword.js";
import { Err, None, Ok, Some } from "./Variants.js";
import { WeftError } from "./WeftError.js";
import { WeftMap } from "./WeftMap.js";
import { Entry, showEntry, eqEntry } from "./Maps.js";
import * as Dictionaries from "./Dictionaries.js";
import { registerDicts, reviveDict, type DictDesc } from "./DictName.js";

/**
 * The part of `@weft/gc`'s `TypeRegistry` that runtime-core fills in. Duck-typed, so
 * runtime-core still depends on nothing; generated modules pass gc's `registry` and `S`.
 */
export interface CodecRegistry {
  keywords: unknown;
  maps: unknown;
  errors: unknown;
  registerType(tag: string, ctor: readonly object[], layout: { variants: readonly (readonly unknown[])[] }): void;
  registerType(tag: string, ctor: object, layout: { fields: readonly (readonly [string, unknown])[] }): void;
  registerHandleKind(kind: string, revive: (descriptor: { kind: string; data: unknown }) => never): void;
}

const done = new WeakSet<object>();

/**
 * Teaches the codec runtime-core's values: keywords, `WeftMap`s, `WeftError`s, the built-in
 * enums `Option` and `Result` (by those tags), and class dictionaries (handles of kind
 * `weft-dict`). Safe to call more than once.
 *
 * ```ts
 * import { registry, S } from "@weft/gc";
 * registerCodec(registry, S);
 * ```
 */
export function registerCodec(registry: CodecRegistry, S: { param(index: number): unknown }): void {
  if (done.has(registry)) return;
  done.add(registry);
  registry.keywords = { is: (v: unknown) => v instanceof Keyword, name: (v: Keyword) => v.name, intern: kw };
  registry.maps = {
    is: (v: unknown) => v instanceof WeftMap,
    entries: (v: WeftMap) => v.entries(),
    make: (entries: [unknown, unknown][]) => WeftMap.of(entries),
  };
  registry.errors = { is: (v: unknown) => v instanceof WeftError, message: (v: WeftError) => v.message, make: (m: string) => new WeftError(m) };
  registry.registerType("Option", [None, Some], { variants: [[], [S.param(0)]] });
  registry.registerType("Result", [Ok, Err], { variants: [[S.param(0)], [S.param(1)]] });
  registry.registerType("Entry", Entry, { fields: [["key", S.param(0)], ["val", S.param(1)]] });
  // Class dictionaries cross as handles naming them (see `named`), and are rebuilt by name.
  registerDicts("@weft/runtime-core", { ...Dictionaries, showEntry, eqEntry });
  registry.registerHandleKind("weft-dict", (d) => reviveDict(d.data as DictDesc) as never);
}
