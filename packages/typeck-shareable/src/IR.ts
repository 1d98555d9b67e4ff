import type { Span } from "@weft/reader";
import type { Type } from "./Type.js";

/**
 * The typed core IR: what the checker produces and codegen consumes. Every name is resolved,
 * every node has a type and a span, class constraints are explicit dictionaries, and every
 * lambda knows what it captures. Nothing here needs type inference to compile.
 */
export interface Program {
  /** Every module reachable from the entry, dependencies before dependents. */
  readonly modules: readonly Module[];
  /** `path` of the entry module. */
  readonly entry: string;
}

export interface Module {
  /** The file path as the driver named it. */
  readonly path: string;
  readonly imports: readonly Import[];
  readonly structs: readonly StructDecl[];
  readonly enums: readonly EnumDecl[];
  readonly classes: readonly ClassDecl[];
  readonly instances: readonly InstanceDecl[];
  /** `def`, `defonce` and `defn`, in source order (defs are evaluated in this order). */
  readonly values: readonly TopValue[];
  /** Lambdas of this module, indexed by `Lambda.id` (the lambda table). */
  readonly lambdaCount: number;
  /** Its `deftest`s in source order (`weft test` runs them); absent when there are none. */
  readonly tests?: readonly TestDecl[];
}

/** A `(deftest "name" body...)`: `fn` is the top-level function (in `values`) that runs it. */
export interface TestDecl {
  readonly name: string;
  readonly fn: string;
  readonly span: Span;
}

export interface Import {
  readonly path: string;
  readonly names: readonly string[];
  readonly span: Span;
}

/** A reference to a top-level name: the module that defines it and its Weft name. */
export interface GlobalRef {
  readonly module: string;
  readonly name: string;
}

export interface StructDecl {
  readonly name: string;
  readonly module: string;
  readonly params: readonly string[];
  readonly fields: readonly { readonly name: string; readonly type: Type }[];
  /** Built-in classes whose instance is derived (Eq, Show) — not those the program wrote. */
  readonly derives: readonly DerivableClass[];
  readonly span: Span;
}

export interface EnumDecl {
  readonly name: string;
  readonly module: string;
  readonly params: readonly string[];
  /** `tag` is the variant's index in declaration order. */
  readonly variants: readonly { readonly name: string; readonly tag: number; readonly fields: readonly Type[] }[];
  readonly derives: readonly DerivableClass[];
  readonly span: Span;
}

export type DerivableClass = "Eq" | "Show";

/** A constructor: a struct's, or an enum variant's. `Some`/`None`/`Ok`/`Err` are built-in variants. */
export type CtorRef =
  | { readonly kind: "struct"; readonly type: GlobalRef }
  | { readonly kind: "variant"; readonly type: GlobalRef; readonly variant: string; readonly tag: number; readonly arity: number }
  | { readonly kind: "builtin-variant"; readonly type: "Option" | "Result"; readonly variant: "None" | "Some" | "Ok" | "Err"; readonly tag: number; readonly arity: number };

export interface ClassDecl {
  readonly name: string;
  readonly module: string;
  readonly methods: readonly { readonly name: string; readonly type: Type }[];
  readonly span: Span;
}

export interface InstanceDecl {
  /** Unique within the program; codegen names the dictionary after it. */
  readonly id: string;
  readonly class: string;
  readonly type: Type;
  /** Dictionaries the instance itself needs, e.g. `Show a` for `Show (Vec a)`. */
  readonly context: readonly DictParam[];
  readonly methods: readonly { readonly name: string; readonly fn: Lambda }[];
  readonly span: Span;
}

/** Where a dictionary comes from at a use site. */
export type DictExpr =
  /** Built into the runtime: `Num Int`, `Show Float`, `Eq (Vec a)` (then `args` hold `Eq a`)… */
  | { readonly kind: "builtin"; readonly class: string; readonly type: string; readonly args: readonly DictExpr[] }
  /** Derived for a struct or enum. */
  | { readonly kind: "derived"; readonly class: DerivableClass; readonly type: GlobalRef; readonly args: readonly DictExpr[] }
  /** Written by the program (`InstanceDecl.id`). */
  | { readonly kind: "instance"; readonly id: string; readonly args: readonly DictExpr[] }
  /** A dictionary parameter of the enclosing definition. */
  | { readonly kind: "param"; readonly param: DictParam };

export interface DictParam {
  readonly id: number;
  readonly class: string;
  /** The type variable it constrains, for messages. */
  readonly typeVar: string;
}

export type TopValue = TopFn | TopDef;

/** `defn`: called through the module's function table. */
export interface TopFn {
  readonly kind: "fn";
  readonly name: string;
  readonly module: string;
  /** Constraint dictionaries, passed before the ordinary arguments. */
  readonly dictParams: readonly DictParam[];
  readonly params: readonly Binding[];
  readonly body: Expr;
  readonly type: Type;
  /** Whether a call can suspend, whatever the functions given to it (§5). */
  readonly suspends: boolean;
  /**
   * Present (true) when it does not always suspend but can for some calls: it is polymorphic
   * in suspension (`(defn twice (f x) (f (f x)))`). Each call's `suspends` says which.
   */
  readonly maySuspend?: boolean;
  /**
   * Type variables of `type` that must be Shareable at every call (`(Shareable a)`, inferred
   * because the function lets such a value cross, or declared in its sig). Checked, never
   * passed: there is no dictionary for it.
   */
  readonly shareable?: readonly string[];
  readonly span: Span;
}

/** `def` (re-evaluated on reload) or `defonce` (kept). */
export interface TopDef {
  readonly kind: "def" | "defonce";
  readonly name: string;
  readonly module: string;
  readonly value: Expr;
  readonly type: Type;
  readonly span: Span;
}

/** A local variable. `id` is unique in its module; names may shadow, ids never do. */
export interface Binding {
  readonly id: number;
  readonly name: string;
  readonly mutable: boolean;
  /** Some lambda captures it (codegen boxes a captured `mut` binding). */
  readonly captured: boolean;
  readonly type: Type;
  readonly span: Span;
}

export interface Lambda {
  readonly kind: "lambda";
  /** Index in the module's lambda table. */
  readonly id: number;
  readonly params: readonly Binding[];
  readonly body: Expr;
  /** Free variables, each once, in first-use order: the lambda's environment. */
  readonly captures: readonly Binding[];
  /** Dictionary parameters of enclosing definitions it uses; they are part of its environment. */
  readonly capturedDicts: readonly DictParam[];
  readonly suspends: boolean;
  /** As `TopFn.maySuspend`: suspends in the instantiations of the enclosing definition where its function parameters do. */
  readonly maySuspend?: boolean;
  readonly type: Type;
  readonly span: Span;
}

export type Literal =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "keyword"; readonly name: string }
  | { readonly kind: "unit" };

/**
 * Built-in operations (LANGUAGE.md §4). Class-generic ones (`+`, `=`, `<`, `show`, `str`,
 * `println`…) receive their dictionaries in `dicts`; codegen inlines the ones it knows
 * (`+` with `Num Int` is `(a + b) | 0`).
 */
export type BuiltinName = string;

type Node<K extends string, T> = { readonly kind: K; readonly type: Type; readonly span: Span } & T;

export type Expr =
  | Node<"lit", { readonly value: Literal }>
  | Node<"local", { readonly binding: Binding }>
  /** A top-level value or function of some module, used as a value. */
  | Node<"global", { readonly ref: GlobalRef; readonly dicts: readonly DictExpr[] }>
  /** A constructor used as a value (`None`, or `Some` passed to `map`). */
  | Node<"ctor", { readonly ctor: CtorRef }>
  /** A built-in function used as a value (`+` passed to `reduce`). */
  | Node<"builtin", { readonly name: BuiltinName; readonly dicts: readonly DictExpr[] }>
  /** A class method used as a value or callee (`describe`). */
  | Node<"method", { readonly class: string; readonly method: string; readonly dict: DictExpr }>
  /**
   * Calls carry `suspends`: whether *this* call can suspend, at this call's instantiation of
   * the callee (a higher-order function suspends only when the function given to it does).
   */
  | Node<"call", { readonly callee: Expr; readonly args: readonly Expr[]; readonly suspends?: boolean }>
  /** A direct call of a top-level function, through its module's function table. */
  | Node<"call-global", { readonly ref: GlobalRef; readonly dicts: readonly DictExpr[]; readonly args: readonly Expr[]; readonly suspends?: boolean }>
  /**
   * Concurrency builtins are ordinary `call-builtin`s: `await`, `sleep`, `yield`,
   * `check-cancelled`, `cancel-tasks`, `thread-id`, `send`, `try-send`, `recv`, `try-recv`,
   * `close!`, `par-map`, `par-for-each` (the last two take the function last, like `map`).
   * `inline` marks a `par-map`/`par-for-each` lexically inside another one's function: it
   * already runs on a worker, so it runs there, in order, without waiting (§5 Layer 2).
   */
  | Node<"call-builtin", { readonly name: BuiltinName; readonly dicts: readonly DictExpr[]; readonly args: readonly Expr[]; readonly suspends?: boolean; readonly inline?: boolean }>
  | Node<"construct", { readonly ctor: CtorRef; readonly args: readonly Expr[] }>
  | Lambda
  | Node<"let", { readonly bindings: readonly { readonly binding: Binding; readonly value: Expr }[]; readonly body: Expr }>
  | Node<"set", { readonly binding: Binding; readonly value: Expr }>
  | Node<"if", { readonly cond: Expr; readonly then: Expr; readonly else: Expr }>
  /** `do`, and every multi-form body; `body` is non-empty. */
  | Node<"do", { readonly body: readonly Expr[] }>
  | Node<"while", { readonly cond: Expr; readonly body: Expr }>
  | Node<"loop", { readonly id: number; readonly bindings: readonly { readonly binding: Binding; readonly value: Expr }[]; readonly body: Expr }>
  /** `recur` to the loop `loopId`, or to the enclosing function when `loopId` is null. */
  | Node<"recur", { readonly loopId: number | null; readonly args: readonly Expr[] }>
  | Node<"match", { readonly scrutinee: Expr; readonly arms: readonly { readonly pattern: Pattern; readonly body: Expr }[] }>
  | Node<"field", { readonly target: Expr; readonly struct: GlobalRef; readonly field: string }>
  | Node<"with", { readonly target: Expr; readonly struct: GlobalRef; readonly updates: readonly { readonly field: string; readonly value: Expr }[] }>
  | Node<"try", { readonly body: Expr; readonly error: Binding; readonly handler: Expr }>
  | Node<"vector", { readonly items: readonly Expr[] }>
  | Node<"map", { readonly entries: readonly (readonly [Expr, Expr])[] }>
  /**
   * Added by the checker: `(with-arena (a) body...)`. `arena` is bound to the internal type
   * `Arena` for the body; the node's value is the body's. `(arena-vec a n x)` is an ordinary
   * `call-builtin` named `arena-vec` whose type is `(MutVec T)`.
   */
  | Node<"with-arena", { readonly arena: Binding; readonly body: Expr }>
  /**
   * Added by the concurrency checker (LANGUAGE.md §5). `(with-tasks body...)`: a task scope;
   * its value is the body's, once every task spawned into it has finished. It is a
   * suspension point (the enclosing function `suspends`).
   */
  | Node<"with-tasks", { readonly body: Expr }>
  /**
   * `(spawn e)` / `(spawn-thread e)` (`thread: true`): starts `body`, a lambda without
   * parameters whose `captures` are what crosses to the task, in the innermost enclosing
   * `with-tasks` (dynamically: the scope that is open when it runs). Type `(Task a)`.
   */
  | Node<"spawn", { readonly thread: boolean; readonly body: Lambda }>
  /** `(timeout ms e)`: runs `body` (a parameterless lambda) as a task; `(Some v)` or `None`. */
  | Node<"timeout", { readonly ms: Expr; readonly body: Lambda }>
  /** `(race e1 e2 ...)`: each body a parameterless lambda run as a task; the first value wins. */
  | Node<"race", { readonly bodies: readonly Lambda[] }>
  /**
   * `(channel T ...)`: type `(Channel T)`. `capacity` is 64 when not written, `null` when
   * `policy` is `"unbounded"`; `"block"` is the default policy (`send` waits while full).
   */
  | Node<"channel", { readonly capacity: Expr | null; readonly policy: "block" | "dropping" | "sliding" | "unbounded" }>
  /**
   * `(select clause... (default body...))`: runs exactly one clause; a `recv` clause binds
   * `(Option T)` (or nothing when its name list is empty). Every body has the node's type.
   */
  | Node<"select", { readonly clauses: readonly SelectClause[]; readonly default: Expr | null }>
  /** `(for-msg (m ch) body...)`: `binding` is each message (type T, not an Option); `()`. */
  | Node<"for-msg", { readonly binding: Binding; readonly channel: Expr; readonly body: Expr }>;

export type SelectClause =
  | { readonly kind: "recv"; readonly channel: Expr; readonly binding: Binding | null; readonly body: Expr; readonly span: Span }
  | { readonly kind: "send"; readonly channel: Expr; readonly value: Expr; readonly body: Expr; readonly span: Span }
  | { readonly kind: "after"; readonly ms: Expr; readonly body: Expr; readonly span: Span };

export type ExprKind = Expr["kind"];

export type Pattern =
  | { readonly kind: "wild"; readonly span: Span }
  | { readonly kind: "bind"; readonly binding: Binding; readonly span: Span }
  | { readonly kind: "lit"; readonly value: Literal; readonly span: Span }
  | { readonly kind: "ctor"; readonly ctor: CtorRef; readonly args: readonly Pattern[]; readonly span: Span };
