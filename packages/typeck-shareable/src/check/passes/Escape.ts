import type { Span } from "@weft/reader";
import type { Binding, DictExpr, DictParam, Expr } from "../../IR.js";
import type { Type } from "../../Type.js";
import { BUILTINS } from "../Builtins.js";
import type { Reporter } from "../Errors.js";
import { SKIP_KEYS } from "../IrSearch.js";
import { prune, type Ty } from "../Ty.js";
import type { SummarisedFn } from "./Summaries.js";

/**
 * Scope-bound values (LANGUAGE.md §5–6): a value of an arena (an `arena-vec`, or a closure or
 * structure holding one) is bound to its `with-arena`; a closure that spawns into an enclosing
 * `with-tasks` is bound to that scope. Neither may leave its scope: as the scope's value,
 * assigned to a `mut` binding declared outside, put in an atom, sent, or captured by a task
 * (E0330 for arenas, E0311 for spawning closures).
 */
interface Scope {
  /** `param`: a parameter of the function being summarised (where its value may go). */
  readonly kind: "arena" | "tasks" | "param";
  readonly node: Expr;
  readonly index?: number;
  /** The arena's name, or the first spawn that binds a closure to this scope. */
  name: string;
  spawnSpan: Span | null;
}

type Tags = ReadonlySet<Scope>;
const NONE: Tags = new Set();

function union(...xs: Tags[]): Tags {
  const nonEmpty = xs.filter((x) => x.size > 0);
  if (nonEmpty.length === 0) return NONE;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return new Set(nonEmpty.flatMap((x) => [...x]));
}

/** Whether a value of this type can hold a scope-bound value (a MutVec, a function, a struct, a type parameter…). */
function mayCarry(t: Type, depth = 0): boolean {
  if (depth > 20) return true;
  if (t.kind === "var" || t.kind === "fn") return true;
  if (t.module !== undefined) return true;
  if (t.name === "MutVec" || t.name === "Arena") return true;
  return t.args.some((a) => mayCarry(a, depth + 1));
}

const ty = (e: { type: unknown }): Type => e.type as Type;

/**
 * Where a function lets each parameter's value go (ARCHITECTURE.md, "summaries"): `escapes`
 * says how it leaves for good (put in an atom, sent, stored in a global, captured by a task),
 * `into` which other parameters it is stored into (`push!`, `set-nth!`…). `calls` are the calls
 * of a parameter that is itself a function: at a call of the summarised function the argument
 * given for that parameter is looked up in turn, so a higher-order function hides no escape.
 * A call of a class method through one of its dictionary parameters is kept the same way: the
 * caller's dictionary names the instance, whose method's summary is applied in turn.
 * A call applies the summary to its arguments, so a helper hides no escape either.
 */
export interface ParamFlow {
  escapes: string | null;
  readonly into: Set<number>;
}
export interface EscapeSummary {
  readonly params: readonly ParamFlow[];
  /** `fn` is called with, as its `k`th argument, values of the parameters `args[k]`. */
  readonly calls: readonly ParamCall[];
}
export type ParamCall =
  | { readonly fn: number; readonly args: readonly (readonly number[])[] }
  /** `method` of the class of the `dict`th dictionary parameter. */
  | { readonly dict: number; readonly method: string; readonly args: readonly (readonly number[])[] };
/** By `module::name`, and `instance:ID::method` for an instance's methods; filled module by module, so a caller always finds its callees'. */
export type EscapeSummaries = Map<string, EscapeSummary>;
export type { SummarisedFn };

interface Summarising {
  readonly params: readonly Binding[];
  readonly dictParams: readonly DictParam[];
  readonly flows: ParamFlow[];
  readonly calls: ParamCall[];
}

const emptySummary = (n: number): Summarising & EscapeSummary => ({ params: [], dictParams: [], flows: Array.from({ length: n }, () => ({ escapes: null, into: new Set<number>() })), calls: [] });

/** What a builtin given as a function value does with its arguments (the same sinks as a direct call). */
function builtinSummary(name: string): EscapeSummary {
  const arity = Math.max(3, ...[...(BUILTINS.get(name)?.fixed.values() ?? [])].map((s) => { const t = prune(s.ty); return t.tag === "fn" ? t.params.length : 0; }));
  const flows = emptySummary(arity).flows;
  for (const [from, into] of BUILTIN_SINKS.get(name) ?? []) flows[from]!.into.add(into);
  const leaves: Record<string, [number[], string]> = {
    atom: [[0], "it is put in an atom"],
    "reset!": [[1], "it is put in an atom"],
    "swap!": [[2, 3, 4, 5], "it is put in an atom"],
    send: [[1], "it is sent on a channel"],
    "try-send": [[1], "it is sent on a channel"],
    "par-map": [[1], "it runs on worker threads"],
    "par-for-each": [[1], "it runs on worker threads"],
  };
  for (const i of leaves[name]?.[0] ?? []) if (flows[i]) flows[i]!.escapes = leaves[name]![1];
  return { params: flows, calls: BUILTIN_CALLS.get(name) ?? [] };
}

/** A table over the builtins' function types: `each` adds the entries of one of them. */
function overBuiltins<T>(each: (t: Extract<Ty, { tag: "fn" }>, add: (x: T) => void) => void): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const [name, sig] of BUILTINS)
    for (const sch of sig.fixed.values()) {
      const t = prune(sch.ty);
      if (t.tag === "fn") each(t, (x) => (out.get(name) ?? out.set(name, []).get(name)!).push(x));
    }
  return out;
}

/**
 * For each builtin, `[from, into]` pairs: the `from`th argument is stored into the `into`th, a
 * `MutVec` whose element type the other argument holds (`push!`, `set-nth!`, any later one).
 */
const BUILTIN_SINKS: ReadonlyMap<string, readonly (readonly [number, number])[]> = overBuiltins<[number, number]>((t, add) =>
  t.params.forEach((p, j) => {
    const pj = prune(p);
    if (pj.tag !== "con" || pj.name !== "MutVec" || !pj.args[0]) return;
    const elem = prune(pj.args[0]);
    t.params.forEach((q, i) => {
      if (i !== j && mentions(q, elem)) add([i, j]);
    });
  }),
);

/**
 * For each higher-order builtin, the calls it makes of its function arguments: `(for-each xs f)`
 * calls `f` with elements of `xs`, `(reduce xs init f)` with `init` and elements of `xs`. Read
 * off the builtins' types: the `k`th parameter of a function-typed parameter receives the
 * values of every other parameter that mentions one of its type variables.
 */
const BUILTIN_CALLS: ReadonlyMap<string, readonly ParamCall[]> = overBuiltins<ParamCall>((t, add) =>
  t.params.forEach((p, j) => {
    const f = prune(p);
    if (f.tag !== "fn") return;
    const args = f.params.map((q) => t.params.flatMap((r, i) => (i !== j && varsOf(q).some((v) => mentions(r, v)) ? [i] : [])));
    if (args.some((a) => a.length > 0)) add({ fn: j, args });
  }),
);

function varsOf(t: Ty, out: Ty[] = []): Ty[] {
  const p = prune(t);
  if (p.tag === "var") out.push(p);
  else if (p.tag === "con") p.args.forEach((a) => varsOf(a, out));
  else {
    p.params.forEach((a) => varsOf(a, out));
    varsOf(p.result, out);
  }
  return out;
}

function mentions(t: Ty, v: Ty): boolean {
  const p = prune(t);
  if (p === v) return true;
  if (p.tag === "con") return p.args.some((a) => mentions(a, v));
  if (p.tag === "fn") return p.params.some((a) => mentions(a, v)) || mentions(p.result, v);
  return false;
}

/**
 * The escape pass over one module's typed IR, after inference (every type and dictionary is
 * known, instances included). First its functions and instance methods are summarised to a
 * fixpoint over the call graph: a function is summarised again only when a summary it read
 * has changed. Then every body is checked with the summaries of everything it calls. Returns
 * what it reported on: the bindings bound to an arena and the spans of the escapes, whose own
 * crossing errors are then dropped (`Reporter.dropCaused`).
 */
export function escapePass(fns: readonly SummarisedFn[], bodies: readonly Expr[], rep: Reporter, summaries: EscapeSummaries): { bindings: Set<Binding>; spans: Set<string> } {
  /** Who read each summary: they are summarised again when it changes. */
  const readers = new Map<string, Set<SummarisedFn>>();
  for (const f of fns) summaries.set(f.key, { params: emptySummary(f.params.length).flows, calls: [] });
  const queue = new Set(fns);
  const walks = new Map<SummarisedFn, number>();
  for (const f of queue) {
    queue.delete(f);
    // The summaries only grow, so this ends; the bound is a guard, not a limit ever reached.
    if ((walks.get(f) ?? 0) > 50) continue;
    walks.set(f, (walks.get(f) ?? 0) + 1);
    const s = { ...emptySummary(f.params.length), params: f.params, dictParams: f.dictParams };
    walk([f.body], null, (key) => ((readers.get(key) ?? readers.set(key, new Set()).get(key)!).add(f), summaries.get(key)), s);
    const old = summaries.get(f.key)!;
    if (s.calls.length !== old.calls.length || s.flows.some((x, i) => x.escapes !== old.params[i]!.escapes || x.into.size !== old.params[i]!.into.size)) {
      summaries.set(f.key, { params: s.flows, calls: s.calls });
      for (const r of readers.get(f.key) ?? []) queue.add(r);
    }
  }
  return walk(bodies, rep, (key) => summaries.get(key), null);
}

/** What is called: a function whose summary is known, a parameter of the function being summarised, or something the checker cannot see into. */
type Callee =
  /** `dicts`: the dictionaries its dictionary parameters (an instance's context) get here. */
  | { readonly kind: "known"; readonly sum: EscapeSummary; readonly name: string; readonly dicts?: readonly DictExpr[] }
  /** A method of the class of a dictionary parameter of the function being summarised. */
  | { readonly kind: "dict-method"; readonly index: number; readonly method: string }
  /** A lambda the walk can see: its body is walked again with its parameters holding the arguments' scopes (so what it captures keeps its home). */
  | { readonly kind: "lambda"; readonly lam: Extract<Expr, { kind: "lambda" }> }
  | { readonly kind: "param"; readonly index: number }
  | { readonly kind: "unknown" };

function walk(
  bodies: readonly Expr[],
  rep: Reporter | null,
  summaryOf: (key: string) => EscapeSummary | undefined,
  summarising: Summarising | null,
): { bindings: Set<Binding>; spans: Set<string> } {
  const env = new Map<number, Tags>();
  /** The scopes open where each binding was declared. */
  const declared = new Map<number, readonly Scope[]>();
  /** The scopes open where the MutVec (or struct holding one) a binding names was made; absent: outside every scope. */
  const home = new Map<number, { scopes: readonly Scope[]; param: number | null; root: Binding | null }>();
  const arenaBound = new Set<Binding>();
  const lambdas: { tags: Set<Scope>; depth: number }[] = [];
  const reported = new Set<string>();
  const spans = new Set<string>();
  if (summarising)
    summarising.params.forEach((p, index) => {
      if (!mayCarry(p.type)) return;
      env.set(p.id, new Set([{ kind: "param", node: null as unknown as Expr, index, name: p.name, spawnSpan: null }]));
      home.set(p.id, { scopes: [], param: index, root: p });
    });

  const escape = (tags: Tags, span: Span, how: string, extra: { span: Span; message: string }[] = []): void => {
    for (const s of tags) {
      if (s.kind === "param") {
        const flow = summarising!.flows[s.index!]!;
        flow.escapes ??= how;
        continue;
      }
      if (!rep) continue;
      const key = `${span.start}:${span.end}:${s.kind}`;
      if (reported.has(key)) continue;
      reported.add(key);
      spans.add(`${span.file}:${span.start}:${span.end}`);
      if (s.kind === "arena")
        rep.report("E0330", `a value of the arena \`${s.name}\` escapes its \`with-arena\`: ${how}, but the arena is freed when the scope exits`, span, {
          label: "escapes the arena here",
          notes: [{ span: s.node.span, message: `the arena \`${s.name}\` lives only inside this \`with-arena\`` }, ...extra],
          help: "move the data out of the arena with `freeze`: (freeze v) makes an ordinary Vec",
        });
      else
        rep.report("E0311", `a closure that spawns cannot escape its \`with-tasks\`: ${how}`, span, {
          label: "escapes its task scope here",
          notes: [
            ...(s.spawnSpan ? [{ span: s.spawnSpan, message: "it spawns here, into the enclosing `with-tasks`" }] : []),
            { span: s.node.span, message: "the scope its tasks belong to" },
            ...extra,
          ],
          help: "call it inside the `with-tasks` body, or give it its own scope: (fn () (with-tasks (spawn …)))",
        });
    }
  };

  /** Where the container `e` lives: the scopes open where it was made, and the parameter or binding it is. */
  const homeOf = (e: Expr, stack: readonly Scope[]): { scopes: readonly Scope[]; param: number | null; root: Binding | null } => {
    switch (e.kind) {
      case "local":
        return home.get(e.binding.id) ?? { scopes: [], param: null, root: e.binding };
      case "field":
        return homeOf(e.target, stack);
      case "call-builtin":
        if (e.name === "mut-vec" || e.name === "arena-vec") return { scopes: stack, param: null, root: null };
        return { scopes: [], param: null, root: null };
      default:
        return { scopes: [], param: null, root: null };
    }
  };

  /** `value` (of scopes `tags`) is stored into the container `target`: what it outlives escapes. */
  const store = (target: Expr, tags: Tags, valueSpan: Span, how: (into: string) => string, stack: readonly Scope[]): void => {
    if (tags.size === 0) return;
    const h = homeOf(target, stack);
    const leaving = new Set<Scope>();
    for (const s of tags) {
      if (h.scopes.includes(s)) continue;
      if (s.kind === "param" && h.param !== null) {
        if (s.index !== h.param) summarising!.flows[s.index!]!.into.add(h.param);
        continue;
      }
      leaving.add(s);
    }
    const name = h.root ? `\`${h.root.name}\`` : target.kind === "global" ? `the top-level \`${target.ref.name}\`` : "a container";
    if (leaving.size > 0)
      escape(leaving, valueSpan, how(`${name}, which was made outside the scope`), h.root && h.param === null ? [{ span: h.root.span, message: `\`${h.root.name}\` is declared here, outside` }] : []);
    if (h.root) env.set(h.root.id, union(env.get(h.root.id) ?? NONE, tags));
  };

  /** Local `let`-bound lambdas, by binding id. */
  const localLams = new Map<number, Extract<Expr, { kind: "lambda" }>>();

  const calleeOf = (e: Expr): Callee => {
    switch (e.kind) {
      case "global": {
        const sum = summaryOf(`${e.ref.module}::${e.ref.name}`);
        return sum ? { kind: "known", sum, name: e.ref.name, dicts: e.dicts } : { kind: "unknown" };
      }
      case "method":
        return methodCallee(e.dict, e.method);
      case "local": {
        const i = summarising ? summarising.params.findIndex((p) => p.id === e.binding.id) : -1;
        if (i >= 0) return { kind: "param", index: i };
        const lam = localLams.get(e.binding.id);
        return lam ? { kind: "lambda", lam } : { kind: "unknown" };
      }
      case "lambda":
        return { kind: "lambda", lam: e };
      case "builtin":
        return { kind: "known", sum: builtinSummary(e.name), name: e.name };
      case "ctor":
        return { kind: "known", sum: { params: [], calls: [] }, name: "a constructor" };
      default:
        return { kind: "unknown" };
    }
  };

  /**
   * The instance a method call runs is known when its dictionary is. Through a dictionary
   * parameter it is chosen by the caller (maybe in a module checked later), so the summary
   * keeps the call for the caller to resolve; a builtin or derived instance keeps nothing.
   */
  const methodCallee = (d: DictExpr, method: string): Callee => {
    switch (d.kind) {
      case "instance": {
        const sum = summaryOf(`instance:${d.id}::${method}`);
        return sum ? { kind: "known", sum, name: method, dicts: d.args } : { kind: "unknown" };
      }
      case "param": {
        const index = summarising ? summarising.dictParams.findIndex((p) => p.id === d.param.id) : -1;
        return index >= 0 ? { kind: "dict-method", index, method } : { kind: "unknown" };
      }
      default:
        return { kind: "unknown" };
    }
  };

  /**
   * A call of `callee` with arguments whose scopes are `tags`: its summary says where each goes.
   * `args` are the expressions that hold them (for the store's target and the report's span).
   */
  const invoke = (callee: Callee, args: readonly (Expr | undefined)[], tags: readonly Tags[], span: Span, stack: readonly Scope[], depth = 0): void => {
    if (callee.kind === "param" || callee.kind === "dict-method") {
      // Summarising: where this call sends the parameters' values depends on the function or dictionary given.
      const paramsIn = (t: Tags): number[] => [...t].filter((s) => s.kind === "param").map((s) => s.index!);
      summarising!.calls.push(callee.kind === "param" ? { fn: callee.index, args: tags.map(paramsIn) } : { dict: callee.index, method: callee.method, args: tags.map(paramsIn) });
      return;
    }
    if (callee.kind === "lambda" && depth <= 20) {
      if (tags.every((t) => t.size === 0)) return;
      const saved = callee.lam.params.map((p) => env.get(p.id));
      callee.lam.params.forEach((p, k) => {
        env.set(p.id, mayCarry(p.type) ? (tags[k] ?? NONE) : NONE);
        declared.set(p.id, stack);
      });
      visit(callee.lam.body, stack);
      callee.lam.params.forEach((p, k) => (saved[k] ? env.set(p.id, saved[k]!) : env.delete(p.id)));
      return;
    }
    if (callee.kind === "unknown" || callee.kind === "lambda") {
      tags.forEach((t, i) => escape(t, args[i]?.span ?? span, "it is given to a function value whose body the checker cannot see (a struct field, a method, an element…), which may keep it"));
      return;
    }
    const { sum, name } = callee;
    sum.params.forEach((flow, i) => {
      const a = args[i];
      const t = tags[i] ?? NONE;
      if (t.size === 0) return;
      if (flow.escapes) escape(t, a?.span ?? span, `it is given to \`${name}\`, where ${flow.escapes}`);
      for (const j of flow.into) {
        const target = args[j];
        if (target) store(target, t, a?.span ?? span, (into) => `it is given to \`${name}\`, which stores it into ${into}`, stack);
        else escape(t, a?.span ?? span, `it is given to \`${name}\`, which stores it`);
      }
    });
    for (const c of sum.calls) {
      let inner: Callee = { kind: "unknown" };
      if ("fn" in c) {
        const fnArg = args[c.fn];
        if (fnArg) inner = calleeOf(fnArg);
      } else {
        const d = callee.dicts?.[c.dict];
        if (d) inner = methodCallee(d, c.method);
      }
      const named = (c: Callee): Callee => (c.kind === "known" ? { ...c, name: `${name}\` calls \`${c.name}` } : c);
      const innerTags = c.args.map((ps) => union(...ps.map((p) => tags[p] ?? NONE)));
      const innerArgs = c.args.map((ps) => (ps.length > 0 ? args[ps[0]!] : undefined));
      invoke(named(inner), innerArgs, innerTags, span, stack, depth + 1);
    }
  };

  const firstUse = (e: unknown, id: number): Span | null => {
    if (typeof e !== "object" || e === null) return null;
    if (Array.isArray(e)) {
      for (const x of e) {
        const r = firstUse(x, id);
        if (r) return r;
      }
      return null;
    }
    const o = e as Record<string, unknown>;
    if ((o.kind === "local" || o.kind === "set") && (o.binding as Binding | undefined)?.id === id) return o.span as Span;
    for (const [k, v] of Object.entries(o)) {
      if (SKIP_KEYS.has(k)) continue;
      const r = firstUse(v, id);
      if (r) return r;
    }
    return null;
  };

  /** A task's captures cross: none may be bound to a scope. */
  const taskCaptures = (lam: Extract<Expr, { kind: "lambda" }>, site: string): void => {
    for (const c of lam.captures) {
      const tags = env.get(c.id) ?? NONE;
      if (tags.size === 0) continue;
      for (const s of tags) if (s.kind === "arena") arenaBound.add(c);
      escape(tags, firstUse(lam.body, c.id) ?? lam.span, `\`${c.name}\` is captured by \`${site}\``);
    }
  };

  const visit = (e: Expr, stack: readonly Scope[]): Tags => {
    const all = (xs: readonly Expr[]): Tags => union(...xs.map((x) => visit(x, stack)));
    switch (e.kind) {
      case "lit":
      case "global":
      case "ctor":
      case "builtin":
      case "method":
      case "recur":
        if (e.kind === "recur") all(e.args);
        return NONE;
      case "local":
        return env.get(e.binding.id) ?? NONE;
      case "lambda": {
        const entry = { tags: new Set<Scope>(), depth: stack.length };
        lambdas.push(entry);
        for (const p of e.params) declared.set(p.id, stack);
        visit(e.body, stack);
        lambdas.pop();
        const caps = union(...e.captures.map((c) => env.get(c.id) ?? NONE));
        return union(caps, entry.tags);
      }
      case "let": {
        for (const b of e.bindings) {
          env.set(b.binding.id, visit(b.value, stack));
          declared.set(b.binding.id, stack);
          if (b.value.kind === "lambda" && !b.binding.mutable) localLams.set(b.binding.id, b.value);
          const h = homeOf(b.value, stack);
          home.set(b.binding.id, { ...h, root: h.root ?? b.binding });
        }
        return visit(e.body, stack);
      }
      case "loop": {
        for (const b of e.bindings) {
          env.set(b.binding.id, visit(b.value, stack));
          declared.set(b.binding.id, stack);
        }
        return visit(e.body, stack);
      }
      case "set": {
        const v = visit(e.value, stack);
        const outer = declared.get(e.binding.id) ?? [];
        const leaving = new Set([...v].filter((s) => !outer.includes(s)));
        if (leaving.size > 0) escape(leaving, e.span, `it is assigned to \`${e.binding.name}\`, which is declared outside the scope`, [{ span: e.binding.span, message: `\`${e.binding.name}\` is declared here, outside` }]);
        env.set(e.binding.id, union(env.get(e.binding.id) ?? NONE, new Set([...v].filter((s) => outer.includes(s)))));
        return NONE;
      }
      case "if":
        visit(e.cond, stack);
        return union(visit(e.then, stack), visit(e.else, stack));
      case "do": {
        let last: Tags = NONE;
        for (const x of e.body) last = visit(x, stack);
        return last;
      }
      case "while":
        visit(e.cond, stack);
        visit(e.body, stack);
        return NONE;
      case "match": {
        const s = visit(e.scrutinee, stack);
        const bind = (p: unknown): void => {
          const q = p as { kind: string; binding?: Binding; args?: unknown[] };
          if (q.kind === "bind" && q.binding) {
            env.set(q.binding.id, mayCarry(q.binding.type) ? s : NONE);
            declared.set(q.binding.id, stack);
          }
          q.args?.forEach(bind);
        };
        return union(...e.arms.map((a) => (bind(a.pattern), visit(a.body, stack))));
      }
      case "field":
        return mayCarry(ty(e)) ? visit(e.target, stack) : (visit(e.target, stack), NONE);
      case "with":
        return union(visit(e.target, stack), all(e.updates.map((u) => u.value)));
      case "try":
        declared.set(e.error.id, stack);
        return union(visit(e.body, stack), visit(e.handler, stack));
      case "vector":
        return all(e.items);
      case "map":
        return all(e.entries.flat());
      case "construct":
        return all(e.args);
      case "call": {
        const fnTags = visit(e.callee, stack);
        const tags = e.args.map((a) => visit(a, stack));
        invoke(calleeOf(e.callee), e.args, tags, e.span, stack);
        return mayCarry(ty(e)) ? union(fnTags, ...tags) : NONE;
      }
      case "call-global": {
        const tags = e.args.map((a) => visit(a, stack));
        const sum = summaryOf(`${e.ref.module}::${e.ref.name}`);
        if (sum) invoke({ kind: "known", sum, name: e.ref.name, dicts: e.dicts }, e.args, tags, e.span, stack);
        return mayCarry(ty(e)) ? union(...tags) : NONE;
      }
      case "call-builtin": {
        const args = e.args.map((a) => visit(a, stack));
        const at = (i: number): Tags => args[i] ?? NONE;
        for (const [from, into] of BUILTIN_SINKS.get(e.name) ?? []) {
          const target = e.args[into];
          if (target && e.args[from]) store(target, at(from), e.args[from]!.span, (where) => `\`${e.name}\` stores it into ${where}`, stack);
        }
        // `(for-each xs f)`: what `f` does with the elements of `xs`.
        const calls = BUILTIN_CALLS.get(e.name);
        if (calls && e.name !== "par-map" && e.name !== "par-for-each") invoke({ kind: "known", sum: { params: [], calls }, name: e.name }, e.args, args, e.span, stack);
        switch (e.name) {
          case "arena-vec":
            return at(0);
          case "atom":
            escape(at(0), e.args[0]?.span ?? e.span, "it is put in an atom");
            return NONE;
          case "reset!":
            escape(at(1), e.args[1]?.span ?? e.span, "it is put in an atom");
            return NONE;
          case "swap!":
            for (let i = 2; i < args.length; i++) escape(at(i), e.args[i]!.span, "it is put in an atom");
            return NONE;
          case "send":
          case "try-send":
            escape(at(1), e.args[1]?.span ?? e.span, "it is sent on a channel");
            return NONE;
          case "par-map":
          case "par-for-each": {
            const f = e.args[1];
            if (f?.kind === "lambda") taskCaptures(f, e.name);
            else if (f) escape(at(1), f.span, `it is given to \`${e.name}\`, which runs it on worker threads`);
            return NONE;
          }
        }
        return mayCarry(ty(e)) ? union(...args) : NONE;
      }
      case "with-arena": {
        const scope: Scope = { kind: "arena", node: e, name: e.arena.name, spawnSpan: null };
        env.set(e.arena.id, new Set([scope]));
        declared.set(e.arena.id, stack);
        const v = visit(e.body, [...stack, scope]);
        if (v.has(scope)) escape(new Set([scope]), tailOf(e.body).span, "it is the value of the `with-arena`");
        return new Set([...v].filter((s) => s !== scope));
      }
      default:
        return visitConcurrency(e, stack);
    }
  };

  const visitConcurrency = (e: Expr, stack: readonly Scope[]): Tags => {
    const o = e as unknown as Record<string, unknown> & { kind: string; span: Span };
    switch (o.kind) {
      case "with-tasks": {
        const scope: Scope = { kind: "tasks", node: e, name: "with-tasks", spawnSpan: null };
        const v = visit(o.body as Expr, [...stack, scope]);
        if (v.has(scope)) escape(new Set([scope]), tailOf(o.body as Expr).span, "it is the value of the `with-tasks`, so it would outlive the scope it spawns into");
        return new Set([...v].filter((s) => s !== scope));
      }
      case "spawn": {
        const body = o.body as Extract<Expr, { kind: "lambda" }>;
        const scope = [...stack].reverse().find((s) => s.kind === "tasks");
        if (scope) {
          scope.spawnSpan ??= o.span;
          const i = stack.indexOf(scope);
          for (const l of lambdas) if (l.depth > i) l.tags.add(scope);
        }
        taskCaptures(body, o.thread ? "spawn-thread" : "spawn");
        // The task's value may be awaited after its scope has closed.
        const value = visit(body.body, stack);
        escape(value, tailOf(body.body).span, "it is the value of a task, which may be awaited after the scope has closed");
        return NONE;
      }
      case "timeout":
        visit(o.ms as Expr, stack);
        taskCaptures(o.body as Extract<Expr, { kind: "lambda" }>, "timeout");
        return visit((o.body as Extract<Expr, { kind: "lambda" }>).body, stack);
      case "race": {
        const bodies = o.bodies as Extract<Expr, { kind: "lambda" }>[];
        return union(...bodies.map((b) => (taskCaptures(b, "race"), visit(b.body, stack))));
      }
      case "channel":
        if (o.capacity) visit(o.capacity as Expr, stack);
        return NONE;
      case "for-msg":
        visit(o.channel as Expr, stack);
        declared.set((o.binding as Binding).id, stack);
        visit(o.body as Expr, stack);
        return NONE;
      case "select": {
        const outs: Tags[] = [];
        for (const c of o.clauses as { kind: string; channel?: Expr; value?: Expr; ms?: Expr; binding?: Binding | null; body: Expr }[]) {
          if (c.channel) visit(c.channel, stack);
          if (c.ms) visit(c.ms, stack);
          if (c.value) escape(visit(c.value, stack), c.value.span, "it is sent on a channel");
          if (c.binding) declared.set(c.binding.id, stack);
          outs.push(visit(c.body, stack));
        }
        if (o.default) outs.push(visit(o.default as Expr, stack));
        return union(...outs);
      }
    }
    return NONE;
  };

  for (const b of bodies) visit(b, []);
  return { bindings: arenaBound, spans };
}

function tailOf(e: Expr): Expr {
  const o = e as unknown as { kind: string; body: unknown };
  switch (o.kind) {
    case "let":
    case "loop":
    case "with-arena":
    case "with-tasks":
      return tailOf(o.body as Expr);
    case "do": {
      const b = o.body as Expr[];
      return tailOf(b[b.length - 1]!);
    }
    default:
      return e;
  }
}
