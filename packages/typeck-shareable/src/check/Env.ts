import type { Span } from "@weft/reader";
import type { CtorRef, DictParam, EnumDecl, GlobalRef, StructDecl } from "../IR.js";
import type { Scheme } from "./Builtins.js";
import type { TCon, TVar, Ty } from "./Ty.js";

/** A local binding as the checker builds it; frozen into the IR's `Binding` (same object). */
export interface MBinding {
  id: number;
  name: string;
  mutable: boolean;
  captured: boolean;
  type: unknown;
  span: Span;
}

export interface Local {
  readonly binding: MBinding;
  /** The binding's type; generic variables (level GENERIC) are instantiated at each use. */
  readonly ty: Ty;
  readonly generic: boolean;
  /** Crossings inside a generalised binding, on its generic variables: checked at each use. */
  readonly reqs?: readonly unknown[];
  /** The key types of the maps a generalised binding makes, on its generic variables: `(MapKey k)` at each use. */
  readonly keys?: readonly Ty[];
  /** How many lambdas enclose the binding (captures are found by comparing depths). */
  readonly depth: number;
}

export class Scope {
  readonly vars = new Map<string, Local>();
  constructor(readonly parent: Scope | null) {}
  lookup(name: string): Local | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return v;
    }
    return undefined;
  }
  names(): string[] {
    const out: string[] = [];
    for (let s: Scope | null = this; s; s = s.parent) out.push(...s.vars.keys());
    return out;
  }
}

/** A struct or enum. Field types mention `paramVars` (GENERIC variables). */
export interface TypeInfo {
  readonly name: string;
  readonly module: string;
  readonly kind: "struct" | "enum";
  readonly params: readonly string[];
  readonly paramVars: readonly TVar[];
  fields: { name: string; ty: Ty; span: Span }[];
  variants: { name: string; tag: number; fields: Ty[]; span: Span }[];
  readonly span: Span;
  /** Classes the program wrote an instance of for this type (so they are not derived). */
  readonly userInstances: Set<string>;
  decl: StructDecl | EnumDecl | null;
  derives: ("Eq" | "Show")[] | null;
}

export interface CtorInfo {
  readonly name: string;
  readonly ref: CtorRef;
  readonly type: TypeInfo | null;
  readonly paramVars: readonly TVar[];
  readonly fields: readonly Ty[];
  readonly fieldSpans: readonly (Span | null)[];
  readonly result: TCon;
}

/** A dictionary parameter together with the (generic or rigid) type it stands for. */
export interface Given {
  readonly cls: string;
  readonly ty: Ty;
  readonly param: DictParam;
}

export interface ValueState {
  scheme?: Scheme;
  givens?: Given[];
  /** While its definition group is being inferred: its monomorphic type. */
  mono?: { ty: Ty; group: unknown };
  /** A function's top-level values, directly or through its callees (§6); set with its scheme. */
  usesDefs?: readonly { readonly name: string; readonly ty: Ty; readonly span: Span }[];
}

export interface ClassInfo {
  readonly name: string;
  readonly module: string;
  readonly variable: TVar;
  readonly methods: Map<string, Ty>;
  readonly span: Span;
}

export type Global =
  | { readonly kind: "value"; readonly ref: GlobalRef; readonly isFn: boolean; readonly span: Span; readonly state: ValueState; readonly params?: readonly { name: string; span: Span }[] }
  | { readonly kind: "method"; readonly cls: ClassInfo; readonly method: string; readonly scheme: Scheme; readonly span: Span };

export interface InstanceInfo {
  readonly id: string;
  readonly cls: string;
  /** `Int`, `Vec`, or `module::Name` for a program type. */
  readonly key: string;
  readonly head: Ty;
  readonly vars: readonly TVar[];
  readonly context: readonly { cls: string; index: number; param: DictParam }[];
  readonly span: Span;
}

/** Everything a module makes visible to importers. */
export interface Exports {
  readonly values: Map<string, Global>;
  readonly types: Map<string, TypeInfo>;
  readonly ctors: Map<string, CtorInfo>;
  readonly classes: Map<string, ClassInfo>;
}
