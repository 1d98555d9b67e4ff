import type { Diagnostic, Span } from "@weft/reader";
import { error, LineTable } from "@weft/reader";
import type {
  DictExpr,
  EnumDecl,
  GlobalRef,
  InstanceDecl,
  Lambda,
  Module,
  StructDecl,
  TopDef,
  TopFn,
  Type,
} from "@weft/typeck-shareable";
import { Body } from "./Body.js";
import { type Colour, lambdaColour, secondColour } from "./Colour.js";
import type { GenerateOptions, JsModule } from "./JsModule.js";
import { methodName, PRIMITIVE_DICT_TYPES } from "./Dicts.js";
import { dictName, jsString, mangle } from "./Mangle.js";
import type { ModuleScope, TaskCall } from "./ModuleScope.js";
import type { ProgramIndex } from "./Program.js";
import { Markers } from "./SourceMap.js";
import { type DefReach, defReach, initOrder } from "./TopLevelValues.js";
import { view } from "./Types.js";

/**
 * Generates one ES module. Module-level names: the Weft top-level names mangled, struct and
 * variant classes, and codegen's own `$`-names (`$rt` runtime, `$m<i>` other modules, `$fn`
 * function table, `$lambdas`/`$lambda<i>` lambda table, `$show_T`/`$eq_T` derived
 * dictionaries, `$inst_<id>` instances, `$D<i>` constant dictionaries, `$k<i>` keywords).
 */
export class ModuleGen implements ModuleScope {
  readonly markers = new Markers();
  readonly diagnostics: Diagnostic[] = [];
  /** Module-level names a local must not shadow. */
  readonly reserved = new Set<string>();
  readonly #imports = new Set<string>();
  #usesAtoms = false;
  #usesTasks = false;
  #usesChannels = false;
  #usesScratch = false;
  readonly #keywords = new Map<string, string>();
  readonly #constDicts = new Map<string, string>();
  /** Lambda factories by lambda-table index (an async colour's index is past `lambdaCount`). */
  readonly #lambdas = new Map<number, { name: string; js: string }>();
  /** Task factories by name (`used` once a spawn site needs the factory, not only its call). */
  readonly #taskBodies = new Map<string, { js: string; call: TaskCall | undefined; used: boolean }>();
  /** Synthetic lambda-table entries made by `crossable`, by their text. */
  readonly #wrappers = new Map<string, { name: string; index: number; js: string }>();
  readonly #dictExports: string[] = [];

  constructor(
    readonly index: ProgramIndex,
    readonly module: Module,
    readonly options: GenerateOptions,
  ) {
    for (const v of module.values) this.reserved.add(mangle(v.name));
    for (const s of module.structs) this.reserved.add(mangle(s.name));
    for (const e of module.enums)
      for (const v of e.variants) {
        this.reserved.add(mangle(v.name));
        this.reserved.add(`${mangle(v.name)}$class`);
      }
  }

  get path(): string {
    return this.module.path;
  }

  report(message: string, span: Span): void {
    this.diagnostics.push(error("E0900", message, span, { help: "this construct is not supported by the code generator yet" }));
  }

  /** The JS prefix under which module `path`'s exports are visible here: `""` or `$m3.`. */
  prefix(path: string): string {
    if (path === this.path || path === "") return "";
    const info = this.index.modules.get(path);
    if (!info) return "";
    this.#imports.add(path);
    return `$m${info.index}.`;
  }

  gc(): string {
    return "$gc";
  }

  atoms(): string {
    this.#usesAtoms = true;
    return "$atoms";
  }

  #lines: LineTable | null | undefined;

  /** `path:line:col` of `span` (just the path without the source): what a deadlock report names. */
  location(span: Span): string {
    if (this.#lines === undefined) {
      const source = this.options.sources?.get(this.module.path);
      this.#lines = source === undefined ? null : new LineTable(source);
    }
    if (this.#lines === null) return this.module.path;
    const { line, col } = this.#lines.position(span.start);
    return `${this.module.path}:${line}:${col}`;
  }

  /** runtime-tasks' entry points for compiled code (its `compiled` namespace). */
  tasks(): string {
    this.#usesTasks = true;
    return "$tasks";
  }

  /** `$c`, the module's scratch for an answer that may or may not be a promise. */
  scratch(): string {
    this.#usesScratch = true;
    return "$c";
  }

  /** Per `par-map` / `par-for-each` call site: whether its function is fixed there. */
  readonly #parSites: boolean[] = [];
  /**
   * A module-level record for one `par-map` / `par-for-each` call site (runtime-tasks'
   * `ParSite`): where its function is `fixed` (the same at every call), the fast path of a tiny
   * par-map reads that function's cost there instead of looking it up; and a call that goes to
   * the pool leaves its promise there rather than returning it.
   */
  parSite(fixed: boolean): string {
    this.tasks();
    this.#parSites.push(fixed);
    return `$pm${this.#parSites.length - 1}`;
  }

  channels(): string {
    this.#usesChannels = true;
    return "$chan";
  }

  /** A hoisted, interned keyword. */
  keyword(name: string): string {
    let k = this.#keywords.get(name);
    if (k === undefined) this.#keywords.set(name, (k = `$k${this.#keywords.size}`));
    return k;
  }

  /** The function table through which `ref` is called: `$fn.step` or `$m1.$fn.step` (`$fn.twice$async`: a second colour). */
  fnRef(ref: GlobalRef, colour: Colour = "plain"): string {
    return `${this.prefix(ref.module)}$fn.${ModuleGen.colourName(mangle(ref.name), colour)}`;
  }

  /** The JS expression of a struct's class. */
  structClass(ref: GlobalRef): string {
    return `${this.prefix(ref.module)}${mangle(ref.name)}`;
  }

  /** The JS expression making a variant value of `arity` fields (nullary: the shared instance). */
  variantClass(module: string, variant: string): string {
    return `${this.prefix(module)}${mangle(variant)}`;
  }

  // ---- dictionaries -------------------------------------------------------------------------

  /** The JS expression of a dictionary; constant ones are computed once per module. */
  dict(d: DictExpr): string {
    const js = this.#dictRaw(d);
    if (!js.includes("(") || /\$d\d/.test(js)) return js;
    let name = this.#constDicts.get(js);
    if (name === undefined) this.#constDicts.set(js, (name = `$D${this.#constDicts.size}`));
    return name;
  }

  #dictRaw(d: DictExpr): string {
    const args = d.kind === "param" ? [] : d.args.map((a) => this.#dictRaw(a));
    const call = args.length > 0 ? `(${args.join(", ")})` : "";
    switch (d.kind) {
      case "builtin":
        if (!/^[A-Za-z]\w*$/.test(d.class) || !/^[A-Za-z]\w*$/.test(d.type)) return "undefined";
        if (args.length === 0) return `$rt.${d.class}${d.type}`;
        return `$rt.${d.class.charAt(0).toLowerCase()}${d.class.slice(1)}${d.type}${call}`;
      case "derived":
        return `${this.prefix(d.type.module)}${dictName({ derived: d.class, type: d.type.name })}${call}`;
      case "instance":
        return `${this.prefix(this.index.instanceModule(d.id) ?? this.path)}${dictName({ instance: d.id })}${call}`;
      case "param":
        return `$d${d.param.id}`;
    }
  }

  // ---- lambdas ------------------------------------------------------------------------------

  /**
   * Compiles a lambda into its table entry (once) and returns the factory's name. A colour other
   * than `plain` (see `Colour`) is its own entry, `lambdaCount` (async) or twice that (lambdas)
   * past the plain one, so a closure of it can cross threads like any other.
   */
  lambda(l: Lambda, colour: Colour = "plain"): string {
    const index = l.id + (colour === "async" ? 1 : colour === "lambdas" ? 2 : 0) * this.module.lambdaCount;
    const name = colour === "plain" ? `$lambda${l.id}` : `$lambda${l.id}$${colour}`;
    if (!this.#lambdas.has(index)) {
      this.#lambdas.set(index, { name, js: "" });
      const body = new Body(this, colour);
      this.#lambdas.set(index, { name, js: body.lambdaFactory(l, name, index) });
    }
    return name;
  }

  /**
   * Compiles the body of a green task (`spawn`, `timeout`, `race`) into a factory that takes the
   * captures as parameters and returns a plain arrow — no environment array, no lambda-table
   * entry, no `$id`/`$env` on the function: such a body is never a value, so it never crosses
   * to another thread. Returns the factory's name.
   */
  taskBody(l: Lambda, colour: Colour = "plain"): string {
    const name = ModuleGen.#taskName(l, colour);
    this.#compileTask(l, colour, name).used = true;
    return name;
  }

  /**
   * When a green task's body is one call of a top-level function with at most one argument, a
   * capture or a literal (`(spawn (work i))`), that call's parts: a `spawn` then passes the
   * function and its argument to `spawnCall` and no factory is emitted for it.
   */
  taskCall(l: Lambda, colour: Colour = "plain"): TaskCall | undefined {
    return this.#compileTask(l, colour, ModuleGen.#taskName(l, colour)).call;
  }

  static #taskName(l: Lambda, colour: Colour): string {
    return colour === "plain" ? `$task${l.id}` : `$task${l.id}$${colour}`;
  }

  #compileTask(l: Lambda, colour: Colour, name: string): { js: string; call: TaskCall | undefined; used: boolean } {
    let t = this.#taskBodies.get(name);
    if (t === undefined) {
      const body = new Body(this, colour);
      t = { js: body.taskFactory(l, name), call: body.taskCall, used: false };
      this.#taskBodies.set(name, t);
    }
    return t;
  }

  /**
   * A function value codegen makes itself — a built-in, constructor or class method used as a
   * value, a generic top-level function with its dictionaries applied — as a closure of a
   * synthetic lambda-table entry (past the lambdas' colours), so it can cross threads like a
   * lambda (`(par-map xs float)`). The dictionary parameters `body` uses (`$d3`) are its
   * environment; everything else it names is module-level.
   */
  crossable(params: readonly string[], body: string, isAsync: boolean): string {
    const env = [...new Set(body.match(/\$d\d+\b/g) ?? [])];
    const key = `${isAsync}|${params.join(",")}|${env.join(",")}|${body}`;
    let w = this.#wrappers.get(key);
    if (w === undefined) {
      const index = 3 * this.module.lambdaCount + this.#wrappers.size;
      const name = `$wrap${this.#wrappers.size}`;
      const js = [
        `function ${name}($env) {`,
        ...(env.length > 0 ? [`  const [${env.join(", ")}] = $env;`] : []),
        `  return $rt.closure(${isAsync ? "async " : ""}(${params.join(", ")}) => ${withFrame(isAsync, body, this.tasks.bind(this))}, ${index}, $env, $path);`,
        "}",
      ].join("\n");
      this.#wrappers.set(key, (w = { name, index, js }));
    }
    return `${w.name}([${env.join(", ")}])`;
  }

  /** The JS name of a top-level function's second colour (`secondColour`). */
  static colourName(js: string, colour: Colour): string {
    return colour === "plain" ? js : `${js}$${colour}`;
  }

  // ---- the module ---------------------------------------------------------------------------

  generate(fileName: string): JsModule {
    const parts: string[] = [];
    for (const s of this.module.structs) parts.push(this.#struct(s));
    for (const e of this.module.enums) parts.push(this.#enum(e));
    for (const s of this.module.structs) parts.push(...this.#derived(s.name, s.params, s.derives, s));
    for (const e of this.module.enums) parts.push(...this.#derived(e.name, e.params, e.derives, e));
    for (const inst of this.module.instances) parts.push(this.#instance(inst));

    const fnNames: string[] = [];
    const exports: Record<string, string> = {};
    const fnParts: string[] = [];
    for (const v of this.module.values) {
      if (v.kind !== "fn") continue;
      const js = mangle(v.name);
      fnNames.push(js);
      exports[v.name] = js;
      fnParts.push(new Body(this).topFn(v, js));
      const second = this.colourOf(v);
      if (second !== null) {
        // Polymorphic in suspension: a second colour for the calls that give it functions that
        // suspend (picked per call).
        fnNames.push(ModuleGen.colourName(js, second));
        fnParts.push(new Body(this, second).topFn(v, ModuleGen.colourName(js, second)));
      }
    }
    const defParts: string[] = [];
    const shipped: string[] = [];
    let hasDefs = false;
    const defs = this.module.values.filter((v): v is TopDef => v.kind !== "fn");
    for (const v of initOrder(this.index, this.module.path, defs)) {
      const js = mangle(v.name);
      exports[v.name] = js;
      const reach = defReach(this.index, v);
      if (reach === "shipped") shipped.push(v.name);
      if (reach !== "everywhere") hasDefs = true;
      defParts.push(this.#def(v, js, reach));
    }
    if (shipped.length > 0) {
      // A def the main thread had not evaluated when a worker loaded this module (its initialiser
      // started that worker's first job) arrives with a later job.
      const cases = shipped.map((n) => `    case ${jsString(n)}: ${mangle(n)} = v; return;`);
      defParts.push(`$defs.late((name, v) => {\n  switch (name) {\n${cases.join("\n")}\n  }\n});`);
    }
    if (hasDefs) defParts.push("$defs.done();");

    const head: string[] = [];
    const spec = (pkg: string) => jsString(this.options.runtimeSpecifier?.(pkg) ?? pkg);
    head.push(`import * as $rt from ${spec("@weft/runtime-core")};`);
    head.push(`import * as $gc from ${spec("@weft/gc")};`);
    if (this.#usesAtoms) head.push(`import * as $atoms from ${spec("@weft/runtime-atoms")};`);
    if (this.#usesTasks) head.push(`import { compiled as $tasks } from ${spec("@weft/runtime-tasks")};`);
    if (this.#usesChannels) {
      head.push(`import * as $chan from ${spec("@weft/runtime-channels")};`);
    }
    // Scratch for an immediate answer (a channel operation's, a par-map's): each use reads it
    // right after assigning it, before anything else runs, so concurrent tasks can share it.
    if (this.#usesScratch) head.push("let $c;");
    for (const imp of this.module.imports) if (this.index.modules.has(imp.path)) this.prefix(imp.path);
    for (const p of [...this.#imports].sort()) {
      const info = this.index.modules.get(p)!;
      head.push(`import * as $m${info.index} from ${jsString(`./${info.fileName}`)};`);
    }
    head.push(`const $path = ${jsString(this.module.path)};`);
    // Before any def's initialiser runs: one may call par-map.
    this.#parSites.forEach((fixed, i) => head.push(`const $pm${i} = $tasks.parSite(${fixed});`));
    const keywords = [...this.#keywords].map(([name, js]) => `const ${js} = $rt.kw(${jsString(name)});`);
    const consts = [...this.#constDicts].map(([js, name]) => `const ${name} = ${js};`);
    const entries = new Map<number, string>([...this.#lambdas].map(([i, l]) => [i, l.name]));
    for (const w of this.#wrappers.values()) entries.set(w.index, w.name);
    const lambdaTable = [];
    for (let i = 0; i < Math.max(this.module.lambdaCount, ...[...entries.keys()].map((k) => k + 1)); i++)
      lambdaTable.push(entries.get(i) ?? "null");

    const exported = [...fnNames];
    const text = [
      `// Generated by @weft/codegen from ${jsString(this.module.path)}. Do not edit.`,
      ...head,
      "",
      ...keywords,
      ...parts,
      ...consts,
      "",
      ...fnParts,
      "/** The function table: every call of a top-level function goes through it (live reload replaces entries). */",
      `export const $fn = { ${fnNames.join(", ")} };`,
      "",
      ...[...this.#lambdas.values()].map((l) => l.js),
      ...[...this.#wrappers.values()].map((w) => w.js),
      ...[...this.#taskBodies.values()].flatMap((t) => (t.used ? [t.js] : [])),
      "/** The lambda table: `$lambdas[id]($env)` rebuilds closure `id` from its environment. */",
      `export const $lambdas = [${lambdaTable.join(", ")}];`,
      "",
      ...this.#registration(hasDefs),
      "",
      ...defParts,
      exported.length > 0 ? `export { ${exported.join(", ")} };` : "",
      "",
    ].join("\n");
    const { js, map } = this.markers.finish(text, fileName, this.module.path, this.options.sources?.get(this.module.path));
    return { path: this.module.path, fileName, js, map, exports };
  }

  /** Registers this module's types, lambda table and function table with the codec (`@weft/gc`). */
  #registration(hasDefs: boolean): string[] {
    const out = ["// What the codec needs to send this module's values to another thread and rebuild them there.", "$rt.registerCodec($gc.registry, $gc.S);"];
    if (hasDefs)
      out.push(
        "// Top-level values are evaluated once, on the main thread; a worker thread gets the main thread's values.",
        // Opened before the URL is registered: a live reload reaches workers once this version's defs are evaluated.
        "const $defs = $gc.topLevel.open($path, import.meta.url);",
      );
    for (const st of this.module.structs) {
      const fields = st.fields.map((f) => `[${jsString(mangle(f.name))}, ${this.#schema(f.type, st.params)}]`);
      out.push(`$gc.registry.registerType(${jsString(`${st.module}:${st.name}`)}, ${mangle(st.name)}, { fields: [${fields.join(", ")}] });`);
    }
    for (const en of this.module.enums) {
      const ctors = en.variants.map((v) => mangle(v.name));
      const variants = en.variants.map((v) => `[${v.fields.map((f) => this.#schema(f, en.params)).join(", ")}]`);
      out.push(`$gc.registry.registerType(${jsString(`${en.module}:${en.name}`)}, [${ctors.join(", ")}], { variants: [${variants.join(", ")}] });`);
    }
    out.push(
      "$gc.registry.registerLambdas($path, $lambdas);",
      "$gc.registry.registerFunctions($path, $fn);",
      "// A worker thread imports this same module to run a closure of it.",
      "$gc.registry.registerModuleUrl?.($path, import.meta.url);",
    );
    if (this.#dictExports.length > 0) out.push(`$rt.registerDicts($path, { ${this.#dictExports.join(", ")} });`);
    return out;
  }

  /**
   * The codec schema of a channel's element type when it is a struct (runtime-channels keeps a
   * plain-data struct's fields inline in a shared ring's slots), else `undefined`: other element
   * types travel the same way with or without it.
   */
  elementSchema(t: Type): string | undefined {
    const v = view(t);
    if (v.kind !== "con" || v.name !== "Channel" || v.args[0] === undefined) return undefined;
    const elem = view(v.args[0]);
    if (elem.kind !== "con" || this.index.findType(elem.name, elem.module, this.path)?.struct === undefined) return undefined;
    return this.#schema(elem, []);
  }

  /** The codec schema of a field type; type parameters by their index in `params`. */
  #schema(t: Type, params: readonly string[]): string {
    const v = view(t);
    if (v.kind === "fn") return "$gc.S.fn";
    if (v.kind === "var" || (v.kind === "con" && v.args.length === 0 && params.includes(v.name))) {
      const i = params.indexOf(v.name);
      return i >= 0 ? `$gc.S.param(${i})` : "$gc.S.any";
    }
    if (v.kind !== "con") return "$gc.S.any";
    const args = v.args.map((a) => this.#schema(a, params));
    const prim: Record<string, string> = { Int: "int", Float: "float", Bool: "bool", String: "string", Keyword: "keyword", Unit: "unit", Error: "error" };
    const p = prim[v.name];
    if (p !== undefined) return `$gc.S.${p}`;
    switch (v.name) {
      case "Vec":
      case "MutVec":
        return `$gc.S.vec(${args[0] ?? "$gc.S.any"})`;
      case "Map":
        return `$gc.S.map(${args[0] ?? "$gc.S.any"}, ${args[1] ?? "$gc.S.any"})`;
      case "Option":
        return `$gc.S.option(${args[0] ?? "$gc.S.any"})`;
      case "Result":
        return `$gc.S.result(${args[0] ?? "$gc.S.any"}, ${args[1] ?? "$gc.S.any"})`;
      case "Atom":
      case "Channel":
        return "$gc.S.handle";
      case "Entry":
        return `$gc.S.type("Entry", ${args[0] ?? "$gc.S.any"}, ${args[1] ?? "$gc.S.any"})`;
    }
    const found = this.index.findType(v.name, v.module, this.path);
    if (!found) return "$gc.S.any";
    return `$gc.S.type(${[jsString(`${found.module}:${v.name}`), ...args].join(", ")})`;
  }

  #struct(s: StructDecl): string {
    const name = mangle(s.name);
    const fields = s.fields.map((f) => mangle(f.name));
    return [
      `export class ${name} {`,
      `  constructor(${fields.join(", ")}) {`,
      ...fields.map((f) => `    this.${f} = ${f};`),
      "  }",
      `  static $type = ${jsString(`${s.module}:${s.name}`)};`,
      "}",
    ].join("\n");
  }

  #enum(e: EnumDecl): string {
    const out: string[] = [];
    for (const v of e.variants) {
      const fields = v.fields.map((_, i) => `_${i}`);
      const cls = v.fields.length === 0 ? `${mangle(v.name)}$class` : mangle(v.name);
      out.push(
        `export class ${cls} {`,
        `  constructor(${fields.join(", ")}) {`,
        `    this.$tag = ${v.tag};`,
        ...fields.map((f) => `    this.${f} = ${f};`),
        "  }",
        `  static $type = ${jsString(`${e.module}:${e.name}`)};`,
        `  static $tag = ${v.tag};`,
        "}",
      );
      if (v.fields.length === 0) out.push(`export const ${mangle(v.name)} = new ${cls}();`);
    }
    return out.join("\n");
  }

  /**
   * The dictionary of `cls` for a field of type `t` inside a derived instance: the program's
   * own instance when it wrote one (which replaces the derived one), else the derived one.
   */
  #fieldDict(cls: string, t: Type, params: readonly string[], self: { name: string; params: readonly string[] }): string {
    const v = view(t);
    if (v.kind === "var" || (v.kind === "con" && v.args.length === 0 && params.includes(v.name))) {
      return `$p_${mangle(v.name)}`;
    }
    if (v.kind === "fn" || v.kind === "unknown") return `$rt.${cls}Fn`;
    if (v.kind !== "con") return `$rt.${cls}Fn`;
    const args = v.args.map((a) => this.#fieldDict(cls, a, params, self));
    if (PRIMITIVE_DICT_TYPES.has(v.name)) return `$rt.${cls}${v.name}`;
    if (["Vec", "Map", "Option", "Result", "MutVec", "Entry"].includes(v.name))
      return `$rt.${cls.toLowerCase()}${v.name}(${args.join(", ")})`;
    const found = this.index.findType(v.name, v.module, this.path);
    if (!found) return `$rt.${cls}Fn`;
    if (found.module === this.path && v.name === self.name && args.join(",") === self.params.map((p) => `$p_${mangle(p)}`).join(","))
      return "self";
    const inst = this.index.instanceFor(cls, found.module, v.name);
    if (inst) {
      const head = view(inst.type);
      const headArgs = head.kind === "con" ? head.args.map((a) => view(a)) : [];
      const context = inst.context.map((p) => {
        const i = headArgs.findIndex((a) => a.kind === "var" && a.name === p.typeVar);
        return i >= 0 && v.args[i] !== undefined ? this.#fieldDict(p.class, v.args[i]!, params, self) : `$rt.${p.class}Fn`;
      });
      const ref = `${this.prefix(this.index.instanceModule(inst.id) ?? found.module)}${dictName({ instance: inst.id })}`;
      return context.length > 0 ? `${ref}(${context.join(", ")})` : ref;
    }
    const base = `${this.prefix(found.module)}${dictName({ derived: cls, type: v.name })}`;
    return args.length > 0 ? `${base}(${args.join(", ")})` : base;
  }

  #derived(name: string, params: readonly string[], derives: readonly string[], decl: StructDecl | EnumDecl): string[] {
    const out: string[] = [];
    const self = { name, params };
    const dictParams = params.map((p) => `$p_${mangle(p)}`);
    for (const cls of derives) {
      if (cls !== "Show" && cls !== "Eq") continue;
      const method = cls === "Show" ? this.#showMethod(decl, params, self) : this.#eqMethod(decl, params, self);
      const js = dictName({ derived: cls, type: name });
      this.#dictExports.push(js);
      const obj = `$rt.named({ ${cls === "Show" ? "show" : "eq"}: ${method} }, $path, ${jsString(js)}${params.length > 0 ? `, [${dictParams.join(", ")}]` : ""})`;
      if (params.length === 0) out.push(`export const ${js} = ${obj};`.replace(/\bself\b/g, js));
      else out.push(`export function ${js}(${dictParams.join(", ")}) {\n  const self = ${obj};\n  return self;\n}`);
    }
    return out;
  }

  #showMethod(decl: StructDecl | EnumDecl, params: readonly string[], self: { name: string; params: readonly string[] }): string {
    const inline: Record<string, (x: string) => string> = {
      "$rt.ShowInt": (x) => `String(${x})`,
      "$rt.ShowFloat": (x) => `$rt.showFloat(${x})`,
      "$rt.ShowString": (x) => `$rt.quote(${x})`,
      "$rt.ShowBool": (x) => `String(${x})`,
    };
    const shown = (t: Type, access: string) => {
      const d = this.#fieldDict("Show", t, params, self);
      return inline[d]?.(access) ?? `${d}.show(${access})`;
    };
    if ("fields" in decl) {
      const parts = decl.fields.map((f) => shown(f.type, `v.${mangle(f.name)}`));
      if (parts.length === 0) return `() => ${jsString(`(${decl.name})`)}`;
      return `(v) => ${jsString(`(${decl.name} `)} + ${parts.join(' + " " + ')} + ")"`;
    }
    const cases = decl.variants.map((v) => {
      if (v.fields.length === 0) return `      case ${v.tag}: return ${jsString(v.name)};`;
      const parts = v.fields.map((t, i) => shown(t, `v._${i}`));
      return `      case ${v.tag}: return ${jsString(`(${v.name} `)} + ${parts.join(' + " " + ')} + ")";`;
    });
    return `(v) => {\n    switch (v.$tag) {\n${cases.join("\n")}\n    }\n    return "?";\n  }`;
  }

  #eqMethod(decl: StructDecl | EnumDecl, params: readonly string[], self: { name: string; params: readonly string[] }): string {
    const eq = (t: Type, a: string, b: string) => {
      const v = view(t);
      if (v.kind === "con" && v.args.length === 0 && PRIMITIVE_DICT_TYPES.has(v.name) && v.name !== "Unit") return `${a} === ${b}`;
      return `${this.#fieldDict("Eq", t, params, self)}.eq(${a}, ${b})`;
    };
    if ("fields" in decl) {
      const parts = decl.fields.map((f) => eq(f.type, `a.${mangle(f.name)}`, `b.${mangle(f.name)}`));
      return `(a, b) => ${parts.length > 0 ? parts.join(" && ") : "true"}`;
    }
    const cases = decl.variants.map((v) => {
      const parts = v.fields.map((t, i) => eq(t, `a._${i}`, `b._${i}`));
      return `      case ${v.tag}: return ${parts.length > 0 ? parts.join(" && ") : "true"};`;
    });
    return `(a, b) => {\n    if (a.$tag !== b.$tag) return false;\n    switch (a.$tag) {\n${cases.join("\n")}\n    }\n    return false;\n  }`;
  }

  #instance(inst: InstanceDecl): string {
    const name = dictName({ instance: inst.id });
    const methods = inst.methods.map((m) => {
      const factory = this.lambda(m.fn);
      const env = [...m.fn.captures.map(() => "undefined"), ...m.fn.capturedDicts.map((d) => `$d${d.id}`)];
      return `${jsString(methodName(inst.class, m.name))}: ${factory}([${env.join(", ")}])`;
    });
    this.#dictExports.push(name);
    const context = inst.context.map((d) => `$d${d.id}`);
    const obj = `$rt.named({ ${methods.join(", ")} }, $path, ${jsString(name)}${context.length > 0 ? `, [${context.join(", ")}]` : ""})`;
    if (inst.context.length === 0) return `export const ${name} = ${obj};`;
    return `export function ${name}(${context.join(", ")}) {\n  return ${obj};\n}`;
  }

  /**
   * `export let x = ...;` computed through `$defs` (`TopLevelValues.ts`): on the main thread only,
   * the value reaching workers from there; a literal is computed on every thread.
   */
  #def(v: TopDef, js: string, reach: DefReach): string {
    const body = new Body(this);
    if (reach === "everywhere") return body.topLevelDef(v.value, js);
    let init = body.initialiser(v.value);
    const isAsync = init.startsWith("async ");
    // A defonce survives live reload (runtime-core keeps it); a value that suspends to compute is
    // kept as its promise, so every load awaits the same one.
    if (v.kind === "defonce") init = `() => $rt.defonce(${jsString(`${this.path}#${v.name}`)}, ${init})`;
    // Marked at the def, so an error raised while evaluating it says it was called from there
    // (unmarked, the module's top level maps to whatever was marked last: some function's body).
    const call = reach === "main" ? `$defs.local(${init})` : `$defs.shared(${jsString(v.name)}, ${init})`;
    return `export ${reach === "shipped" ? "let" : "const"} ${js} = ${isAsync ? "await " : ""}${this.markers.mark(v.span)}${call};`;
  }

  /** The second colour `fn` is compiled in (`Colour`), if any. */
  colourOf(fn: TopFn): Colour | null {
    return secondColour(fn, this.#lookup);
  }

  readonly #lookup = (ref: GlobalRef): TopFn | undefined => this.index.fn(ref.module, ref.name);

  /** The colour of lambda `l` built inside a body of colour `outer`. */
  lambdaColourIn(l: Lambda, outer: Colour): Colour {
    return lambdaColour(l, outer, this.#lookup);
  }

  topFnOf(ref: GlobalRef): TopFn | undefined {
    return this.index.fn(ref.module, ref.name);
  }

  isDef(ref: GlobalRef): boolean {
    return this.index.modules.get(ref.module)?.defs.has(ref.name) ?? false;
  }

  structDecl(ref: GlobalRef): StructDecl | undefined {
    return this.index.modules.get(ref.module)?.structs.get(ref.name);
  }
}

/** An arrow body that awaits keeps its task frame on entry (see `Body.awaited`). */
function withFrame(isAsync: boolean, body: string, tasks: () => string): string {
  return isAsync && /\$task\b/.test(body) ? `{ const $task = ${tasks()}.current(); return ${body}; }` : body;
}
