import type { Span } from "@weft/reader";
import { cause, freshFlag, setFlag } from "./Flag.js";
import { con, fn, freshVar, GENERIC, type TCon, type TFn, type TVar, type Ty } from "./Ty.js";
import { STDLIB } from "./Stdlib.js";

/** A polymorphic type: `vars` are GENERIC-level variables, instantiated fresh at each use. */
export interface Scheme {
  readonly vars: readonly TVar[];
  /**
   * `why`: for an inferred `(Shareable a)`, where the value crosses inside the definition, and
   * the code of that crossing (E0302 when it is sent on a channel), which its callers report.
   */
  readonly constraints: readonly { readonly cls: string; readonly ty: Ty; readonly why?: { readonly span: Span; readonly site: string; readonly code: "E0301" | "E0302" } }[];
  readonly ty: Ty;
}

/**
 * How a builtin is typed. `fixed` maps an argument count to a scheme; `same` is a variadic whose
 * arguments share one type (`+`, `*`), `each` a variadic whose arguments each carry their own
 * `Show` dictionary (`str`, `println`, `print`). `value` is its type when used as a value.
 */
export interface BuiltinSig {
  readonly fixed: ReadonlyMap<number, Scheme>;
  readonly variadic?: { readonly kind: "same" | "each"; readonly min: number; readonly cls: string; readonly result: Ty | null };
  readonly value: Scheme;
}

/** Parses a type written in Weft syntax with lowercase generic variables, e.g. `(Fn ((Vec a)) a)`. */
function parse(text: string, vars: Map<string, TVar>): Ty {
  const tokens = text.replace(/\(/g, " ( ").replace(/\)/g, " ) ").trim().split(/\s+/);
  let i = 0;
  const item = (): unknown => {
    const t = tokens[i++]!;
    if (t !== "(") return t;
    const out: unknown[] = [];
    while (tokens[i] !== ")") out.push(item());
    i++;
    return out;
  };
  const conv = (x: unknown): Ty => {
    if (typeof x === "string") {
      if (/^[a-z]/.test(x)) {
        let v = vars.get(x);
        if (!v) vars.set(x, (v = freshVar(GENERIC)));
        return v;
      }
      return con(x);
    }
    const xs = x as unknown[];
    if (xs.length === 0) return con("Unit");
    const head = xs[0] as string;
    if (head === "Fn" || head === "LocalFn") {
      // Builtins are polymorphic in both flags: every flag of their types is quantified.
      const share = freshFlag("share");
      const susp = freshFlag("susp");
      share.generic = susp.generic = true;
      return fn((xs[1] as unknown[]).map(conv), conv(xs[2]), share, susp);
    }
    return con(head, xs.slice(1).map(conv));
  };
  return conv(item());
}

export function scheme(text: string, constraints: [string, string][] = []): Scheme {
  const vars = new Map<string, TVar>();
  const ty = parse(text, vars);
  const cs = constraints.map(([cls, v]) => ({ cls, ty: vars.get(v)! }));
  return { vars: [...vars.values()], constraints: cs, ty };
}

const num: [string, string][] = [["Num", "a"]];
const eq: [string, string][] = [["Eq", "a"]];
const ord: [string, string][] = [["Ord", "a"]];

function simple(text: string, constraints: [string, string][] = []): BuiltinSig {
  const s = scheme(text, constraints);
  const arity = s.ty.tag === "fn" ? s.ty.params.length : 0;
  return { fixed: new Map([[arity, s]]), value: s };
}

/**
 * The builtins that make a map with keys of a type no map had before: the key type must be a
 * `MapKey`. Every other map builtin takes a map that already exists, so its keys already are.
 */
export const MAP_MAKERS: ReadonlySet<string> = new Set(["insert", "from-entries", "group-by"]);

function table(): Map<string, BuiltinSig> {
  const m = new Map<string, BuiltinSig>();
  const binNum = "(Fn (a a) a)";
  for (const op of ["+", "*"])
    m.set(op, { fixed: new Map(), variadic: { kind: "same", min: 2, cls: "Num", result: null }, value: scheme(binNum, num) });
  m.set("-", { fixed: new Map([[1, scheme("(Fn (a) a)", num)], [2, scheme(binNum, num)]]), value: scheme(binNum, num) });
  for (const op of ["/", "mod"]) m.set(op, simple(binNum, num));
  for (const op of ["=", "not="]) m.set(op, simple("(Fn (a a) Bool)", eq));
  for (const op of ["<", ">", "<=", ">="]) m.set(op, simple("(Fn (a a) Bool)", ord));
  m.set("abs", simple("(Fn (a) a)", num));
  for (const op of ["sqrt", "floor", "sin", "cos"]) m.set(op, simple("(Fn (Float) Float)"));
  m.set("int", simple("(Fn (Float) Int)"));
  m.set("float", simple("(Fn (Int) Float)"));
  m.set("show", simple("(Fn (a) String)", [["Show", "a"]]));
  m.set("str", { fixed: new Map(), variadic: { kind: "each", min: 0, cls: "Show", result: con("String") }, value: scheme("(Fn (a) String)", [["Show", "a"]]) });
  for (const op of ["println", "print"])
    m.set(op, { fixed: new Map(), variadic: { kind: "each", min: 0, cls: "Show", result: con("Unit") }, value: scheme("(Fn (a) ())", [["Show", "a"]]) });
  m.set("not", simple("(Fn (Bool) Bool)"));
  m.set("count", simple("(Fn (c) Int)", [["Count", "c"]]));
  // `nth` is typed by the checker (Vec or MutVec, see README); this is its Vec reading.
  m.set("nth", simple("(Fn ((Vec a) Int) a)"));
  m.set("conj", simple("(Fn ((Vec a) a) (Vec a))"));
  m.set("assoc", simple("(Fn ((Vec a) Int a) (Vec a))"));
  m.set("range", { fixed: new Map([[1, scheme("(Fn (Int) (Vec Int))")], [2, scheme("(Fn (Int Int) (Vec Int))")]]), value: scheme("(Fn (Int) (Vec Int))") });
  m.set("map", simple("(Fn ((Vec a) (LocalFn (a) b)) (Vec b))"));
  m.set("filter", simple("(Fn ((Vec a) (LocalFn (a) Bool)) (Vec a))"));
  m.set("reduce", simple("(Fn ((Vec a) b (LocalFn (b a) b)) b)"));
  m.set("for-each", simple("(Fn ((Vec a) (LocalFn (a) b)) ())"));
  m.set("get", simple("(Fn ((Map k v) k) (Option v))"));
  m.set("insert", simple("(Fn ((Map k v) k v) (Map k v))"));
  m.set("remove", simple("(Fn ((Map k v) k) (Map k v))"));
  m.set("keys", simple("(Fn ((Map k v)) (Vec k))"));
  m.set("vals", simple("(Fn ((Map k v)) (Vec v))"));
  m.set("mut-vec", simple("(Fn () (MutVec a))"));
  m.set("push!", simple("(Fn ((MutVec a) a) ())"));
  m.set("set-nth!", simple("(Fn ((MutVec a) Int a) ())"));
  m.set("freeze", simple("(Fn ((MutVec a)) (Vec a))"));
  m.set("fail", simple("(Fn (String) a)"));
  m.set("error-message", simple("(Fn (Error) String)"));
  m.set("atom", simple("(Fn (a) (Atom a))"));
  m.set("deref", simple("(Fn ((Atom a)) a)"));
  m.set("reset!", simple("(Fn ((Atom a) a) a)"));
  m.set("compare-and-set!", simple("(Fn ((Atom a) a a) Bool)"));
  m.set("arena-vec", simple("(Fn (Arena Int a) (MutVec a))"));
  // Concurrency (§5). The syntactic forms (with-tasks, spawn, channel, select, for-msg, timeout,
  // race) are typed in Infer; these are ordinary builtins.
  m.set("await", simple("(Fn ((Task a)) a)"));
  m.set("sleep", simple("(Fn (Int) ())"));
  m.set("yield", simple("(Fn () ())"));
  m.set("check-cancelled", simple("(Fn () ())"));
  m.set("cancel-tasks", simple("(Fn () ())"));
  m.set("thread-id", simple("(Fn () Int)"));
  m.set("recv", simple("(Fn ((Channel a)) (Option a))"));
  m.set("try-recv", simple("(Fn ((Channel a)) (Option a))"));
  m.set("send", simple("(Fn ((Channel a) a) ())"));
  m.set("try-send", simple("(Fn ((Channel a) a) Bool)"));
  m.set("close!", simple("(Fn ((Channel a)) ())"));
  m.set("par-map", simple("(Fn ((Vec a) (Fn (a) b)) (Vec b))"));
  m.set("par-for-each", simple("(Fn ((Vec a) (Fn (a) b)) ())"));
  for (const e of STDLIB) {
    const sch = scheme(e.type, e.constraints?.map(([c, x]) => [c, x] as [string, string]));
    if (e.variadic) m.set(e.name, { fixed: new Map(), variadic: { kind: "same", min: 2, cls: e.constraints![0]![0], result: null }, value: sch });
    else if (sch.ty.tag !== "fn") m.set(e.name, { fixed: new Map(), value: sch });
    else m.set(e.name, { fixed: new Map([[sch.ty.params.length, sch]]), value: sch });
  }
  for (const name of MAP_MAKERS) {
    const sig = m.get(name)!;
    // Last, so the dictionaries of the other constraints keep their places in `dicts`.
    const withKey = (sch: Scheme): Scheme => ({ ...sch, constraints: [...sch.constraints, { cls: "MapKey", ty: ((sch.ty as TFn).result as TCon).args[0]! }] });
    m.set(name, { ...sig, fixed: new Map([...sig.fixed].map(([n, sch]) => [n, withKey(sch)])), value: withKey(sig.value) });
  }
  // `map xs f` suspends exactly when `f` does: the builtin's own flag is its callback's.
  for (const hof of ["map", "filter", "reduce", "for-each", ...STDLIB.filter((e) => e.callback).map((e) => e.name)]) {
    const t = m.get(hof)!.value.ty as TFn;
    const cb = t.params[t.params.length - 1] as TFn;
    t.susp = cb.susp;
  }
  for (const name of SUSPENDING) {
    const t = m.get(name)!.value.ty as TFn;
    t.susp = setFlag("susp", cause(`it calls \`${name}\`, which can suspend`));
  }
  return m;
}

/** Builtins whose call is a suspension point (§5); `par-map`/`par-for-each` wait for the workers. */
export const SUSPENDING: ReadonlySet<string> = new Set(["await", "sleep", "yield", "check-cancelled", "recv", "send", "par-map", "par-for-each"]);

export const BUILTINS: ReadonlyMap<string, BuiltinSig> = table();

/** Builtins whose call results are never generalised by `let` (the value restriction). */
export const NON_GENERALISING = new Set(["atom", "mut-vec", "channel", "arena-vec"]);

/** Built-in classes and their methods (users may write instances of Eq, Ord, Num, Show). */
export const BUILTIN_CLASSES: ReadonlyMap<string, readonly string[]> = new Map([
  ["Eq", ["="]],
  ["Ord", ["<"]],
  ["Num", ["+", "-", "*", "/"]],
  ["Show", ["show"]],
  ["Count", []],
  ["Shareable", []],
  ["MapKey", []],
]);

/**
 * Classes that are checked and never passed: no dictionary parameter, no dictionary argument.
 * `Shareable` (§6) and `MapKey` (§4: what a map's keys may be).
 */
export const NO_DICTIONARY: ReadonlySet<string> = new Set(["Shareable", "MapKey"]);


/**
 * Instances the runtime provides: class → type constructor → how many of the type's arguments
 * need a dictionary of the same class (`Show (Vec a)` needs `Show a`).
 */
export const BUILTIN_INSTANCES: ReadonlyMap<string, ReadonlyMap<string, boolean>> = new Map([
  ["Eq", prims(["Int", "Float", "Bool", "String", "Keyword", "Unit"], ["Vec", "Map", "Option", "Result", "Entry"])],
  ["Ord", prims(["Int", "Float", "String", "Keyword", "Bool"], [])],
  ["Num", prims(["Int", "Float"], [])],
  ["Show", prims(["Int", "Float", "Bool", "String", "Keyword", "Unit"], ["Vec", "Map", "Option", "Result", "MutVec", "Entry"])],
  ["Count", prims(["String"], ["Vec", "Map", "MutVec"], false)],
  // §4: keys are Int, String, Keyword, Bool or structs/enums of them (Option and Result are enums).
  ["MapKey", prims(["Int", "String", "Keyword", "Bool"], ["Option", "Result"])],
]);

function prims(plain: string[], containers: string[], argsNeed = true): Map<string, boolean> {
  const m = new Map<string, boolean>();
  for (const p of plain) m.set(p, false);
  for (const c of containers) m.set(c, argsNeed);
  return m;
}
