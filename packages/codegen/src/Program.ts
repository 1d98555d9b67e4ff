import type {
  EnumDecl,
  InstanceDecl,
  Module,
  Program,
  StructDecl,
  TopDef,
  TopFn,
} from "@weft/typeck-shareable";
import { fileStem } from "./Mangle.js";
import { view } from "./Types.js";

/** What codegen knows about one module of the program, for references from any other. */
export interface ModuleInfo {
  readonly module: Module;
  readonly index: number;
  readonly fileName: string;
  readonly fns: ReadonlyMap<string, TopFn>;
  readonly defs: ReadonlyMap<string, TopDef>;
  readonly structs: ReadonlyMap<string, StructDecl>;
  readonly enums: ReadonlyMap<string, EnumDecl>;
}

/** The whole program, indexed: modules by path, instances by id, types by name. */
export class ProgramIndex {
  readonly modules: ReadonlyMap<string, ModuleInfo>;
  readonly #instanceModule = new Map<string, string>();
  readonly #instances = new Map<string, InstanceDecl>();
  /** User instances by `class|module|type name` of their head. */
  readonly #instanceByHead = new Map<string, InstanceDecl>();

  constructor(readonly program: Program) {
    const modules = new Map<string, ModuleInfo>();
    const taken = new Set<string>();
    program.modules.forEach((m, index) => {
      let stem = fileStem(m.path);
      for (let n = 2; taken.has(stem); n++) stem = `${fileStem(m.path)}_${n}`;
      taken.add(stem);
      const fns = new Map<string, TopFn>();
      const defs = new Map<string, TopDef>();
      for (const v of m.values) {
        if (v.kind === "fn") fns.set(v.name, v);
        else defs.set(v.name, v);
      }
      modules.set(m.path, {
        module: m,
        index,
        fileName: `${stem}.js`,
        fns,
        defs,
        structs: new Map(m.structs.map((s) => [s.name, s])),
        enums: new Map(m.enums.map((e) => [e.name, e])),
      });
      for (const inst of m.instances) {
        this.#instanceModule.set(inst.id, m.path);
        this.#instances.set(inst.id, inst);
        const head = view(inst.type);
        if (head.kind === "con") this.#instanceByHead.set(`${inst.class}|${head.module ?? ""}|${head.name}`, inst);
      }
    });
    this.modules = modules;
  }

  /** The module that defines instance `id`. */
  instanceModule(id: string): string | undefined {
    return this.#instanceModule.get(id);
  }

  /** The program's own instance of `cls` for the type `name` of `module`, if it wrote one. */
  instanceFor(cls: string, module: string | undefined, name: string): InstanceDecl | undefined {
    return this.#instanceByHead.get(`${cls}|${module ?? ""}|${name}`);
  }

  /** The struct or enum named `name`: in `module` when given, else in `from`, else anywhere. */
  findType(name: string, module: string | undefined, from: string): { module: string; struct?: StructDecl; enum?: EnumDecl } | undefined {
    const order = [module, from, ...this.modules.keys()].filter((p): p is string => p !== undefined);
    for (const p of order) {
      const info = this.modules.get(p);
      if (!info) continue;
      const s = info.structs.get(name);
      if (s) return { module: p, struct: s };
      const e = info.enums.get(name);
      if (e) return { module: p, enum: e };
    }
    return undefined;
  }

  fn(module: string, name: string): TopFn | undefined {
    return this.modules.get(module)?.fns.get(name);
  }
}
