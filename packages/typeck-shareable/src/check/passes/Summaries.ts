import type { Binding, DictParam, Expr } from "../../IR.js";
import type { EscapeSummary } from "./Escape.js";

/**
 * The per-function summaries the passes over the typed IR share (ARCHITECTURE.md, "The
 * checker's passes", 3), for the whole program: each module's are computed once, after its
 * inference, to a fixpoint over its call graph, and read by the modules that import it.
 * Keys: `module::name` for a top-level value, `instance:ID::method` for an instance's method
 * (`instance:ID` for the instance as a whole).
 */
export interface Summaries {
  /** Where a function lets each parameter's value go (E0330, E0311 through calls). */
  readonly escape: Map<string, EscapeSummary>;
  /** Whether running it may print, directly or through what it calls (W0321). */
  readonly io: Map<string, boolean>;
  /** The instances of each class, by id (a method call through a dictionary parameter may run any). */
  readonly instances: Map<string, string[]>;
}

export const newSummaries = (): Summaries => ({ escape: new Map(), io: new Map(), instances: new Map() });

/** A function of the module the passes summarise: a top-level function, a `def` of a lambda, an instance's method. */
export interface SummarisedFn {
  readonly key: string;
  readonly name: string;
  readonly params: readonly Binding[];
  /** A top-level function's dictionary parameters, an instance's context. */
  readonly dictParams: readonly DictParam[];
  readonly body: Expr;
  /** The instance whose method it is. */
  readonly instance?: { readonly id: string; readonly cls: string };
}

/** What the passes walk: the module's functions, and each top-level body (a value, a function, an instance's method), in the order they were inferred. */
export interface ModuleIr {
  readonly fns: readonly SummarisedFn[];
  readonly bodies: readonly { readonly key: string | null; readonly body: Expr }[];
}
