import { gcError } from "./errors.js";
import type { Schema } from "./Schema.js";
import type { HandleReviver } from "./SharedHandle.js";

/** A class generated for a struct or a non-nullary enum variant: fields are constructor arguments in declaration order. */
export type ValueClass = new (...fields: any[]) => object;

/** A struct's layout: its fields in declaration order (which is also constructor order). */
export interface StructLayout {
  readonly fields: readonly (readonly [name: string, type: Schema])[];
}

/** An enum's layout: per variant (by `$tag`), the types of `_0`, `_1`, …; `[]` for a nullary one. */
export interface EnumLayout {
  readonly variants: readonly (readonly Schema[])[];
}

/** A registered struct. */
export interface StructType {
  readonly kind: "struct";
  readonly tag: string;
  readonly ctor: ValueClass;
  readonly fields: StructLayout["fields"];
}

/** A registered enum: `variants[$tag]` is the class (or the shared instance of a nullary variant). */
export interface EnumType {
  readonly kind: "enum";
  readonly tag: string;
  readonly variants: readonly { readonly ctor: ValueClass | null; readonly instance: object | null; readonly fields: readonly Schema[] }[];
}

export type RegisteredType = StructType | EnumType;

/** How the codec recognises and rebuilds runtime-core keywords (passed in: gc depends on nothing). */
export interface KeywordAdapter {
  is(v: unknown): boolean;
  name(v: unknown): string;
  intern(name: string): unknown;
}

/** How the codec walks and rebuilds runtime-core `WeftMap`s. */
export interface MapAdapter {
  is(v: unknown): boolean;
  entries(v: unknown): Iterable<readonly [unknown, unknown]>;
  make(entries: [unknown, unknown][]): unknown;
}

/** How the codec carries a Weft `Error` (runtime-core `WeftError`). Without one, any `Error` crosses as `new Error(message)`. */
export interface ErrorAdapter {
  is(v: unknown): boolean;
  message(v: unknown): string;
  make(message: string): unknown;
}

/** A module's lambda table: entry `$id` rebuilds the closure from its decoded environment. */
export type LambdaTable = readonly ((env: unknown[]) => (...args: never[]) => unknown)[];

/** A module's function table: one entry per `defn`, called through it so live reload can swap entries. */
export type FunctionTable = Readonly<Record<string, unknown>>;

/**
 * What the codec knows about the program's types. Every thread imports the same compiled module,
 * which registers its classes, lambda table and function table here; runtime-core registers
 * `Option`/`Result` and the keyword/map/error adapters.
 *
 * @example
 * registry.registerType("Vec2", Vec2, { fields: [["x", S.float], ["y", S.float]] });
 * registry.registerType("Option", [None, Some], { variants: [[], [S.param(0)]] });
 */
export class TypeRegistry {
  #byTag = new Map<string, RegisteredType>();
  #byClass = new Map<unknown, { type: RegisteredType; variant: number }>();
  #lambdas = new Map<string, LambdaTable>();
  #functions = new Map<string, FunctionTable>();
  #fnNames = new Map<unknown, { module: string; name: string }>();
  #handles = new Map<string, HandleReviver>();
  #moduleUrls = new Map<string, string>();
  #urlListeners = new Set<(module: string, url: string) => void>();
  keywords: KeywordAdapter | null = null;
  maps: MapAdapter | null = null;
  errors: ErrorAdapter | null = null;

  /**
   * Registers a struct (`ctor` is its class, `layout.fields` its fields) or an enum (`ctor` is
   * the list of variant classes by `$tag`, with the shared instance in place of a nullary
   * variant's class, and `layout.variants` their field types).
   */
  registerType(tag: string, ctor: ValueClass, layout: StructLayout): void;
  registerType(tag: string, variants: readonly (ValueClass | object)[], layout: EnumLayout): void;
  registerType(tag: string, ctor: ValueClass | readonly (ValueClass | object)[], layout: StructLayout | EnumLayout): void {
    if ("fields" in layout) {
      const t: StructType = { kind: "struct", tag, ctor: ctor as ValueClass, fields: layout.fields };
      this.#byTag.set(tag, t);
      this.#byClass.set(ctor, { type: t, variant: 0 });
      return;
    }
    const list = ctor as readonly (ValueClass | object)[];
    const t: EnumType = {
      kind: "enum",
      tag,
      variants: layout.variants.map((fields, i) => {
        const c = list[i];
        if (c === undefined) throw gcError("unknownType", `${tag} variant ${i}`);
        return typeof c === "function"
          ? { ctor: c as ValueClass, instance: null, fields }
          : { ctor: null, instance: c, fields };
      }),
    };
    this.#byTag.set(tag, t);
    t.variants.forEach((v, i) => {
      this.#byClass.set(v.ctor ?? (v.instance as object).constructor, { type: t, variant: i });
    });
  }

  /** The type registered under `tag`. */
  type(tag: string): RegisteredType {
    const t = this.#byTag.get(tag);
    if (t === undefined) throw gcError("unknownType", tag);
    return t;
  }

  /** The registered type (and variant) of a struct or enum instance, or `undefined`. */
  typeOf(v: object): { type: RegisteredType; variant: number } | undefined {
    const hit = this.#byClass.get(v.constructor);
    if (hit === undefined || hit.type.kind === "struct") return hit;
    // Enum variant classes are registered per class; `$tag` is authoritative when present.
    const tag = (v as { $tag?: unknown }).$tag;
    return typeof tag === "number" ? { type: hit.type, variant: tag } : hit;
  }

  /** Registers module `module`'s lambda table (closures cross as `(module, $id, $env)`). */
  registerLambdas(module: string, table: LambdaTable): void {
    this.#lambdas.set(module, table);
  }

  /** Registers module `module`'s function table (top-level functions cross by name). */
  registerFunctions(module: string, table: FunctionTable): void {
    this.#functions.set(module, table);
    for (const [name, f] of Object.entries(table)) this.#fnNames.set(f, { module, name });
  }

  /** The lambda table of `module`; `null` module means "the only one registered". */
  lambdas(module: string | null): { module: string; table: LambdaTable } {
    if (module === null) {
      if (this.#lambdas.size === 0) throw gcError("unknownModule", "(none registered)");
      if (this.#lambdas.size > 1) throw gcError("ambiguousModule");
      const [entry] = this.#lambdas;
      return { module: entry![0], table: entry![1] };
    }
    const table = this.#lambdas.get(module);
    if (table === undefined) throw gcError("unknownModule", module);
    return { module, table };
  }

  /** Where a top-level function lives, looking up by identity (rebuilt if live reload replaced it). */
  functionName(f: unknown): { module: string; name: string } | undefined {
    const hit = this.#fnNames.get(f);
    if (hit !== undefined && this.#functions.get(hit.module)?.[hit.name] === f) return hit;
    for (const [module, table] of this.#functions) {
      for (const [name, g] of Object.entries(table)) if (g === f) return { module, name };
    }
    return undefined;
  }

  /** The current entry `name` of module `module`'s function table. */
  fn(module: string, name: string): unknown {
    const table = this.#functions.get(module);
    if (table === undefined) throw gcError("unknownModule", module);
    return table[name];
  }

  /**
   * Records where compiled module `module` (its Weft path, the `$module` of its closures) can be
   * imported from, so a worker thread can import the same module before decoding its values.
   * Generated modules call it at load: `registry.registerModuleUrl($path, import.meta.url)`.
   */
  registerModuleUrl(module: string, url: string): void {
    const previous = this.#moduleUrls.get(module);
    this.#moduleUrls.set(module, url);
    if (previous !== undefined && previous !== url) for (const listener of this.#urlListeners) listener(module, url);
  }

  /**
   * Calls `listener(module, url)` whenever a module already registered registers a new URL: a
   * live reload loaded a new version of it (the threads runtime tells its workers). Returns the
   * unsubscribe function.
   */
  onModuleReload(listener: (module: string, url: string) => void): () => void {
    this.#urlListeners.add(listener);
    return () => this.#urlListeners.delete(listener);
  }

  /** The function table registered for `module` (the latest one), or `undefined`. */
  functions(module: string): FunctionTable | undefined {
    return this.#functions.get(module);
  }

  /** The URL registered for `module`, or `undefined`. */
  moduleUrl(module: string): string | undefined {
    return this.#moduleUrls.get(module);
  }

  /** Every `[module, url]` registered, in registration order (dependencies first: they load first). */
  moduleUrls(): [module: string, url: string][] {
    return [...this.#moduleUrls];
  }

  /** Registers how to re-create a handle of `kind` (atoms and channels register themselves). */
  registerHandleKind(kind: string, revive: HandleReviver): void {
    this.#handles.set(kind, revive);
  }

  reviver(kind: string): HandleReviver {
    const r = this.#handles.get(kind);
    if (r === undefined) throw gcError("unknownHandleKind", kind);
    return r;
  }
}

/** The process-wide registry compiled modules register into (one per thread, like the module itself). */
export const registry = new TypeRegistry();
