import type { Form, Span } from "@weft/reader";
import { inferParams } from "./InferBindings.js";
import type {
  ClassDecl,
  DictExpr,
  DictParam,
  EnumDecl,
  Expr,
  Import,
  InstanceDecl,
  Lambda,
  Module,
  StructDecl,
  TopValue,
} from "../IR.js";
import type { Type } from "../Type.js";
import { BUILTIN_CLASSES, BUILTIN_INSTANCES, NO_DICTIONARY, type Scheme } from "./Builtins.js";
import { stdlibTypes } from "./Stdlib.js";
import { derivable, DUMMY_DICT, mapKeysIn, resolveDict, typeKey, type ClassEnv } from "./Classes.js";
import type {
  ClassInfo,
  CtorInfo,
  Exports,
  Given,
  Global,
  InstanceInfo,
  MBinding,
  TypeInfo,
  ValueState,
} from "./Env.js";
import { Scope } from "./Env.js";
import { closest, type Reporter } from "./Errors.js";
import { Infer, newGroup, parseType, type Group, type Req, type ModuleEnv, type UsedDef } from "./Infer.js";
import { isNamed, isSym } from "./Forms.js";
import {
  find,
  freshFlag,
  isSet,
  quantifiable,
  recordFlags,
  setFlag,
  stopRecordingFlags,
  type Flag,
} from "./Flag.js";
import { bindingCause, lateShareCheck, shareCheck, solveShareable } from "./passes/Shareable.js";
import { escapePass } from "./passes/Escape.js";
import { sideEffectsPass } from "./passes/SideEffects.js";
import type { ModuleIr, Summaries, SummarisedFn } from "./passes/Summaries.js";
import { lastingNoSuspension, maySuspendFlags, reportHiddenSuspension, solveSuspension, suspensionResult } from "./passes/Suspension.js";
import { taskScopePass } from "./passes/TaskScope.js";
import {
  con,
  describe,
  flagsOf,
  containsError,
  fn,
  freeVars,
  freshVar,
  GENERIC,
  prune,
  show,
  substitute,
  tError,
  tInt,
  toType,
  tUnit,
  VarNames,
  zonk,
  type TCon,
  type TVar,
  type Ty,
  tyOf,
} from "./Ty.js";
import { unify } from "./Unify.js";
type List = Extract<Form, { kind: "list" }>;
type Sym = Extract<Form, { kind: "symbol" }>;

/** State shared by every module of one program. */
export interface ProgramState {
  readonly rep: Reporter;
  readonly instances: Map<string, InstanceInfo>;
  readonly typesByKey: Map<string, TypeInfo>;
  /** Exports of modules already checked, by path; `null` for a file the driver could not read. */
  readonly exports: Map<string, Exports | null>;
  instanceCount: number;
  /** What the passes after inference know of each function of the modules checked so far. */
  readonly summaries: Summaries;
}

interface ValueDecl {
  readonly name: string;
  readonly kind: "fn" | "def" | "defonce";
  readonly form: List;
  readonly nameSpan: Span;
  readonly global: Extract<Global, { kind: "value" }>;
  sig?: { scheme: Scheme; form: List; constraints: { cls: string; ty: Ty }[]; varNames: Map<number, string> };
  ir?: TopValue;
  names?: VarNames;
}

const BUILTIN_VARIANTS: { name: string; type: "Option" | "Result"; tag: number; arity: number }[] = [
  { name: "None", type: "Option", tag: 0, arity: 0 },
  { name: "Some", type: "Option", tag: 1, arity: 1 },
  { name: "Ok", type: "Result", tag: 0, arity: 1 },
  { name: "Err", type: "Result", tag: 1, arity: 1 },
];

function builtinCtors(): Map<string, CtorInfo> {
  const m = new Map<string, CtorInfo>();
  for (const v of BUILTIN_VARIANTS) {
    const a = freshVar(GENERIC);
    const e = freshVar(GENERIC);
    const result = v.type === "Option" ? con("Option", [a]) : con("Result", [a, e]);
    const fields = v.arity === 0 ? [] : v.name === "Err" ? [e] : [a];
    m.set(v.name, {
      name: v.name,
      ref: { kind: "builtin-variant", type: v.type, variant: v.name as "None", tag: v.tag, arity: v.arity },
      type: null,
      paramVars: v.type === "Option" ? [a] : [a, e],
      fields,
      fieldSpans: fields.map(() => null),
      result,
    });
  }
  return m;
}

/** The names of a `defn`'s parameters as written (`x`, `(x Float)`), for messages. */
function paramNames(list: Form | undefined): { name: string; span: Span }[] | undefined {
  if (list?.kind !== "list") return undefined;
  const out: { name: string; span: Span }[] = [];
  for (const p of list.items) {
    const sym = p.kind === "symbol" ? p : p.kind === "list" ? p.items.find((x) => x.kind === "symbol" && x.name !== "mut") : undefined;
    if (sym?.kind !== "symbol") return undefined;
    out.push({ name: sym.name, span: p.span });
  }
  return out;
}

/** Checks one module, given the exports of the modules it imports. */
export class ModuleChecker implements ModuleEnv {
  readonly values = new Map<string, Global>();
  readonly types = stdlibTypes();
  readonly ctors = builtinCtors();
  readonly classes = new Map<string, ClassInfo>();
  readonly #own = { values: new Map<string, Global>(), types: new Map<string, TypeInfo>(), ctors: new Map<string, CtorInfo>(), classes: new Map<string, ClassInfo>() };
  readonly #defined = new Map<string, Span>();
  readonly #ctorDefined = new Map<string, Span>();
  #bindings = 0;
  #lambdas = 0;
  #loops = 0;
  #dictParams = 0;
  readonly imports: Import[] = [];
  readonly structs: StructDecl[] = [];
  readonly enums: EnumDecl[] = [];
  readonly classDecls: ClassDecl[] = [];
  readonly instanceDecls: InstanceDecl[] = [];
  readonly lateCrossings: Req[] = [];
  readonly methodUses = new Map<string, string[]>();
  /** Constraints on a `def`'s variables that later definitions (instance methods last) may still fix. */
  readonly #latePending: Group["pending"][number][] = [];
  readonly #lateFixups: (() => void)[] = [];
  readonly #decls: ValueDecl[] = [];
  /** The module's functions and instance methods, and every body, in the order they were inferred: what the passes walk. */
  readonly #summarised: SummarisedFn[] = [];
  readonly #bodies: ModuleIr["bodies"][number][] = [];
  readonly #instanceForms: { form: List; info: InstanceInfo | null; cls: string; head: Ty }[] = [];
  readonly infer: Infer;

  constructor(readonly path: string, readonly forms: readonly Form[], readonly state: ProgramState) {
    this.infer = new Infer(this);
  }

  get rep(): Reporter {
    return this.state.rep;
  }
  nextBinding(): number {
    return this.#bindings++;
  }
  nextLambda(): number {
    return this.#lambdas++;
  }
  nextLoop(): number {
    return this.#loops++;
  }
  newDictParam(cls: string, typeVar: string): DictParam {
    // A class without dictionaries takes no number: codegen never names its parameter.
    if (NO_DICTIONARY.has(cls)) return { id: -1, class: cls, typeVar };
    return { id: this.#dictParams++, class: cls, typeVar };
  }

  run(): { module: Module; exports: Exports } {
    this.collect();
    this.resolveTypes();
    this.collectInstances();
    this.#annotatedKeys();
    this.computeDerives();
    this.readSigs();
    for (const group of this.sccs()) this.inferGroup(group);
    this.checkInstances();
    this.#solveLate();
    lateShareCheck(this);
    this.#passes();
    const module: Module = {
      path: this.path,
      imports: this.imports,
      structs: this.structs,
      enums: this.enums,
      classes: this.classDecls,
      instances: this.instanceDecls,
      values: this.#decls.map((d) => d.ir).filter((x): x is TopValue => x !== undefined),
      lambdaCount: this.#lambdas,
    };
    return { module, exports: this.#own };
  }

  // ------------------------------------------------------------------ declarations

  /**
   * A `(Map K v)` written in a struct or enum field with a `K` that is no key (§4) is E0108 at
   * the field: no such map can be made, so the declaration is a mistake. A variable key is left
   * to the maps given to the field, each checked where it is made.
   */
  #annotatedKeys(): void {
    for (const info of this.state.typesByKey.values()) {
      if (info.module !== this.path) continue;
      const fields = info.kind === "struct" ? info.fields : info.variants.flatMap((v) => v.fields.map((ty) => ({ ty, span: v.span })));
      for (const f of fields) this.annotatedKey(f.ty, f.span);
    }
  }

  /** E0108 at `span` when a map in the written type `ty` has keys of a type that is no key. */
  annotatedKey(ty: Ty, span: Span): void {
    for (const k of mapKeysIn(ty, this.state.typesByKey)) {
      if (freeVars(k).length > 0 || containsError(k)) continue;
      const env: ClassEnv = { instances: this.state.instances, types: this.state.typesByKey, givens: [], paramFor: (cls) => this.newDictParam(cls, "a") };
      const d = resolveDict(env, "MapKey", k);
      if (!("kind" in d)) this.noInstance(d.cls, d.ty, "MapKey", k, span, "this type");
    }
  }

  #define(name: string, span: Span, what: string, ns: Map<string, Span> = this.#defined): boolean {
    const prev = ns.get(name);
    if (prev) {
      this.rep.report("E0106", `\`${name}\` is defined twice in this module`, span, {
        label: `second definition of the ${what}`,
        notes: [{ span: prev, message: "first defined here" }],
        help: "rename one of them, or remove the duplicate",
      });
      return false;
    }
    ns.set(name, span);
    return true;
  }

  collect(): void {
    for (const f of this.forms) {
      if (f.kind !== "list" || !isSym(f.items[0])) {
        this.rep.report("E0107", "expected a top-level form such as (defn ...), (def ...) or (defstruct ...)", f.span);
        continue;
      }
      const head = f.items[0].name;
      switch (head) {
        case "import":
          this.import(f);
          break;
        case "defstruct":
        case "defenum":
          this.declareType(f, head === "defstruct" ? "struct" : "enum");
          break;
        case "defclass":
          this.declareClass(f);
          break;
        case "defn":
        case "def":
        case "defonce": {
          const n = f.items[1];
          if (!isSym(n) || /^[A-Z]/.test(n.name)) {
            this.rep.report("E0107", `\`${head}\` needs a lowercase name: (${head} name ...)`, f.span);
            break;
          }
          if (head === "defn" && (f.items.length < 3 || f.items[2]!.kind !== "list")) {
            this.rep.report("E0107", "`defn` is (defn name (params...) body...)", f.span);
            break;
          }
          if (head !== "defn" && f.items.length !== 3) {
            this.rep.report("E0107", `\`${head}\` is (${head} name value)`, f.span);
            break;
          }
          if (!this.#define(n.name, n.span, head === "defn" ? "function" : "value")) break;
          const global: Extract<Global, { kind: "value" }> = { kind: "value", ref: { module: this.path, name: n.name }, isFn: head === "defn", span: n.span, state: {}, ...(head === "defn" ? { params: paramNames(f.items[2]) } : {}) };
          this.values.set(n.name, global);
          this.#own.values.set(n.name, global);
          this.#decls.push({ name: n.name, kind: head === "defn" ? "fn" : head, form: f, nameSpan: n.span, global });
          break;
        }
        case "sig":
        case "instance":
          break;
        default:
          this.rep.report("E0107", `\`${head}\` is not a top-level form`, f.span, { help: "top-level forms are defn, def, defonce, sig, defstruct, defenum, defclass, instance and import" });
      }
    }
  }

  import(f: List): void {
    const [, p, ...names] = f.items;
    if (!p || p.kind !== "string" || !names.every((n) => isSym(n))) {
      this.rep.report("E0107", "`import` is (import \"./file.weft\" name...)", f.span);
      return;
    }
    const path = joinPath(this.path, p.value);
    this.imports.push({ path, names: names.map((n) => (n as Sym).name), span: f.span });
    const ex = this.state.exports.get(path);
    for (const n of names as Sym[]) {
      if (ex === null || ex === undefined) {
        // The driver reported the unreadable file (or the cycle was reported): no cascade.
        const g: Global = { kind: "value", ref: { module: path, name: n.name }, isFn: false, span: n.span, state: { scheme: { vars: [], constraints: [], ty: tError() } } };
        this.values.set(n.name, g);
        continue;
      }
      let found = false;
      const v = ex.values.get(n.name);
      if (v && this.#define(n.name, n.span, "import")) {
        this.values.set(n.name, v);
        found = true;
      }
      const t = ex.types.get(n.name);
      if (t) {
        found = true;
        this.types.set(n.name, t);
        for (const [cn, c] of ex.ctors) if (c.type === t) this.ctors.set(cn, c);
      }
      const c = ex.ctors.get(n.name);
      if (c && !t) {
        found = true;
        this.ctors.set(n.name, c);
      }
      const cl = ex.classes.get(n.name);
      if (cl) {
        found = true;
        this.classes.set(n.name, cl);
        for (const [mn, g] of ex.values) if (g.kind === "method" && g.cls === cl) this.values.set(mn, g);
      }
      if (!found && !v) {
        const near = closest(n.name, [...ex.values.keys(), ...ex.types.keys(), ...ex.ctors.keys()]);
        this.rep.report("E0100", `\`${p.value}\` does not define \`${n.name}\``, n.span, { label: "not exported there", ...(near ? { help: `did you mean \`${near}\`?` } : {}) });
      }
    }
  }

  declareType(f: List, kind: "struct" | "enum"): void {
    const h = f.items[1];
    let name: Sym | undefined;
    let params: Sym[] = [];
    if (isSym(h)) name = h;
    else if (h && h.kind === "list" && isSym(h.items[0]) && h.items.slice(1).every((x) => isSym(x))) {
      name = h.items[0];
      params = h.items.slice(1) as Sym[];
    }
    if (!name || !/^[A-Z]/.test(name.name)) {
      this.rep.report("E0107", `\`def${kind}\` needs a capitalised name: (def${kind} Name ...) or (def${kind} (Name a) ...)`, f.span);
      return;
    }
    if (!this.#define(name.name, name.span, "type", this.#typesDefined)) return;
    const info: TypeInfo = {
      name: name.name,
      module: this.path,
      kind,
      params: params.map((p) => p.name),
      paramVars: params.map(() => freshVar(GENERIC)),
      fields: [],
      variants: [],
      span: f.span,
      userInstances: new Set(),
      decl: null,
      derives: null,
    };
    this.types.set(name.name, info);
    this.#own.types.set(name.name, info);
    this.state.typesByKey.set(`${this.path}::${name.name}`, info);
    this.#typeForms.push({ info, form: f });
  }
  readonly #typesDefined = new Map<string, Span>();

  /**
   * A function type that outlives one definition (a struct or enum field, a `def` value) is one
   * flag shared by every later use, so it is fixed now: it never suspends unless declared
   * `:suspends`. Storing a function that can suspend there is E0322, reported where it is
   * stored with a note at the annotation (LANGUAGE.md §2).
   */
  #lasting(ty: Ty, declared: Span, what: string, already = false, mayDeclared: ReadonlySet<Flag> = new Set()): Ty {
    lastingNoSuspension(this.rep, ty, declared, what, already, mayDeclared);
    return ty;
  }
  readonly #typeForms: { info: TypeInfo; form: List }[] = [];

  declareClass(f: List): void {
    const h = f.items[1];
    if (!h || h.kind !== "list" || h.items.length !== 2 || !isSym(h.items[0]) || !isSym(h.items[1])) {
      this.rep.report("E0107", "`defclass` is (defclass (Name a) (method Type)...)", f.span);
      return;
    }
    const name = h.items[0].name;
    if (BUILTIN_CLASSES.has(name) || !this.#define(name, h.items[0].span, "class", this.#typesDefined)) {
      if (BUILTIN_CLASSES.has(name)) this.rep.report("E0106", `the class \`${name}\` is built in`, h.items[0].span);
      return;
    }
    const variable = freshVar(GENERIC);
    const info: ClassInfo = { name, module: this.path, variable, methods: new Map(), span: f.span };
    this.classes.set(name, info);
    this.#own.classes.set(name, info);
    this.#classForms.push({ info, form: f, varName: h.items[1].name });
  }
  readonly #classForms: { info: ClassInfo; form: List; varName: string }[] = [];

  resolveTypes(): void {
    for (const { info, form } of this.#typeForms) {
      const vars = new Map(info.params.map((p, i) => [p, info.paramVars[i]! as Ty]));
      const tv = (name: string, span: Span): Ty => {
        const v = vars.get(name);
        if (v) return v;
        this.rep.report("E0104", `unknown type variable \`${name}\`: it is not a parameter of \`${info.name}\``, span, { help: `declare it: (${info.kind === "struct" ? "defstruct" : "defenum"} (${info.name} ${[...info.params, name].join(" ")}) ...)` });
        return tError();
      };
      const self = con(info.name, [...info.paramVars], this.path);
      const ctorName = (n: string, span: Span) => {
        if (!this.#define(n, span, "constructor", this.#ctorDefined)) return false;
        return true;
      };
      if (info.kind === "struct") {
        const seen = new Set<string>();
        for (const fl of form.items.slice(2)) {
          if (fl.kind !== "list" || fl.items.length !== 2 || !isSym(fl.items[0])) {
            this.rep.report("E0107", "a struct field is (name Type)", fl.span);
            continue;
          }
          const fname = fl.items[0].name;
          if (seen.has(fname)) {
            this.rep.report("E0106", `the field \`${fname}\` is declared twice`, fl.span);
            continue;
          }
          seen.add(fname);
          info.fields.push({ name: fname, ty: this.#lasting(parseType(fl.items[1]!, this, tv, true), fl.span, `the field \`${fname}\` of \`${info.name}\``), span: fl.span });
        }
        if (ctorName(info.name, info.span)) {
          const c: CtorInfo = {
            name: info.name,
            ref: { kind: "struct", type: { module: this.path, name: info.name } },
            type: info,
            paramVars: info.paramVars,
            fields: info.fields.map((x) => x.ty),
            fieldSpans: info.fields.map((x) => x.span),
            result: self,
          };
          this.ctors.set(info.name, c);
          this.#own.ctors.set(info.name, c);
        }
      } else {
        form.items.slice(2).forEach((v) => {
          const vn = isSym(v) ? v : v.kind === "list" && isSym(v.items[0]) ? v.items[0] : null;
          if (!vn || !/^[A-Z]/.test(vn.name)) {
            this.rep.report("E0107", "an enum variant is Name or (Name Type...)", v.span);
            return;
          }
          const fields = v.kind === "list" ? v.items.slice(1).map((t) => this.#lasting(parseType(t, this, tv, true), v.span, `the variant \`${vn.name}\``)) : [];
          const tag = info.variants.length;
          info.variants.push({ name: vn.name, tag, fields, span: v.span });
          if (!ctorName(vn.name, vn.span)) return;
          const c: CtorInfo = {
            name: vn.name,
            ref: { kind: "variant", type: { module: this.path, name: info.name }, variant: vn.name, tag, arity: fields.length },
            type: info,
            paramVars: info.paramVars,
            fields,
            fieldSpans: fields.map(() => v.span),
            result: self,
          };
          this.ctors.set(vn.name, c);
          this.#own.ctors.set(vn.name, c);
        });
      }
    }
    for (const { info, form, varName } of this.#classForms) {
      for (const m of form.items.slice(2)) {
        if (m.kind !== "list" || m.items.length !== 2 || !isSym(m.items[0])) {
          this.rep.report("E0107", "a class method is (name Type)", m.span);
          continue;
        }
        const mn = m.items[0];
        const vars = new Map<string, Ty>([[varName, info.variable]]);
        const ty = parseType(m.items[1]!, this, (n) => {
          let v = vars.get(n);
          if (!v) vars.set(n, (v = freshVar(GENERIC)));
          return v;
        }, false, true);
        this.#lasting(ty, m.span, `the method \`${mn.name}\``);
        info.methods.set(mn.name, ty);
        if (!this.#define(mn.name, mn.span, "class method")) continue;
        const scheme: Scheme = { vars: freeVars(ty).concat(freeVars(ty).includes(info.variable) ? [] : [info.variable]), constraints: [{ cls: info.name, ty: info.variable }], ty };
        const g: Global = { kind: "method", cls: info, method: mn.name, scheme, span: mn.span };
        this.values.set(mn.name, g);
        this.#own.values.set(mn.name, g);
      }
      const names = new VarNames();
      names.name(info.variable.id);
      this.classDecls.push({
        name: info.name,
        module: this.path,
        methods: [...info.methods].map(([name, t]) => ({ name, type: toType(t, names) })),
        span: info.span,
      });
    }
  }

  collectInstances(): void {
    for (const f of this.forms) {
      if (f.kind !== "list" || !isNamed(f.items[0], "instance")) continue;
      const h = f.items[1];
      if (!h || h.kind !== "list" || h.items.length !== 2 || !isSym(h.items[0])) {
        this.rep.report("E0107", "`instance` is (instance (Class Type) (defn method ...)...)", f.span);
        continue;
      }
      const cls = h.items[0].name;
      if (cls === "Shareable") {
        this.rep.report("E0305", "`Shareable` cannot be implemented by hand: the compiler derives it", f.span, {
          label: "user instance of Shareable",
          help: "remove this instance; a type is Shareable when all its components are (LANGUAGE.md §6)",
        });
        continue;
      }
      if (cls === "MapKey") {
        this.rep.report("E0107", "`MapKey` cannot be implemented by hand: a type is a map key when it is an Int, a String, a Keyword, a Bool, or a struct or enum of them", f.span, {
          label: "user instance of MapKey",
          help: "remove this instance (LANGUAGE.md §4)",
        });
        continue;
      }
      if (!BUILTIN_CLASSES.has(cls) && !this.classes.has(cls)) {
        const near = closest(cls, [...BUILTIN_CLASSES.keys(), ...this.classes.keys()]);
        this.rep.report("E0104", `unknown class \`${cls}\``, h.items[0].span, near ? { help: `did you mean \`${near}\`?` } : {});
        continue;
      }
      const vars = new Map<string, TVar>();
      const head = parseType(h.items[1]!, this, (n) => {
        let v = vars.get(n);
        if (!v) vars.set(n, (v = freshVar(GENERIC)));
        return v;
      });
      if (head.tag !== "con" || head.name === "?") {
        if (head.tag === "fn") this.rep.report("E0107", "instances are for named types, not function types", h.items[1]!.span);
        continue;
      }
      const key = typeKey(head);
      const mapKey = `${cls}|${key}`;
      const prevI = this.state.instances.get(mapKey);
      if (prevI || (this.#typesByKeyHasBuiltin(cls, head))) {
        this.rep.report("E0106", `\`${cls}\` already has an instance for \`${head.name}\``, f.span, prevI ? { notes: [{ span: prevI.span, message: "the other instance" }] } : { label: "built in" });
        continue;
      }
      // `(instance (Cross (Vec a)) ...)` needs `(Cross a)` only when its methods can ask for it:
      // a built-in class's builtins (`str`, `=`…) or a program's name (a method, a generic
      // function). Otherwise `(cross ["a"])` must not demand `(Cross String)`.
      const needsContext = BUILTIN_CLASSES.has(cls) || f.items.slice(2).some((d) => mentionsName(d, this.values));
      const context = needsContext ? head.args.flatMap((a, index) => {
        const p = prune(a);
        return p.tag === "var" ? [{ cls, index, param: this.newDictParam(cls, [...vars].find(([, v]) => v === p)?.[0] ?? "a") }] : [];
      }) : [];
      // A type variable the head's maps are keyed by is a key (§4): the instance's methods may
      // make such maps, and every use of the instance checks it (no dictionary is passed).
      const keys = mapKeysIn(head, this.state.typesByKey);
      head.args.forEach((a, index) => {
        const p = prune(a);
        if (p.tag === "var" && keys.includes(p)) context.push({ cls: "MapKey", index, param: this.newDictParam("MapKey", [...vars].find(([, v]) => v === p)?.[0] ?? "a") });
      });
      const info: InstanceInfo = { id: `${cls}$${head.name}$${this.state.instanceCount++}`, cls, key, head, vars: [...vars.values()], context, span: f.span };
      this.state.instances.set(mapKey, info);
      this.state.typesByKey.get(key)?.userInstances.add(cls);
      this.#instanceForms.push({ form: f, info, cls, head });
      const uses = this.methodUses.get(cls) ?? this.methodUses.set(cls, []).get(cls)!;
      for (const d of f.items.slice(2)) for (const n of mentionedNames(d, this.values)) if (!uses.includes(n)) uses.push(n);
      (this.state.summaries.instances.get(cls) ?? this.state.summaries.instances.set(cls, []).get(cls)!).push(info.id);
    }
  }

  #typesByKeyHasBuiltin(cls: string, head: TCon): boolean {
    return head.module === undefined && BUILTIN_INSTANCES.get(cls)?.has(head.name) === true;
  }

  computeDerives(): void {
    for (const { info } of this.#typeForms) {
      const derives = (["Eq", "Show"] as const).filter((c) => !info.userInstances.has(c) && derivable(c, con(info.name, [...info.paramVars], this.path), this.state.typesByKey, new Set()));
      info.derives = [...derives];
      const names = new VarNames();
      for (const v of info.paramVars) names.name(v.id);
      if (info.kind === "struct") {
        const decl: StructDecl = { name: info.name, module: this.path, params: info.params, fields: info.fields.map((x) => ({ name: x.name, type: toType(x.ty, names) })), derives, span: info.span };
        info.decl = decl;
        this.structs.push(decl);
      } else {
        const decl: EnumDecl = { name: info.name, module: this.path, params: info.params, variants: info.variants.map((v) => ({ name: v.name, tag: v.tag, fields: v.fields.map((x) => toType(x, names)) })), derives, span: info.span };
        info.decl = decl;
        this.enums.push(decl);
      }
    }
  }

  readSigs(): void {
    const byName = new Map(this.#decls.map((d) => [d.name, d]));
    const seen = new Map<string, Span>();
    for (const f of this.forms) {
      if (f.kind !== "list" || !isNamed(f.items[0], "sig")) continue;
      const [, n, t, ...cs] = f.items;
      if (!isSym(n) || !t) {
        this.rep.report("E0107", "`sig` is (sig name Type (Class a)...)", f.span);
        continue;
      }
      const d = byName.get(n.name);
      if (!d) {
        this.rep.report("E0100", `this \`sig\` is for \`${n.name}\`, which is not defined in this module`, n.span, { help: `define it: (defn ${n.name} ...)` });
        continue;
      }
      if (seen.has(n.name)) {
        this.rep.report("E0106", `\`${n.name}\` has two sigs`, f.span, { notes: [{ span: seen.get(n.name)!, message: "the first sig" }] });
        continue;
      }
      seen.set(n.name, f.span);
      const vars = new Map<string, TVar>();
      const before = this.rep.count;
      const tv = (name: string): Ty => {
        let v = vars.get(name);
        if (!v) vars.set(name, (v = freshVar(GENERIC)));
        return v;
      };
      // Whether the function itself suspends stays inferred (users never write `async`, §5);
      // the function types inside its sig are annotations of values given to it (§2).
      const ty = parseType(t, this, tv, false, false, true);
      const constraints: { cls: string; ty: Ty }[] = [];
      for (const c of cs) {
        if (c.kind !== "list" || c.items.length !== 2 || !isSym(c.items[0]) || !isSym(c.items[1])) {
          this.rep.report("E0107", "a constraint is (Class a)", c.span);
          continue;
        }
        const cn = c.items[0].name;
        if (!BUILTIN_CLASSES.has(cn) && !this.classes.has(cn)) {
          this.rep.report("E0104", `unknown class \`${cn}\``, c.items[0].span);
          continue;
        }
        constraints.push({ cls: cn, ty: tv(c.items[1].name) });
      }
      if (this.rep.count > before) continue;
      this.annotatedKey(ty, t.span);
      // A `(Map k v)` the sig mentions says `k` is a key: its callers give only real maps.
      for (const k of mapKeysIn(ty, this.state.typesByKey)) if (k.tag === "var" && !constraints.some((c) => c.cls === "MapKey" && c.ty === k)) constraints.push({ cls: "MapKey", ty: k });
      if (d.kind === "fn" && ty.tag !== "fn") {
        this.rep.report("E0101", `\`${n.name}\` is a function, so its sig must be a function type (Fn (...) ...), not ${describe(ty)}`, t.span);
        continue;
      }
      // The sig's flags are quantified like its variables (fresh at each use).
      for (const fl of flagsOf(ty)) if (!fl.set) fl.generic = true;
      const scheme: Scheme = { vars: [...vars.values()], constraints, ty };
      d.sig = { scheme, form: f, constraints, varNames: new Map([...vars].map(([k, v]) => [v.id, k])) };
      d.global.state.scheme = scheme;
    }
  }

  /** Definition groups in dependency order (Tarjan's strongly connected components). */
  sccs(): ValueDecl[][] {
    const idx = new Map(this.#decls.map((d, i) => [d.name, i]));
    const edges = this.#decls.map((d) => {
      const out = new Set<number>();
      const walk = (f: Form): void => {
        if (f.kind === "symbol") {
          const i = idx.get(f.name);
          if (i !== undefined && !this.#decls[i]!.sig) out.add(i);
          // Calling a method may run any instance's: what they use is inferred first.
          const g = i === undefined ? this.values.get(f.name) : undefined;
          if (g?.kind === "method") for (const n of this.methodUses.get(g.cls.name) ?? []) {
            const j = idx.get(n);
            if (j !== undefined && j !== idx.get(d.name) && !this.#decls[j]!.sig) out.add(j);
          }
        } else if (f.kind === "list" || f.kind === "vector") f.items.forEach(walk);
        else if (f.kind === "map") f.entries.forEach(([k, v]) => (walk(k), walk(v)));
      };
      d.form.items.slice(2).forEach(walk);
      return [...out];
    });
    const index: number[] = [];
    const low: number[] = [];
    const onStack: boolean[] = [];
    const stack: number[] = [];
    const out: ValueDecl[][] = [];
    let counter = 0;
    const visit = (v: number): void => {
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = true;
      for (const w of edges[v]!) {
        if (index[w] === undefined) {
          visit(w);
          low[v] = Math.min(low[v]!, low[w]!);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
      }
      if (low[v] === index[v]) {
        const comp: ValueDecl[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          comp.push(this.#decls[w]!);
        } while (w !== v);
        out.push(comp.reverse());
      }
    };
    for (let i = 0; i < this.#decls.length; i++) if (index[i] === undefined) visit(i);
    return out;
  }

  // ------------------------------------------------------------------ inference of definitions

  #skolems(s: Scheme, paramNames: (v: TVar) => string): { ty: Ty; givens: Given[] } {
    const map = new Map<number, Ty>();
    const names = new VarNames();
    for (const v of freeVars(s.ty).concat(s.vars)) {
      if (map.has(v.id)) continue;
      map.set(v.id, { tag: "con", name: paramNames(v) ?? names.name(v.id), args: [], skolem: v.id });
    }
    const givens = s.constraints.map((c) => {
      const t = substitute(c.ty, map);
      return { cls: c.cls, ty: t, param: this.newDictParam(c.cls, show(t)) };
    });
    return { ty: substitute(s.ty, map), givens };
  }

  /**
   * Runs a group's inference with its flag constraints recorded rather than solved, then solves
   * them (passes/Suspension.ts, passes/Shareable.ts): what follows in the group (the crossings,
   * generalisation, the IR's `suspends`) reads the answer.
   */
  #solvingFlags(infer: () => void): void {
    const clock = (): number => this.rep.count;
    const susp = recordFlags("susp", clock);
    const share = recordFlags("share", clock);
    try {
      infer();
    } finally {
      stopRecordingFlags("susp");
      stopRecordingFlags("share");
    }
    // A report goes where inference generated the constraint, among the group's other errors.
    const added: number[] = [];
    const at = (when: number, replay: () => void): void => {
      const count = this.rep.count;
      this.rep.insertAt(when + added.filter((a) => a <= when).length);
      try {
        replay();
      } finally {
        this.rep.insertAt(null);
      }
      for (let i = count; i < this.rep.count; i++) added.push(when);
    };
    solveSuspension(susp, at);
    solveShareable(share, at);
  }

  inferGroup(members: ValueDecl[]): void {
    const inf = this.infer;
    inf.level = 1;
    const group: Group = newGroup(this.rep.errors);
    inf.group = group;
    for (const m of members) {
      if (m.sig) continue;
      const ps = m.form.items[2];
      const ty = m.kind === "fn" && ps?.kind === "list" ? fn(ps.items.map(() => inf.fresh()), inf.fresh()) : inf.fresh();
      m.global.state.mono = { ty, group };
    }
    const firstReport = this.rep.count;
    const results: { m: ValueDecl; ty: Ty; params: MBinding[]; body: Expr; givens: Given[]; susp: Flag | null }[] = [];
    const used = new Map<ValueDecl, UsedDef[]>();
    this.#solvingFlags(() => {
      for (const m of members) {
        inf.usedDefs = [];
        used.set(m, inf.usedDefs);
        const names = new VarNames();
        const sigNames = m.sig?.varNames;
        const sk = m.sig ? this.#skolems(m.sig.scheme, (v) => sigNames?.get(v.id) ?? names.name(v.id)) : null;
        inf.givens = sk?.givens ?? [];
        const scope = new Scope(null);
        const sigNote = m.sig ? [{ span: m.sig.form.span, message: "the sig is here" }] : [];
        if (m.kind === "fn") {
          const params = inferParams(inf, m.form.items[2]!, scope) ?? [];
          const sigTy = sk ? prune(sk.ty) : null;
          const mono = m.global.state.mono ? prune(m.global.state.mono.ty) : null;
          let result: Ty = mono && mono.tag === "fn" ? mono.result : inf.fresh();
          if (mono && mono.tag === "fn" && mono.params.length === params.length) params.forEach((p, i) => unify(mono.params[i]!, p.ty));
          if (sigTy && sigTy.tag === "fn") {
            if (sigTy.params.length !== params.length) {
              this.rep.report("E0103", `the sig of \`${m.name}\` gives ${sigTy.params.length} parameter type${sigTy.params.length === 1 ? "" : "s"}, but the function has ${params.length} parameter${params.length === 1 ? "" : "s"}`, m.form.items[2]!.span, { notes: sigNote });
            } else {
              params.forEach((p, i) =>
                inf.expect(p.ty, sigTy.params[i]!, p.binding.span, (a, e) => ({
                  message: `the parameter \`${p.binding.name}\` must be ${e}, because the sig says so, but it is annotated ${a}`,
                  notes: sigNote,
                })),
              );
            }
            result = sigTy.result;
            inf.sigParams = new Map(params.map((p) => [p.binding.name, { sig: m.sig!.form.span, ty: p.ty }]));
          }
          inf.recurTargets.push({ loopId: null, params: params.map((p) => p.ty), span: m.form.span });
          // With a sig, the body's suspension is the sig's (quantified) flag, so the edges from
          // its function parameters are copied at each use like the rest of the scheme.
          const susp = sigTy && sigTy.tag === "fn" ? sigTy.susp : freshFlag("susp");
          inf.suspStack.push(susp);
          const bodyForms = m.form.items.slice(3);
          const body = inf.body(bodyForms, scope, true, m.form.span);
          inf.suspStack.pop();
          inf.recurTargets.pop();
          inf.sigParams = new Map();
          const lastForm = bodyForms[bodyForms.length - 1];
          inf.expect(tyOf(body), result, tailOf(body).span, (a, e) => ({
            message: sk
              ? `\`${m.name}\` must return ${e}, because its sig says so, but this is ${a}`
              : `\`${m.name}\` returns ${a} here, but ${e} elsewhere`,
            notes: sigNote,
          }), lastForm);
          const ty = fn(params.map((p) => p.ty), result, freshFlag("share"), susp);
          if (m.global.state.mono) unify(m.global.state.mono.ty, ty);
          results.push({ m, ty: sk ? sk.ty : ty, params: params.map((p) => p.binding), body, givens: sk?.givens ?? [], susp: sigTy && sigTy.tag === "fn" ? sigTy.susp : susp });
        } else {
          inf.suspStack.push(freshFlag("susp"));
          const body = inf.infer(m.form.items[2]!, scope, false);
          inf.suspStack.pop();
          if (sk) inf.expect(tyOf(body), sk.ty, body.span, (a, e) => ({ message: `\`${m.name}\` must be ${e}, because its sig says so, but this is ${a}`, notes: sigNote }), m.form.items[2]);
          if (m.global.state.mono) unify(m.global.state.mono.ty, tyOf(body));
          results.push({ m, ty: sk ? sk.ty : tyOf(body), params: [], body, givens: sk?.givens ?? [], susp: null });
        }
      }
    });
    // Members of one group call each other: each uses what any of them uses (§6).
    const groupUses = [...used.values()].flat().filter((d, i, all) => all.findIndex((x) => x.name === d.name) === i);
    for (const m of members) if (m.kind === "fn") m.global.state.usesDefs = members.length > 1 ? groupUses : used.get(m)!.filter((d, i, all) => all.findIndex((x) => x.name === d.name) === i);
    // Values (def) are not generalised: their variables belong to the module from now on.
    for (const r of results) if (r.m.kind !== "fn" && !r.m.sig) for (const v of freeVars(r.ty)) v.level = 0;
    for (const r of results) if (r.m.kind !== "fn") this.#lasting(r.ty, r.m.nameSpan, `\`${r.m.name}\``);
    for (const r of results) if (r.m.kind === "fn" && !r.m.sig) for (const v of freeVars(r.ty)) if (v.level > 0) v.level = GENERIC;
    // Shareable (§6): closures' flags, then every crossing, then the flags are quantified.
    // Members of one group reach each other: one of them printing makes them all print.
    const fnResults = results.filter((r) => r.m.kind === "fn");
    const shareVars = shareCheck(this, group);
    for (const r of results)
      if (r.m.kind === "fn") for (const fl of quantifiable(flagsOf(r.ty).filter((f) => !r.m.sig || f.generic), false)) fl.generic = true;
    const groupParams: Given[] = [];
    this.solve(group, groupParams, firstReport, members.every((m) => m.kind === "fn"));
    for (const r of group.recursive) r.slot.push(...groupParams.filter((g) => !NO_DICTIONARY.has(g.cls)).map((g): DictExpr => ({ kind: "param", param: g.param })));
    for (const f of group.fixups) f();
    for (const r of results) {
      const m = r.m;
      const st: ValueState = m.global.state;
      delete st.mono;
      const names = new VarNames();
      if (!m.sig) {
        const fvs = freeVars(r.ty);
        st.scheme = {
          vars: fvs.filter((v) => v.level === GENERIC),
          constraints: m.kind === "fn"
            ? [...groupParams.map((g) => ({ cls: g.cls, ty: g.ty })), ...[...shareVars].filter(([v]) => fvs.includes(v)).map(([v, req]) => ({ cls: "Shareable", ty: v as Ty, why: { span: req.span, site: req.site, code: req.code } }))]
            : [],
          ty: r.ty,
        };
        st.givens = m.kind === "fn" ? groupParams : [];
        for (const v of freeVars(r.ty)) names.name(v.id);
      } else st.givens = r.givens;
      // `Shareable` and `MapKey` have no dictionary: they are checked, never passed.
      const dictParams = m.kind === "fn" ? (m.sig ? r.givens : groupParams).filter((g) => !NO_DICTIONARY.has(g.cls)).map((g) => g.param) : [];
      for (const g of groupParams) (g.param as { typeVar: string }).typeVar = show(g.ty, names);
      m.names = names;
      if (m.kind === "fn") {
        m.ir = { kind: "fn", name: m.name, module: this.path, dictParams, params: r.params as never, body: r.body, type: r.ty as never, suspends: (r.susp ?? false) as never, span: m.form.span };
      } else {
        m.ir = { kind: m.kind, name: m.name, module: this.path, value: r.body, type: r.ty as never, span: m.form.span };
      }
      finalize(m.ir, names);
      const shareable = (st.scheme?.constraints ?? []).filter((c) => c.cls === "Shareable").map((c) => show(c.ty, names));
      if (m.kind === "fn" && shareable.length > 0) (m.ir as { shareable?: readonly string[] }).shareable = shareable;
      // A `def` of a lambda is summarised like a function: calls of it go through the summary.
      const key = `${this.path}::${m.name}`;
      if (m.ir.kind === "fn") this.#summarised.push({ key, name: m.name, params: m.ir.params, dictParams: m.ir.dictParams, body: m.ir.body });
      else if (m.ir.value.kind === "lambda") this.#summarised.push({ key, name: m.name, params: m.ir.value.params, dictParams: [], body: m.ir.value.body });
      this.#bodies.push({ key, body: r.body });
    }
  }

  /**
   * The passes over the module's typed IR, once inference is done: task scopes (E0310), scope
   * escapes (E0330, E0311), side effects in `swap!` (W0321). A crossing of a value that escapes
   * is reported once, as the escape.
   */
  #passes(): void {
    const ir: ModuleIr = { fns: this.#summarised, bodies: this.#bodies };
    taskScopePass(ir, this.rep);
    const escaped = escapePass(ir.fns, ir.bodies.map((b) => b.body), this.rep, this.state.summaries.escape);
    this.rep.dropCaused([...[...escaped.bindings].map(bindingCause), ...[...escaped.spans].map((s) => `span:${s}`)]);
    sideEffectsPass(ir, this.rep, this.state.summaries);
  }

  /** The key-type variables a `MapKey` error was reported for (one report per map). */
  readonly #keyRoots = new Set<number>();

  /** Resolves every pending constraint of `group` to a dictionary (E0108 when there is none). */
  solve(group: Group, groupParams: Given[], firstReport = this.rep.count, deferDefVars = false): void {
    // A constraint on a `def`'s variable (`(println log)` with `log` a `(MutVec a)`) waits for
    // the module's end: a later definition, an instance method included, may still fix it.
    // A `def`'s map keys wait too: `(def cache (atom {}))` gets its key type from its users.
    const late = (p: Group["pending"][number]): boolean => (deferDefVars || p.cls === "MapKey") && freeVars(zonk(p.ty)).some((v) => v.level === 0);
    if (group.pending.some(late)) this.#lateFixups.push(...group.fixups);
    const reported = new Set<string>();
    const earlier = this.rep.diagnostics.slice(firstReport);
    const paramFor = (cls: string, v: TVar): DictParam => {
      let g = groupParams.find((x) => x.cls === cls && prune(x.ty) === v);
      if (!g) {
        g = { cls, ty: v, param: this.newDictParam(cls, "a") };
        groupParams.push(g);
      }
      return g.param;
    };
    // Ambiguous variables (in no generalised type) are defaulted: to Int when some constraint
    // asks for Num or MapKey (the keys of `{}`), to (Vec ()) for Count, else to (). A function has no instance at all: it is
    // reported as written, without defaulting.
    const ambiguous = new Map<TVar, Set<string>>();
    for (const p of group.pending) {
      const t = prune(p.ty);
      if (t.tag === "fn") continue;
      // `Count` is resolved by the head constructor alone: the element type of a `def`'s
      // `(MutVec a)` (level 0) is left for later definitions, an instance method included.
      if (p.cls === "Count" && t.tag === "con") continue;
      if (late(p)) continue;
      for (const v of freeVars(p.ty)) if (v.level !== GENERIC) (ambiguous.get(v) ?? ambiguous.set(v, new Set()).get(v)!).add(p.cls);
    }
    for (const [v, classes] of ambiguous) unify(v, classes.has("Num") || classes.has("MapKey") ? tInt() : classes.has("Count") ? con("Vec", [tUnit()]) : tUnit());
    for (const p of group.pending) {
      if (late(p)) {
        this.#latePending.push(p);
        continue;
      }
      const env: ClassEnv = { instances: this.state.instances, types: this.state.typesByKey, givens: p.givens, paramFor };
      const d = resolveDict(env, p.cls, p.ty);
      if ("kind" in d) {
        p.slot[p.index] = d;
        continue;
      }
      p.slot[p.index] = DUMMY_DICT;
      const key = `${p.span.start}:${p.span.end}:${p.cls}`;
      if (reported.has(key)) continue;
      reported.add(key);
      // An error already reported inside this expression explains it: no follow-on E0108.
      if (earlier.some((d) => d.span.file === p.span.file && d.span.start >= p.span.start && d.span.end <= p.span.end)) continue;
      // `(insert {} 1.5 2)`: the call and the `{}` make one map, whose key types were unified
      // into one variable; it is reported once, at the first of them.
      const root = p.cls === "MapKey" ? keyRoot(p.ty) : null;
      if (root !== null && this.#keyRoots.has(root)) continue;
      if (root !== null) this.#keyRoots.add(root);
      if (d.suspends !== undefined) {
        reportHiddenSuspension(this.rep, p.origin, d.cls, show(zonk(d.ty)), d.suspends, p.span);
        continue;
      }
      this.noInstance(d.cls, d.ty, p.cls, zonk(p.ty), p.span, p.origin);
    }
  }

  /** The constraints left on `def` variables, now that every definition has had its say. */
  #solveLate(): void {
    if (this.#latePending.length === 0) return;
    const group = newGroup(this.rep.errors);
    group.pending.push(...this.#latePending.splice(0));
    this.solve(group, [], 0);
    for (const f of this.#lateFixups.splice(0)) f();
  }

  noInstance(cls: string, ty: Ty, outerCls: string, outerTy: Ty, span: Span, origin: string): void {
    const t = zonk(ty);
    const shown = show(t);
    const what: Record<string, string> = {
      Num: `${origin} works on numbers (Int or Float), and ${describe(t)} is not one`,
      Show: `${origin} needs to show its arguments as text, and ${describe(t)} cannot be shown`,
      Eq: `${origin} compares values, and ${describe(t)} has no equality`,
      Ord: `${origin} orders values, and ${describe(t)} has no ordering`,
      Count: `${origin} needs a Vec, a Map, a MutVec or a String, not ${describe(t)}`,
      MapKey: `${origin} makes a map keyed by ${describe(t)}, but a map key must be an Int, a String, a Keyword, a Bool, or a struct or enum of them (LANGUAGE.md §4)`,
    };
    const inner = show(outerTy) !== shown ? ` (needed for \`(${outerCls} ${show(outerTy)})\`)` : "";
    const rigid = t.tag === "con" && t.skolem !== undefined;
    this.rep.report("E0108", `no instance of \`${cls}\` for \`${shown}\`${inner}: ${what[cls] ?? `${origin} needs one`}`, span, {
      label: `needs \`(${cls} ${shown})\``,
      ...(rigid
        ? { help: `add the constraint to the sig: (${cls} ${shown})` }
        : t.tag === "con" && this.types.has(t.name) && (cls === "Num" || !BUILTIN_CLASSES.has(cls) || cls === "Ord")
          ? { help: `write one: (instance (${cls} ${shown}) ...)` }
          : {}),
    });
  }

  checkInstances(): void {
    const inf = this.infer;
    for (const { form, info, cls, head } of this.#instanceForms) {
      if (!info) continue;
      inf.level = 1;
      const group: Group = newGroup(this.rep.errors);
      inf.group = group;
      const firstReport = this.rep.count;
      // Instance variables are rigid; the context gives `cls` on each of them.
      const map = new Map<number, Ty>();
      const vnames = new VarNames();
      for (const v of info.vars) map.set(v.id, { tag: "con", name: vnames.name(v.id), args: [], skolem: v.id });
      const rigidHead = substitute(head, map);
      const givens: Given[] = info.context.map((c) => ({ cls: c.cls, ty: (prune(rigidHead) as TCon).args[c.index]!, param: c.param }));
      inf.givens = givens;
      const methodNames = cls === "Eq" || cls === "Ord" || cls === "Num" || cls === "Show" ? BUILTIN_CLASSES.get(cls)! : [...(this.classes.get(cls)?.methods.keys() ?? [])];
      const methods: { name: string; fn: Lambda }[] = [];
      const seen = new Set<string>();
      this.#solvingFlags(() => {
        for (const d of form.items.slice(2)) {
          if (d.kind !== "list" || !isNamed(d.items[0], "defn") || !isSym(d.items[1]) || d.items[2]?.kind !== "list") {
            this.rep.report("E0107", "an instance holds methods written as (defn name (params...) body...)", d.span);
            continue;
          }
          const mn = d.items[1].name;
          if (!methodNames.includes(mn)) {
            this.rep.report("E0105", `the class \`${cls}\` has no method \`${mn}\``, d.items[1].span, { help: methodNames.length ? `its methods: ${methodNames.join(", ")}` : "" });
            continue;
          }
          if (seen.has(mn)) {
            this.rep.report("E0106", `the method \`${mn}\` is defined twice in this instance`, d.span);
            continue;
          }
          seen.add(mn);
          const expected = this.methodType(cls, mn, rigidHead);
          const lamForm: Form = { kind: "list", items: [{ kind: "symbol", name: "fn", span: d.items[0]!.span }, ...d.items.slice(2)], span: d.span };
          inf.methodForm = lamForm;
          const lam = inf.infer(lamForm, new Scope(null), false);
          inf.methodForm = null;
          // What the class declares `:suspends` may suspend; its callers wait for it.
          const declaredSusp = flagsOf(expected).filter((fl) => fl.kind === "susp" && isSet(fl));
          inf.expect(tyOf(lam), expected, d.span, (a, e) => ({ message: `the method \`${mn}\` of \`(${cls} ${show(rigidHead)})\` must be ${e}, because the class says so, but it is ${a}` }));
          // Class methods are called through dictionaries, from code checked before this
          // instance: like other lasting function types, they never suspend unless declared to.
          this.#lasting(tyOf(lam), d.span, `the method \`${mn}\` of \`(${cls} ${show(rigidHead)})\``, true, new Set(declaredSusp.map(find)));
          if (lam.kind === "lambda") methods.push({ name: mn, fn: lam });
        }
      });
      for (const mn of methodNames) if (!seen.has(mn) && !(cls === "Num" && mn === "/" && false)) this.rep.report("E0107", `this instance of \`${cls}\` lacks the method \`${mn}\``, form.span, { help: `add (defn ${mn} ...)` });
      for (const v of freeVars(rigidHead)) v.level = GENERIC;
      shareCheck(this, group, true);
      for (const m of methods) {
        this.#summarised.push({ key: `instance:${info.id}::${m.name}`, name: m.name, params: m.fn.params, dictParams: info.context.filter((c) => !NO_DICTIONARY.has(c.cls)).map((c) => c.param), body: m.fn.body, instance: { id: info.id, cls } });
        this.#bodies.push({ key: null, body: m.fn });
      }
      this.solve(group, [], firstReport, true);
      for (const f of group.fixups) f();
      const names = new VarNames();
      const decl: InstanceDecl = { id: info.id, class: cls, type: toType(rigidHead, names), context: info.context.filter((c) => !NO_DICTIONARY.has(c.cls)).map((c) => c.param), methods, span: form.span };
      finalize(decl, names);
      this.instanceDecls.push(decl);
    }
  }

  methodType(cls: string, method: string, at: Ty): Ty {
    const user = this.classes.get(cls);
    if (user) {
      const t = user.methods.get(method)!;
      const map = new Map<number, Ty>([[user.variable.id, at]]);
      for (const v of freeVars(t)) if (v !== user.variable) map.set(v.id, this.infer.fresh());
      // Its own `susp` flags: an instance method that suspends is reported once, at the
      // instance (E0322), not again at the class whose declared flag it would taint.
      const copies = new Map<Flag, Flag>();
      return substitute(t, map, (f) => {
        const r = find(f);
        if (r.kind !== "susp") return f;
        let c = copies.get(r);
        if (!c) copies.set(r, (c = isSet(r) ? setFlag("susp", r.cause) : freshFlag("susp")));
        return c;
      });
    }
    if (method === "show") return fn([at], con("String"));
    if (method === "=" || method === "<") return fn([at, at], con("Bool"));
    return fn([at, at], at);
  }
}

/**
 * Replaces the checker's types in an IR tree by public `Type`s (once every group is solved) and
 * fills what only the finished tree knows: lambdas' `capturedDicts` and their `shareable` flag.
 */
export function finalize(root: object, names: VarNames): void {
  const seen = new Set<object>();
  // The bodies that suspend for some instantiations only (`maySuspend`).
  const rt = (root as { type?: unknown }).type;
  const reach = rt && typeof rt === "object" && "tag" in rt ? maySuspendFlags(rt as Ty) : new Set<Flag>();
  const visit = (x: unknown): void => {
    if (typeof x !== "object" || x === null || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    const o = x as Record<string, unknown>;
    if (o.kind === "param" && "param" in o) return;
    delete o.captureSpans;
    delete o.defRefs;
    for (const [k, v] of Object.entries(o)) {
      if (k === "suspends" && typeof v === "object" && v !== null && (v as { tag?: string }).tag === "flag") suspensionResult(o, v as Flag, reach);
      else if (k === "type" && typeof v === "object" && v !== null && "tag" in v) o.type = toType(v as Ty, names);
      else if (k === "type" && typeof v === "object" && v !== null && (v as { kind?: string }).kind !== undefined && !("tag" in v)) continue;
      else visit(v);
    }
    if (o.kind === "lambda") {
      const lam = o as unknown as Lambda & { capturedDicts: DictParam[]; type: Type };
      const dicts = new Map<number, DictParam>();
      collectParams(lam.body, dicts, new Set());
      lam.capturedDicts = [...dicts.values()];
    }
  };
  visit(root);
}

function collectParams(x: unknown, out: Map<number, DictParam>, seen: Set<object>): void {
  if (typeof x !== "object" || x === null || seen.has(x)) return;
  seen.add(x);
  if (Array.isArray(x)) {
    for (const y of x) collectParams(y, out, seen);
    return;
  }
  const o = x as Record<string, unknown>;
  if (o.kind === "param" && typeof o.param === "object" && o.param !== null) {
    const p = o.param as DictParam;
    out.set(p.id, p);
    return;
  }
  for (const [k, v] of Object.entries(o)) if (k !== "type" && k !== "span") collectParams(v, out, seen);
}


/** The names of `names` a method's forms (not its name) mention. */
function mentionedNames(d: Form, names: ReadonlyMap<string, unknown>): string[] {
  const out: string[] = [];
  const stack: Form[] = d.kind === "list" ? d.items.slice(2) : [];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.kind === "symbol" && names.has(x.name)) out.push(x.name);
    if (x.kind === "list" || x.kind === "vector") stack.push(...x.items);
    else if (x.kind === "map") for (const [k, v] of x.entries) stack.push(k, v);
  }
  return out;
}

/** Whether a method mentions one of `names`: the only way it can reach a program's class constraint. */
function mentionsName(d: Form, names: ReadonlyMap<string, unknown>): boolean {
  return mentionedNames(d, names).length > 0;
}

/** The expression whose value a body returns (through `let`, `do`…): where a wrong result type is reported. */
function tailOf(e: Expr): Expr {
  switch (e.kind) {
    case "let":
    case "loop":
    case "with-arena":
    case "with-tasks":
      return tailOf(e.body);
    case "do":
      return tailOf(e.body[e.body.length - 1]!);
    default:
      return e;
  }
}

/** `dir(from)/rel`, normalised with posix rules (`./` and `../`). */
export function joinPath(from: string, rel: string): string {
  if (rel.startsWith("/")) return normalise(rel);
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  return normalise(dir === "" ? rel : `${dir}/${rel}`);
}

function normalise(p: string): string {
  const abs = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part === ".." && abs) continue;
    else out.push(part);
  }
  const s = out.join("/");
  return abs ? `/${s}` : s === "" ? "." : s;
}

/** The last variable `t` was bound through: constraints on types unified together share it. */
function keyRoot(t: Ty): number | null {
  let last: number | null = null;
  while (t.tag === "var") {
    last = t.id;
    if (!t.ref) break;
    t = t.ref;
  }
  return last;
}
