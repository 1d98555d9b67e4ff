import type { Span } from "@weft/reader";
import type { Binding, Expr } from "../Program.js";
import type { Reporter } from "./Errors.js";
import { SKIP_KEYS } from "./Infer.js";
import { prune, type Ty } from "./Ty.js";

/**
 * Scope-bound values (LANGUAGE.md §5–6): a value of an arena (an `arena-vec`, or a closure or
 * structure holding one) is bound to its `with-arena`; a closure that spawns into an enclosing
 * `with-tasks` is bound to that scope. Neither may leave its scope: as the scope's value,
 * assigned to a `mut` binding declared outside, put in an atom, sent, or captured by a task
 * (E0330 for arenas, E0311 for spawning closures).
 */
interface Scope {
  readonly kind: "arena" | "tasks";
  readonly node: Expr;
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

/** Whether a value of this type can hold a scope-bound value (a MutVec, a function, a struct…). */
function mayCarry(t: Ty, depth = 0): boolean {
  const p = prune(t);
  if (depth > 20) return true;
  if (p.tag === "var" || p.tag === "fn") return true;
  if (p.module !== undefined) return true;
  if (p.name === "MutVec" || p.name === "Arena" || p.name === "?") return p.name !== "?";
  return p.args.some((a) => mayCarry(a, depth + 1));
}

const ty = (e: { type: unknown }): Ty => e.type as Ty;

/** Checks the bodies of one definition group; returns the ids of bindings bound to an arena. */
export function escapes(bodies: readonly Expr[], rep: Reporter): { bindings: Set<number>; spans: Set<string> } {
  const env = new Map<number, Tags>();
  /** The scopes open where each binding was declared. */
  const declared = new Map<number, readonly Scope[]>();
  const arenaBound = new Set<number>();
  const lambdas: { tags: Set<Scope>; depth: number }[] = [];
  const reported = new Set<string>();
  const spans = new Set<string>();

  const escape = (tags: Tags, span: Span, how: string, extra: { span: Span; message: string }[] = []): void => {
    for (const s of tags) {
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
      for (const s of tags) if (s.kind === "arena") arenaBound.add(c.id);
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
            env.set(q.binding.id, mayCarry(q.binding.type as unknown as Ty) ? s : NONE);
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
      case "call":
      case "call-global": {
        const parts = e.kind === "call" ? [e.callee, ...e.args] : e.args;
        const t = all(parts);
        return mayCarry(ty(e)) ? t : NONE;
      }
      case "call-builtin": {
        const args = e.args.map((a) => visit(a, stack));
        const at = (i: number): Tags => args[i] ?? NONE;
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
        visit(body.body, stack);
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
