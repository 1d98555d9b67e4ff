import type { Span } from "@weft/reader";
import type { DictExpr, GlobalRef, Lambda, StructDecl, TopFn, Type } from "@weft/typeck-shareable";
import type { Colour } from "./Colour.js";
import type { Markers } from "./SourceMap.js";

/**
 * A green task's body that is one call `callee(x)` of a top-level function: `x` is the
 * lambda's capture number `capture`, or the literal `literal`, or nothing. runtime-tasks'
 * `spawnCall(callee, x)` runs it without a closure per task.
 */
export interface TaskCall {
  readonly callee: string;
  readonly capture?: number;
  readonly literal?: string;
}

/**
 * What compiling one function body needs from the module it is in: the JS names of what the
 * module defines or imports, the tables a body adds entries to (lambdas, keywords, constant
 * dictionaries), source-map markers and diagnostics. `ModuleGen` is the implementation; `Body`
 * is written against this interface, so neither module imports the other's.
 */
export interface ModuleScope {
  readonly markers: Markers;
  /** Module-level names a local must not shadow. */
  readonly reserved: ReadonlySet<string>;
  report(message: string, span: Span): void;
  /** The JS prefix under which module `path`'s exports are visible: `""` or `$m3.`. */
  prefix(path: string): string;
  gc(): string;
  atoms(): string;
  tasks(): string;
  channels(): string;
  /** `$c`, the module's scratch for an answer that may or may not be a promise. */
  scratch(): string;
  /** A fresh module-level record for one `par-map` / `par-for-each` call site (`$pm<i>`); `fixed`: its function is the same at every call. */
  parSite(fixed: boolean): string;
  /** `path:line:col` of `span`. */
  location(span: Span): string;
  keyword(name: string): string;
  fnRef(ref: GlobalRef, colour?: Colour): string;
  structClass(ref: GlobalRef): string;
  variantClass(module: string, variant: string): string;
  dict(d: DictExpr): string;
  /** Compiles lambda `l` into the lambda table (once) and returns its factory's name. */
  /** The factory of a green task's body (a plain arrow, see `ModuleGen.taskBody`). */
  taskBody(l: Lambda, colour?: Colour): string;
  /** A green task's body that is one call of a top-level function, as that call's parts (see `ModuleGen.taskCall`). */
  taskCall(l: Lambda, colour?: Colour): TaskCall | undefined;
  lambda(l: Lambda, colour?: Colour): string;
  crossable(params: readonly string[], body: string, isAsync: boolean): string;
  colourOf(fn: TopFn): Colour | null;
  lambdaColourIn(l: Lambda, outer: Colour): Colour;
  topFnOf(ref: GlobalRef): TopFn | undefined;
  isDef(ref: GlobalRef): boolean;
  structDecl(ref: GlobalRef): StructDecl | undefined;
  /** The codec schema of a channel type's element when it is a struct, else `undefined`. */
  elementSchema(t: Type): string | undefined;
}

/** What the code of a built-in or standard-library call needs from the body it is compiled into. */
export interface CallSite {
  readonly gen: ModuleScope;
  /** An async colour, which cannot tell which calls of function values suspend. */
  readonly generic: boolean;
  /** `(await call)`, making the enclosing function async. */
  awaited(call: string, resume?: string): string;
  /** The source-map marker of `span`. */
  mark(span: Span): string;
}
