import type { Form, Span } from "@weft/reader";
import type { DictExpr, DictParam, Expr } from "../IR.js";
import type { Type } from "../Type.js";
import { desugar } from "./Sugar.js";
import { BUILTINS, NO_DICTIONARY, type Scheme } from "./Builtins.js";
import { cause, find, freshFlag, implies, isSetNow, quantifiable, requireUnset, seed, setFlag, type Flag } from "./Flag.js";
import { suspAnnotationRigid, suspensionPoint } from "./passes/Suspension.js";
import { fnAnnotationRigid } from "./passes/Shareable.js";
import { DUMMY_DICT } from "./Classes.js";
import type { ClassInfo, CtorInfo, Given, Global, Local, MBinding, TypeInfo } from "./Env.js";
import { Scope } from "./Env.js";
import { closest, ordinal, plural, type Reporter } from "./Errors.js";
import {
  con,
  containsError,
  describe,
  fn,
  flagsOf,
  freeVars,
  freshVar,
  GENERIC,
  prune,
  show,
  substitute,
  tError,
  tUnit,
  VarNames,
  zonk,
  type TCon,
  type TVar,
  tyOf,
  asIrType,
  type Ty,
} from "./Ty.js";
import { unify } from "./Unify.js";
import { construct, field, withForm, match } from "./InferData.js";
import { condition, ifForm, cond, andOr, loop, recur, set, tryForm } from "./InferControl.js";
import { withTasks, spawn, timeout, race, channel, select, forMsg, crossingCall } from "./InferTasks.js";
import { isNamed, isSym, literalOf } from "./Forms.js";
import { unitBody } from "./Lowering.js";
import { MAX_DEPTH } from "./Depth.js";
import { builtinCall, globalCall, inferNth, inferSwap, valueCall } from "./InferCalls.js";
import { inferLambda, inferLet } from "./InferBindings.js";

/** A class constraint waiting for its definition group to be generalised, and where its dictionary goes. */
export interface Pending {
  readonly cls: string;
  readonly ty: Ty;
  readonly span: Span;
  /** What needed it, for the message: "`+`", "`println`", "`describe`". */
  readonly origin: string;
  readonly slot: DictExpr[];
  readonly index: number;
  readonly givens: readonly Given[];
}

/** The state of one definition group (a set of mutually recursive top-level definitions). */
export interface Group {
  readonly pending: Pending[];
  /** Call sites of a member of the group, monomorphic while the group is inferred. */
  readonly recursive: { slot: DictExpr[] }[];
  /** Run after solving: writes dictionaries into nodes that hold a single one. */
  readonly fixups: (() => void)[];
  /** Values that cross to another task or thread here: their types must be Shareable (§6). */
  readonly reqs: Req[];
  /** A closure's `share` flag is set when a type it captures is not Shareable. */
  readonly conds: Cond[];
  /** Functions given to `swap!` (W0321 when they print). */
  readonly swaps: { fn: Expr; span: Span }[];
  /** Errors reported before the group: one after it may be the consequence of an earlier one. */
  readonly errorsAtStart: number;
}

export function newGroup(errorsAtStart = 0): Group {
  return { pending: [], recursive: [], fixups: [], reqs: [], conds: [], swaps: [], errorsAtStart };
}

/** A crossing: `ty` must be Shareable; E0301/E0302 at `span` otherwise. */
export interface Req {
  readonly ty: Ty;
  readonly span: Span;
  readonly code: "E0301" | "E0302";
  /** The value, as the message names it: "`hurt`", "the value sent". */
  readonly what: string;
  /** "captured by `spawn`", "sent on a channel"… */
  readonly site: string;
  readonly label: string;
  /** A captured binding (the arena check may own it instead). */
  readonly binding?: MBinding;
  readonly notes: readonly { span: Span; message: string }[];
  readonly givens: readonly Given[];
}

export interface Cond {
  readonly ty: Ty;
  readonly flag: Flag;
  readonly name: string;
  readonly useSpan: Span;
  /** `name` is a top-level value the function uses (§6), not a capture; `via`: the top-level function that uses it. */
  readonly def?: { readonly via: string | null };
}

/** A top-level value (`def`, `defonce`) that a top-level function uses, directly or through the functions it calls. */
export interface UsedDef {
  readonly name: string;
  readonly ty: Ty;
  /** Where it is used, inside the function that uses it directly. */
  readonly span: Span;
}

/** Why an expected type was expected: builds the E0101 message from the two types. */
type Why = (actual: string, expected: string) => { message: string; notes?: { span: Span; message: string }[]; help?: string };

/** What the expression checker needs from the module it is in. */
export interface ModuleEnv {
  readonly path: string;
  readonly rep: Reporter;
  readonly values: ReadonlyMap<string, Global>;
  readonly types: ReadonlyMap<string, TypeInfo>;
  readonly ctors: ReadonlyMap<string, CtorInfo>;
  readonly classes: ReadonlyMap<string, ClassInfo>;
  /** The top-level names this module's instances of a class mention in their methods (§6: what calling a method may use). */
  readonly methodUses?: ReadonlyMap<string, readonly string[]>;
  nextBinding(): number;
  nextLambda(): number;
  nextLoop(): number;
}

const SPECIAL = new Set([
  "with-tasks", "spawn", "spawn-thread", "channel", "select", "for-msg", "timeout", "race",
  "let", "fn", "if", "when", "unless", "cond", "do", "and", "or", "while", "loop", "recur", "match", "set!",
  "try", "the", "with", "with-arena", "def", "defn", "sig", "defstruct", "defenum", "defclass", "instance", "import", "defonce",
]);

export const T = asIrType;

function article(t: Ty): string {
  return describe(t);
}

/** Whether a `MutVec` is part of `t` (it can never cross, so copying the binding does not help). */
function conversionHelp(actual: Ty, expected: Ty, form?: Form): string | undefined {
  const a = prune(actual);
  const e = prune(expected);
  if (a.tag !== "con" || e.tag !== "con") return undefined;
  const src = !form ? "…"
    // A name the checker made (`assert=`'s operands) is not one the user could write.
    : form.kind === "symbol" ? (/\s/.test(form.name) ? "…" : form.name)
    : form.kind === "int" ? String(form.value)
    : form.kind === "float" ? (Number.isInteger(form.value) ? `${form.value}.0` : String(form.value))
    : "…";
  if (a.name === "Int" && e.name === "Float") return form?.kind === "int" ? `write it as a Float: ${form.value}.0, or convert: (float ${src})` : `convert it: (float ${src})`;
  if (a.name === "Float" && e.name === "Int") return `convert it: (int ${src}) (truncates toward zero)`;
  if (a.name === "String" && (e.name === "Int" || e.name === "Float"))
    return `parse it: (parse-${e.name.toLowerCase()} ${src}) gives an (Option ${e.name}), None when the text is not a number`;
  if (e.name === "String" && a.name !== "String" && a.args.length === 0) return `make it text: (str ${src})`;
  return undefined;
}

/**
 * Type inference and elaboration of one definition's expressions into the typed IR.
 * Hindley–Milner (algorithm J with levels): unification variables are bound in place,
 * `level` marks let-nesting so generalisation takes only variables born inside the binding.
 */
export class Infer {
  level = 1;
  group: Group = newGroup();
  givens: readonly Given[] = [];
  /** Lambdas being inferred, innermost last, each collecting what it captures (and where first). */
  readonly lambdas: { captures: MBinding[]; spans: Map<MBinding, Span>; defs?: { name: string; ty: Ty; span: Span; via?: string }[] }[] = [];
  /** The top-level values the definition being inferred uses (§6: they decide whether it is Shareable). */
  usedDefs: UsedDef[] = [];
  /** The `fn` form of the instance method being checked. */
  methodForm: Form | null = null;
  /** The `susp` flag of each enclosing function body, innermost last: suspension points set it. */
  readonly suspStack: Flag[] = [];
  /**
   * How many `par-map`/`par-for-each` function literals lexically enclose the expression: a
   * `par-map` there runs inline on that worker (§5 Layer 2), so it is not a suspension point.
   */
  workerDepth = 0;
  readonly workerFns = new Set<Form>();
  /** `recur` targets, innermost last; a `fn` starts a new one. */
  readonly recurTargets: { loopId: number | null; params: Ty[]; span: Span }[] = [];

  constructor(readonly env: ModuleEnv) {}

  get rep(): Reporter {
    return this.env.rep;
  }

  fresh(): TVar {
    return freshVar(this.level);
  }

  /**
   * Fresh variables and fresh flags for the quantified ones of `s`. A quantified rigid flag (a
   * function that the definition lets cross) becomes a rigid flag reported at `span`.
   */
  instantiate(s: Scheme, span?: Span, origin = "this function"): { ty: Ty; constraints: { cls: string; ty: Ty; why?: { span: Span; site: string; code: "E0301" | "E0302" } }[] } {
    // Quantified flags, and rigid ones (a rigid flag can never be set, so a copy that reports
    // at this use is the same constraint, pointing at the right place).
    const generic = [
      ...quantifiable(flagsOf(s.ty).filter((f) => f.generic), true),
      ...flagsOf(s.ty).filter((f) => !f.generic && span !== undefined && f.rigids.some((r) => r.template) && !isSetNow(f)),
    ];
    if (s.vars.length === 0 && generic.length === 0) return { ty: s.ty, constraints: [...s.constraints] };
    const map = new Map<number, Ty>();
    for (const v of s.vars) map.set(v.id, this.fresh());
    const fresh = new Map<Flag, Flag>();
    // A `LocalFn` marker is not copied: it forbids the definition itself to let the value cross.
    for (const g of generic) fresh.set(g, freshFlag(g.kind));
    const flagMap = (f: Flag): Flag => fresh.get(find(f)) ?? f;
    for (const [g, f] of fresh) {
      for (const e of g.implies) implies(f, flagMap(e.to), e.via);
      for (const r of g.rigids) if (span && r.template) requireUnset(f, r.template(span, origin));
      for (const ct of g.condTys) this.group.conds.push({ ty: substitute(ct as Ty, map), flag: f, name: "a value", useSpan: span ?? { file: "", start: 0, end: 0 } });
    }
    return { ty: substitute(s.ty, map, flagMap), constraints: s.constraints.map((c) => ({ ...c, ty: substitute(c.ty, map) })) };
  }

  /** The innermost function body's `susp` flag (a `def`'s value has its own). */
  get susp(): Flag {
    return this.suspStack[this.suspStack.length - 1] ?? freshFlag("susp");
  }

  /** A suspension point here: a seed of the enclosing function's `susp` flag (passes/Suspension.ts solves it). */
  suspends(what: string, span: Span): void {
    seed(this.susp, suspensionPoint(what, span));
  }

  /** Calling something of type `callee` here: the enclosing function suspends when it does. */
  calls(callee: Ty): void {
    const c = prune(callee);
    if (c.tag === "fn") implies(c.susp, this.susp);
  }

  /** A top-level value used here, directly (`via` null) or through the top-level function `via`. */
  useDef(name: string, ty: Ty, span: Span, via: string | null, inner: Span = span): void {
    this.usedDefs.push({ name, ty, span: inner });
    for (const l of this.lambdas) (l.defs ??= []).push({ name, ty, span, ...(via ? { via } : {}) });
  }

  /** Instantiates generic variables (level GENERIC) wherever they occur in `t`. */
  instantiateGeneric(t: Ty): Ty {
    const gs = freeVars(t).filter((v) => v.level === GENERIC);
    if (gs.length === 0) return t;
    const map = new Map<number, Ty>();
    for (const v of gs) map.set(v.id, this.fresh());
    return substitute(t, map);
  }

  /** Records a class constraint; its dictionary lands in `slot[index]` once the group is solved. */
  constrain(cls: string, ty: Ty, span: Span, origin: string, slot: DictExpr[], why?: { span: Span; site: string; code: "E0301" | "E0302" }): void {
    if (cls === "Shareable") {
      // Not a dictionary: a crossing inside the callee, checked here at the instantiation, with
      // the crossing's own code (a value the callee sends is E0302 at the call, as in place).
      this.group.reqs.push({
        ty, span, code: why?.code ?? "E0301", what: "a value given here", site: `given to ${origin}, which ${why?.code === "E0302" ? "sends it on a channel" : "lets it cross to another task"}`, label: `${origin} needs a Shareable value here`,
        notes: why ? [{ span: why.span, message: `inside ${origin}, it is ${why.site} here` }] : [], givens: this.givens,
      });
      return;
    }
    // A class without dictionaries (`MapKey`) is resolved like the others, into a slot nobody reads.
    const own = NO_DICTIONARY.has(cls) ? [] : slot;
    const index = own.length;
    own.push(DUMMY_DICT);
    this.group.pending.push({ cls, ty, span, origin, slot: own, index, givens: this.givens });
  }

  /** While a definition with a `sig` is inferred: its parameters, and the sig that types them. */
  sigParams = new Map<string, { readonly sig: Span; readonly ty: Ty }>();

  /**
   * A note at the sig when `form` names a parameter whose type (`type`, described) the sig gave;
   * a local that shadows the parameter has its own type, so it gets none.
   */
  sigNoteFor(form: Form | undefined, type: string): { span: Span; message: string }[] {
    const p = form?.kind === "symbol" ? this.sigParams.get(form.name) : undefined;
    if (!p || form?.kind !== "symbol" || describe(zonk(p.ty)) !== type) return [];
    return [{ span: p.sig, message: `\`${form.name}\` is ${type} because the sig says so` }];
  }

  /** Unifies `actual` with `expected`; on failure reports E0101 (or E0109) at `span`, saying why. */
  expect(actual: Ty, expected: Ty, span: Span, why: Why, form?: Form): boolean {
    const f = unify(actual, expected);
    if (!f) return true;
    if (containsError(actual) || containsError(expected)) return false;
    if (f.kind === "occurs") {
      const names = new VarNames();
      this.rep.report("E0109", `infinite type: \`${show(f.variable, names)}\` would have to be \`${show(f.type, names)}\`, which contains itself`, span, {
        label: "this makes the type infinite",
        help: "a value cannot contain itself; check the order of arguments, or use an enum to build recursive data",
      });
      return false;
    }
    const names = new VarNames();
    const a = describe(zonk(actual), names);
    const e = describe(zonk(expected), names);
    const w = why(a, e);
    const help = w.help ?? conversionHelp(actual, expected, form);
    // A parameter's type that came from the sig: say so where the sig is (LANGUAGE.md §9).
    const sigNote = (w.notes ?? []).some((n) => n.message.endsWith("because the sig says so")) ? [] : this.sigNoteFor(form, a);
    this.rep.report("E0101", w.message, span, {
      label: `this is ${a}`,
      notes: [...(w.notes ?? []), ...sigNote],
      ...(help ? { help } : {}),
    });
    return false;
  }

  // ---------------------------------------------------------------- bindings and names

  newBinding(name: string, mutable: boolean, ty: Ty, span: Span): MBinding {
    return { id: this.env.nextBinding(), name, mutable, captured: false, type: ty, span };
  }

  bind(scope: Scope, b: MBinding, ty: Ty, generic = false, reqs: readonly Req[] = [], keys: readonly Ty[] = []): void {
    scope.vars.set(b.name, { binding: b, ty, generic, depth: this.lambdas.length, ...(reqs.length > 0 ? { reqs } : {}), ...(keys.length > 0 ? { keys } : {}) });
  }

  /** Marks a local as used here: every lambda between its definition and here captures it. */
  useLocal(l: Local, span: Span): void {
    for (let d = l.depth; d < this.lambdas.length; d++) {
      const lam = this.lambdas[d]!;
      if (!lam.captures.includes(l.binding)) {
        lam.captures.push(l.binding);
        lam.spans.set(l.binding, span);
      }
      l.binding.captured = true;
    }
  }

  unbound(name: string, span: Span, scope: Scope, what = "name"): void {
    const candidates = [...scope.names(), ...this.env.values.keys(), ...BUILTINS.keys(), ...this.env.ctors.keys()];
    const near = closest(name, candidates);
    const notes: { span: Span; message: string }[] = [];
    const local = near ? scope.lookup(near) : undefined;
    if (local) notes.push({ span: local.binding.span, message: `\`${near}\` is defined here` });
    this.rep.report("E0100", `cannot find the ${what} \`${name}\` in this scope`, span, {
      label: "not found",
      notes,
      ...(near ? { help: `did you mean \`${near}\`?` } : {}),
    });
  }

  malformed(span: Span, message: string, help?: string): Expr {
    this.rep.report("E0107", message, span, help ? { help } : {});
    return this.errorExpr(span);
  }

  errorExpr(span: Span): Expr {
    return { kind: "lit", value: { kind: "unit" }, type: T(tError()), span };
  }

  // ---------------------------------------------------------------- expressions

  /** Infers `f` in `scope`; `tail` says whether `f` is in tail position (for `recur`). */
  infer(f: Form, scope: Scope, tail: boolean): Expr {
    switch (f.kind) {
      case "int":
      case "float":
      case "string":
      case "bool":
      case "keyword": {
        const l = literalOf(f)!;
        return { kind: "lit", value: l.value, type: T(l.ty), span: f.span };
      }
      case "symbol":
        return this.symbol(f, scope);
      case "vector": {
        const items = f.items.map((x) => this.infer(x, scope, false));
        const elem: Ty = items[0] ? tyOf(items[0]) : this.fresh();
        items.forEach((it, i) => {
          if (i > 0)
            this.expect(tyOf(it), elem, it.span, (a, e) => ({
              message: `the elements of a vector must all have one type: the 1st is ${e}, the ${ordinal(i + 1)} ${a}`,
            }), f.items[i]);
        });
        return { kind: "vector", items, type: T(con("Vec", [elem])), span: f.span };
      }
      case "map": {
        const k = this.fresh();
        const v = this.fresh();
        const entries = f.entries.map(([kf, vf]) => {
          const ke = this.infer(kf, scope, false);
          const ve = this.infer(vf, scope, false);
          this.expect(tyOf(ke), k, ke.span, (a, e) => ({ message: `the keys of a map must all have one type: this key is ${a}, the first ${e}` }));
          this.expect(tyOf(ve), v, ve.span, (a, e) => ({ message: `the values of a map must all have one type: this value is ${a}, the first ${e}` }));
          return [ke, ve] as const;
        });
        // §4: a map literal makes a map of a new key type, so that type must be a key.
        this.constrain("MapKey", k, entries[0]?.[0].span ?? f.span, "this map literal", []);
        return { kind: "map", entries, type: T(con("Map", [k, v])), span: f.span };
      }
      case "list": {
        // The source nests at most MAX_DEPTH deep (Depth.ts), but sugar can nest deeper: each
        // step of `(-> x f g …)` wraps the previous one. The bound holds for what is inferred.
        if (this.#depth >= MAX_DEPTH) return this.#tooDeep(f);
        this.#depth++;
        try {
          return this.list(f, scope, tail);
        } finally {
          this.#depth--;
        }
      }
    }
  }

  #depth = 0;
  #tooDeep(f: Form): Expr {
    if (!this.reported.has("E0107:depth")) {
      this.reported.add("E0107:depth");
      this.rep.report("E0107", `this form is nested more than ${MAX_DEPTH} levels deep once \`->\`, \`dotimes\`, \`when-let\` and \`if-let\` are expanded, which the checker does not accept`, { ...f.span, end: f.span.start + 1 }, {
        label: `nesting level ${MAX_DEPTH + 1} starts here`,
        help: "split the pipeline: bind its middle with `let`, or move steps into functions",
      });
    }
    return this.errorExpr(f.span);
  }

  symbol(f: Extract<Form, { kind: "symbol" }>, scope: Scope): Expr {
    const name = f.name;
    const local = scope.lookup(name);
    if (local) {
      this.useLocal(local, f.span);
      if (!local.generic) return { kind: "local", binding: local.binding as never, type: T(useOf(local.ty)), span: f.span };
      // A generalised binding's crossings are checked at each use, at the use's types, as a
      // top-level function's `(Shareable a)` is.
      const reqs = (local.reqs ?? []) as readonly Req[];
      const map = new Map<number, Ty>();
      const keys = local.keys ?? [];
      for (const v of [local.ty, ...reqs.map((r) => r.ty), ...keys].flatMap((t) => freeVars(t)))
        if (v.level === GENERIC && !map.has(v.id)) map.set(v.id, this.fresh());
      for (const k of keys) this.constrain("MapKey", substitute(k, map), f.span, `\`${name}\``, []);
      for (const r of reqs)
        this.group.reqs.push({
          ...r, ty: substitute(r.ty, map), span: f.span, what: `a value given to \`${name}\``, label: `\`${name}\` lets it cross here`,
          notes: [...r.notes, { span: r.span, message: `inside \`${name}\`, it is ${r.site} here` }], givens: this.givens,
        });
      return { kind: "local", binding: local.binding as never, type: T(useOf(substitute(local.ty, map))), span: f.span };
    }
    const g = this.env.values.get(name);
    if (g) return this.globalRef(g, f.span, name);
    const ctor = this.env.ctors.get(name);
    if (ctor) {
      const { fields, result } = this.instantiateCtor(ctor);
      if (fields.length === 0) return { kind: "construct", ctor: ctor.ref, args: [], type: T(result), span: f.span };
      return { kind: "ctor", ctor: ctor.ref, type: T(fn(fields, result)), span: f.span };
    }
    const b = BUILTINS.get(name);
    if (b) {
      const inst = this.instantiate(b.value, f.span, `\`${name}\``);
      const dicts: DictExpr[] = [];
      for (const c of inst.constraints) this.constrain(c.cls, c.ty, f.span, `\`${name}\``, dicts, c.why);
      return { kind: "builtin", name, dicts, type: T(inst.ty), span: f.span };
    }
    if (SPECIAL.has(name)) return this.malformed(f.span, `\`${name}\` is a special form and cannot be used as a value`);
    if (/^[A-Z]/.test(name)) {
      const near = closest(name, this.env.ctors.keys());
      this.rep.report("E0105", `there is no constructor \`${name}\``, f.span, { label: "unknown constructor", ...(near ? { help: `did you mean \`${near}\`?` } : {}) });
      return this.errorExpr(f.span);
    }
    this.unbound(name, f.span, scope);
    return this.errorExpr(f.span);
  }

  globalRef(g: Global, span: Span, name: string): Expr {
    if (g.kind === "method") {
      const inst = this.instantiate(g.scheme, span, `\`${name}\``);
      const dicts: DictExpr[] = [];
      for (const c of inst.constraints) this.constrain(c.cls, c.ty, span, `\`${name}\``, dicts, c.why);
      const node: { kind: "method"; class: string; method: string; dict: DictExpr; type: Type; span: Span } = {
        kind: "method", class: g.cls.name, method: g.method, dict: DUMMY_DICT, type: T(inst.ty), span,
      };
      // The dictionary is known once the group is solved; `dicts[0]` is the class's.
      this.group.fixups.push(() => (node.dict = dicts[0] ?? DUMMY_DICT));
      // Any instance may run here: what their methods use, this use does (§6).
      for (const n of this.env.methodUses?.get(g.cls.name) ?? []) {
        const used = this.env.values.get(n);
        if (!used || used.kind !== "value") continue;
        const ty = used.state.scheme?.ty ?? used.state.mono?.ty;
        if (!used.isFn && ty) this.useDef(n, ty, span, name, used.span);
        else for (const d of used.state.usesDefs ?? []) this.useDef(d.name, d.ty, span, name, d.span);
      }
      return node;
    }
    const st = g.state;
    if (st.mono) {
      const slot: DictExpr[] = [];
      // A function of the group gets the group's dictionary parameters; a `def` takes none.
      if (g.isFn) this.group.recursive.push({ slot });
      else this.useDef(name, st.mono.ty, span, null);
      return { kind: "global", ref: g.ref, dicts: slot, type: T(st.mono.ty), span };
    }
    if (!st.scheme) return { kind: "global", ref: g.ref, dicts: [], type: T(tError()), span };
    const inst = this.instantiate(st.scheme, span, `\`${name}\``);
    // A `def` used inside a task is shared with it, as a capture would be; so are the ones a
    // top-level function uses (§6), and they decide whether that function is Shareable.
    if (!g.isFn) this.useDef(name, inst.ty, span, null);
    else {
      const share = prune(inst.ty);
      for (const d of st.usesDefs ?? []) {
        this.useDef(d.name, d.ty, span, name, d.span);
        // A sig's `(Fn …)` is rigid: its uses are checked where they cross (`lambdas`' defs).
        if (share.tag === "fn" && (find(share.share).rigids.length === 0 || isSetNow(share.share)))
          this.group.conds.push({ ty: d.ty, flag: share.share, name: d.name, useSpan: d.span, def: { via: null } });
      }
    }
    const dicts: DictExpr[] = [];
    for (const c of inst.constraints) this.constrain(c.cls, c.ty, span, `\`${name}\``, dicts, c.why);
    return { kind: "global", ref: g.ref, dicts, type: T(inst.ty), span };
  }

  instantiateCtor(c: CtorInfo): { fields: Ty[]; result: Ty } {
    const map = new Map<number, Ty>();
    for (const v of c.paramVars) map.set(v.id, this.fresh());
    return { fields: c.fields.map((t) => substitute(t, map)), result: substitute(c.result, map) };
  }

  body(forms: readonly Form[], scope: Scope, tail: boolean, span: Span): Expr {
    if (forms.length === 0) return { kind: "lit", value: { kind: "unit" }, type: T(tUnit()), span };
    const exprs = forms.map((x, i) => this.infer(x, scope, tail && i === forms.length - 1));
    if (exprs.length === 1) return exprs[0]!;
    const last = exprs[exprs.length - 1]!;
    return { kind: "do", body: exprs, type: last.type, span };
  }

  list(f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
    const [h, ...args] = f.items;
    if (!h) return { kind: "lit", value: { kind: "unit" }, type: T(tUnit()), span: f.span };
    if (h.kind === "symbol" && !scope.lookup(h.name)) {
      const n = h.name;
      if (!this.env.values.has(n)) {
        const sugar = desugar(f);
        if (sugar) return "malformed" in sugar ? this.malformed(f.span, sugar.malformed) : this.infer(sugar, scope, tail);
      }
      switch (n) {
        case "let":
          return inferLet(this, f, scope, tail);
        case "fn":
          return inferLambda(this, f, scope);
        case "if":
          return ifForm(this, f, scope, tail);
        case "when":
        case "unless": {
          if (args.length < 1) return this.malformed(f.span, `\`${n}\` needs a condition: (${n} cond body...)`);
          const c = condition(this, args[0]!, scope, n);
          const b = this.body(args.slice(1), new Scope(scope), tail, f.span);
          const unit: Expr = { kind: "lit", value: { kind: "unit" }, type: T(tUnit()), span: f.span };
          const thenE = n === "when" ? b : unit;
          const elseE = n === "when" ? unit : b;
          const wrap = (e: Expr): Expr => (e === unit ? e : unitBody(e));
          return { kind: "if", cond: c, then: wrap(thenE), else: wrap(elseE), type: T(tUnit()), span: f.span };
        }
        case "cond":
          return cond(this, f, scope, tail);
        case "do":
          return this.body(args, scope, tail, f.span);
        case "and":
        case "or":
          return andOr(this, f, scope);
        case "while": {
          if (args.length < 1) return this.malformed(f.span, "`while` needs a condition: (while cond body...)");
          const c = condition(this, args[0]!, scope, "while");
          const b = this.body(args.slice(1), new Scope(scope), false, f.span);
          return { kind: "while", cond: c, body: b, type: T(tUnit()), span: f.span };
        }
        case "loop":
          return loop(this, f, scope);
        case "recur":
          return recur(this, f, scope, tail);
        case "match":
          return match(this, f, scope, tail);
        case "set!":
          return set(this, f, scope);
        case "try":
          return tryForm(this, f, scope);
        case "the": {
          if (args.length !== 2) return this.malformed(f.span, "`the` takes a type and an expression: (the Type expr)");
          const ty = this.annotation(args[0]!);
          const e = this.infer(args[1]!, scope, false);
          this.expect(tyOf(e), ty, e.span, (a, x) => ({
            message: `this expression must be ${x}, because the \`the\` annotation says so, but it is ${a}`,
            notes: [{ span: args[0]!.span, message: "the annotation" }],
          }), args[1]);
          // On success `e` already has the annotated type; on failure keep its own (reported).
          return e;
        }
        case "with":
          return withForm(this, f, scope);
        case "with-arena": {
          const spec = args[0];
          if (!spec || spec.kind !== "list" || spec.items.length !== 1 || !isSym(spec.items[0]))
            return this.malformed(f.span, "`with-arena` names its arena: (with-arena (a) body...)");
          const inner = new Scope(scope);
          const name = spec.items[0];
          const b = this.newBinding(name.name, false, con("Arena"), name.span);
          this.bind(inner, b, con("Arena"));
          const body = this.body(args.slice(1), inner, false, f.span);
          return { kind: "with-arena", arena: b as never, body, type: body.type, span: f.span };
        }
        case "nth":
          return inferNth(this, f, scope);
        case "swap!":
          return inferSwap(this, f, scope);
        case "with-tasks":
          return withTasks(this, f, scope);
        case "spawn":
        case "spawn-thread":
          return spawn(this, f, scope, n === "spawn-thread");
        case "timeout":
          return timeout(this, f, scope);
        case "race":
          return race(this, f, scope);
        case "channel":
          return channel(this, f);
        case "select":
          return select(this, f, scope, tail);
        case "for-msg":
          return forMsg(this, f, scope);
        case "send":
        case "try-send":
        case "par-map":
        case "par-for-each":
          if (this.env.values.has(n)) break;
          return crossingCall(this, f, n, scope);
        case "def":
        case "defn":
        case "defonce":
        case "sig":
        case "defstruct":
        case "defenum":
        case "defclass":
        case "instance":
        case "import":
          return this.malformed(f.span, `\`${n}\` is only allowed at the top level of a module`);
      }
      if (n.startsWith(".") && n.length > 1) return field(this, f, scope);
      if (!this.env.values.has(n) && !this.env.ctors.has(n) && BUILTINS.has(n)) return builtinCall(this, f, n, scope);
      const ctor = this.env.ctors.get(n);
      if (ctor && !this.env.values.has(n)) return construct(this, f, ctor, scope);
      const g = this.env.values.get(n);
        if (g && g.kind === "value" && g.isFn) return globalCall(this, f, g, scope);
    }
    return valueCall(this, f, scope);
  }

  /** Copies `t` with a fresh rigid flag (reported at `site`) for each rigid, unset flag of an annotation. */
  freshenRigid(t: Ty, site: Span, origin: string): Ty {
    const fresh = new Map<Flag, Flag>();
    return substitute(t, new Map(), (f) => {
      const r = find(f);
      if (r.rigids.length === 0 || !r.rigids.some((x) => x.template) || isSetNow(r)) return f;
      let g = fresh.get(r);
      if (!g) {
        g = freshFlag(r.kind);
        for (const x of r.rigids) if (x.template) requireUnset(g, x.template(site, origin));
        fresh.set(r, g);
      }
      return g;
    });
  }

  // ---------------------------------------------------------------- concurrency (§5)

  readonly reported = new Set<string>();

  ctorsByType: Map<string, CtorInfo[]> | null = null;

  /** A type annotation; lowercase names are type variables local to `vars` (fresh ones here). */
  annotation(f: Form, vars: Map<string, Ty> = new Map()): Ty {
    return parseType(f, this.env, (name) => {
      let v = vars.get(name);
      if (!v) vars.set(name, (v = this.fresh()));
      return v;
    });
  }
}

/**
 * A use of a local function value: the same type with fresh outer flags that are at least the
 * binding's (`binding ⇒ use`). What happens to this use (an `if` with a local closure, a
 * vector, an atom) makes the *use* local or suspending, not the binding itself, while a
 * requirement on the use (it crosses, it must not suspend) still sees the binding's flags.
 */
function useOf(t: Ty): Ty {
  const p = prune(t);
  if (p.tag !== "fn") return t;
  const share = freshFlag("share");
  const susp = freshFlag("susp");
  implies(p.share, share);
  implies(p.susp, susp);
  if (find(p.share).local) share.local = find(p.share).local;
  return fn(p.params, p.result, share, susp);
}

const BUILTIN_TYPES = new Map<string, number>([
  ["Int", 0], ["Float", 0], ["Bool", 0], ["String", 0], ["Keyword", 0], ["Unit", 0], ["Error", 0], ["Arena", 0],
  ["Vec", 1], ["Map", 2], ["Option", 1], ["Result", 2], ["Atom", 1], ["Channel", 1], ["Task", 1], ["MutVec", 1],
]);

/** Parses a type form: builtins, program types (E0104 when unknown), `(Fn (A) B)`, variables via `variable`. */
export function parseType(f: Form, env: Pick<ModuleEnv, "rep" | "types">, variable: (name: string, span: Span) => Ty, inField = false, lasting = inField, ownFlagOpen = false): Ty {
  const unknown = (name: string, span: Span): Ty => {
    const near = closest(name, [...BUILTIN_TYPES.keys(), ...env.types.keys()]);
    env.rep.report("E0104", `unknown type \`${name}\``, span, { label: "not a type in scope", ...(near ? { help: `did you mean \`${near}\`?` } : {}) });
    return tError();
  };
  const named = (name: string, args: Ty[], span: Span): Ty => {
    const arity = BUILTIN_TYPES.get(name);
    const info = env.types.get(name);
    if (arity === undefined && !info) return unknown(name, span);
    const want = arity ?? info!.params.length;
    if (want !== args.length) {
      env.rep.report("E0104", `the type \`${name}\` takes ${plural(want, "type argument")} but was given ${args.length}`, span);
      return tError();
    }
    return con(name, args, info?.module);
  };
  if (f.kind === "symbol") {
    if (/^[a-z]/.test(f.name)) return variable(f.name, f.span);
    return named(f.name, [], f.span);
  }
  if (f.kind === "list") {
    if (f.items.length === 0) return tUnit();
    const [h, ...rest] = f.items;
    if (isNamed(h, "Fn") || isNamed(h, "LocalFn")) {
      const ps = rest[0];
      const marker = rest[2];
      const suspending = rest.length === 3 && marker?.kind === "keyword" && marker.name === "suspends";
      if ((rest.length !== 2 && !suspending) || !ps || ps.kind !== "list") {
        env.rep.report("E0107", "a function type is (Fn (Param...) Result), or (Fn (Param...) Result :suspends) for one that may suspend", f.span);
        return tError();
      }
      const params = ps.items.map((p) => parseType(p, env, variable, inField, lasting));
      const result = parseType(rest[1]!, env, variable, inField, lasting);
      // `:suspends` (§2): calls through it may wait, so a function that suspends may be stored.
      const susp = suspending ? setFlag("susp", cause("is declared `:suspends`", [{ span: f.span, message: "declared `:suspends` here" }])) : freshFlag("susp");
      // Without it, a function that can suspend reaching it is E0322 (§2). A `lasting` type (a
      // field, a class method) gets its own rule from the module (Module.#lasting).
      // A sig's own flag (`ownFlagOpen`, the outermost type) stays inferred: see Module's sigs.
      if (!suspending && !lasting && !ownFlagOpen) requireUnset(susp, suspAnnotationRigid(env.rep, f.span));
      if (isNamed(h, "LocalFn")) {
        const why = cause("may capture anything (its type is declared `LocalFn`)", [{ span: f.span, message: "declared `LocalFn` here" }], "declare it (Fn …) if it captures only Shareable values");
        // A field declared LocalFn makes its struct not Shareable. Elsewhere (a sig, a
        // parameter) LocalFn accepts any function: the flag stays open (a Shareable function
        // given to it stays Shareable), but the value it names may never cross.
        if (inField) return fn(params, result, setFlag("share", why), susp);
        const share = freshFlag("share");
        share.local = why;
        return fn(params, result, share, susp);
      }
      const share = freshFlag("share");
      requireUnset(share, fnAnnotationRigid(env.rep, f.span, null, null));
      return fn(params, result, share, susp);
    }
    if (isSym(h) && /^[A-Z]/.test(h.name)) return named(h.name, rest.map((r) => parseType(r, env, variable, inField, lasting)), h.span);
  }
  env.rep.report("E0107", "this is not a type: write `Int`, `(Vec a)`, `(Fn (A) B)`…", f.span);
  return tError();
}

export type { Scheme, TCon, DictParam, ClassInfo };
export { article };
