/**
 * Inference of the concurrency forms (LANGUAGE.md §5): task scopes and the bodies that run as
 * tasks, channels and `select`, the crossings they record (§6), and the suspension rule of
 * the callbacks that must not wait (`par-map`, `swap!`). Each takes the `Infer` whose
 * form it is.
 */
import type { Form, Span } from "@weft/reader";
import { captureConds } from "./InferBindings.js";
import { builtinCall } from "./InferCalls.js";
import type { Expr } from "../IR.js";
import { find, freshFlag, isSetNow } from "./Flag.js";
import { mustNotSuspend } from "./passes/Suspension.js";
import type { MBinding } from "./Env.js";
import { Scope } from "./Env.js";
import { ordinal } from "./Errors.js";
import { con, describe, fn, prune, substitute, tInt, tUnit, tyOf, type Ty, asIrType } from "./Ty.js";
import { isNamed, isSym } from "./Forms.js";
import type { Infer } from "./Infer.js";

/** Reports once per code and place (a flag may be violated through several paths). */
export function once(inf: Infer, code: string, span: Span, report: () => void): void {
  const key = `${code}:${span.file}:${span.start}:${span.end}`;
  if (inf.reported.has(key)) return;
  inf.reported.add(key);
  report();
}

/** `ty` (a function) must not suspend: `par-map`, `par-for-each` and `swap!` run it where it cannot wait (E0320, passes/Suspension.ts). */
export function noSuspension(inf: Infer, ty: Ty, span: Span, site: string): void {
  mustNotSuspend(inf.rep, ty, span, site);
}

export function withTasks(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  inf.suspends("with-tasks", f.items[0]!.span);
  const body = inf.body(f.items.slice(1), new Scope(scope), false, f.span);
  return { kind: "with-tasks", body, type: body.type, span: f.span } as never;
}

/** A task's expression as a lambda without parameters: its captures are what crosses. */
export function thunk(inf: Infer, forms: readonly Form[], scope: Scope, span: Span): Extract<Expr, { kind: "lambda" }> {
  const id = inf.env.nextLambda();
  inf.lambdas.push({ captures: [], spans: new Map() });
  const susp = freshFlag("susp");
  inf.suspStack.push(susp);
  inf.recurTargets.push({ loopId: null, params: [], span });
  const b = inf.body(forms, new Scope(scope), true, span);
  inf.recurTargets.pop();
  inf.suspStack.pop();
  const lam = inf.lambdas.pop()!;
  const share = freshFlag("share");
  captureConds(inf, lam, share);
  return {
    kind: "lambda", id, params: [], body: b, captures: lam.captures as never, capturedDicts: [], suspends: susp as never,
    type: asIrType(fn([], tyOf(b), share, susp)), span,
    ...({ captureSpans: lam.spans, defRefs: lam.defs ?? [] } as object),
  } as never;
}

/** The captures of a task (or a `par-map` function) cross: `mut` ones are E0303, the others must be Shareable (E0301). */
export function taskCaptures(inf: Infer, lam: Extract<Expr, { kind: "lambda" }>, site: string, spans?: Map<MBinding, Span>): void {
  const map = spans ?? ((lam as unknown as { captureSpans?: Map<MBinding, Span> }).captureSpans ?? new Map<MBinding, Span>());
  for (const c of lam.captures as unknown as MBinding[]) {
    const useSpan = map.get(c) ?? lam.span;
    if (c.mutable) {
      once(inf, "E0303", useSpan, () => inf.rep.report("E0303", `mutable binding \`${c.name}\` cannot be captured by \`${site}\``, useSpan, {
        label: "captured here, crossing a task boundary",
        notes: [{ span: c.span, message: "declared mutable here" }],
        help: mentionsMutVec(c.type as Ty)
          ? `a MutVec never crosses to another task, even through an immutable binding: send a copy, (let ((${c.name}-now (freeze ${c.name}))) …), or keep the vector in an atom: (let ((${c.name} (atom []))) …)`
          : `share it through an atom: (let ((${c.name} (atom …))) …), or copy it into an immutable binding first: (let ((${c.name}-now ${c.name})) …)`,
      }));
      continue;
    }
    inf.group.reqs.push({
      ty: c.type as Ty, span: useSpan, code: "E0301", what: `\`${c.name}\``, site: `captured by \`${site}\``,
      label: "captured here, crossing a task boundary", binding: c, notes: [], givens: inf.givens,
    });
  }
  for (const d of (lam as unknown as { defRefs?: { name: string; ty: Ty; span: Span; via?: string }[] }).defRefs ?? [])
    inf.group.reqs.push({
      ty: d.ty, span: d.span, code: "E0301", what: `\`${d.name}\``,
      site: d.via ? `used by \`${site}\` through \`${d.via}\`, which uses it, so it is shared with another task` : `used by \`${site}\`, which shares it with another task`,
      label: d.via ? `\`${d.via}\` uses the top-level \`${d.name}\`` : "shared with another task here", notes: [], givens: inf.givens,
    });
}

export function spawn(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, thread: boolean): Expr {
  const n = thread ? "spawn-thread" : "spawn";
  if (f.items.length !== 2) return inf.malformed(f.span, `\`${n}\` takes one expression: (${n} expr)`);
  // Whether a scope waits for it is the task-scope pass's (E0310).
  const body = thunk(inf, f.items.slice(1), scope, f.span);
  taskCaptures(inf, body, n);
  const result = tyOf(body.body);
  if (thread)
    inf.group.reqs.push({
      ty: result, span: body.body.span, code: "E0301", what: "the value this task returns", site: "returned from a `spawn-thread` task to another thread",
      label: "returned from a worker thread", notes: [], givens: inf.givens,
    });
  return { kind: "spawn", thread, body, type: asIrType(con("Task", [result])), span: f.span } as never;
}

export function timeout(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  if (f.items.length !== 3) return inf.malformed(f.span, "`timeout` takes milliseconds and an expression: (timeout ms expr)");
  const ms = inf.infer(f.items[1]!, scope, false);
  inf.expect(tyOf(ms), tInt(), ms.span, (a) => ({ message: `the milliseconds given to \`timeout\` must be an Int, but it is ${a}` }), f.items[1]);
  inf.suspends("timeout", f.items[0]!.span);
  const body = thunk(inf, f.items.slice(2), scope, f.items[2]!.span);
  taskCaptures(inf, body, "timeout");
  return { kind: "timeout", ms, body, type: asIrType(con("Option", [tyOf(body.body)])), span: f.span } as never;
}

export function race(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  if (f.items.length < 2) return inf.malformed(f.span, "`race` takes one or more expressions: (race e1 e2 ...)");
  inf.suspends("race", f.items[0]!.span);
  const result = inf.fresh();
  const bodies = f.items.slice(1).map((x, i) => {
    const b = thunk(inf, [x], scope, x.span);
    taskCaptures(inf, b, "race");
    inf.expect(tyOf(b.body), result, b.body.span, (a, e) => ({ message: `the expressions of a \`race\` must have one type: the 1st is ${e}, the ${ordinal(i + 1)} ${a}` }), x);
    return b;
  });
  return { kind: "race", bodies, type: asIrType(result), span: f.span } as never;
}

/** `(channel T)`, `(channel T n)`, `(channel T n :dropping|:sliding)`, `(channel T :unbounded)`. */
export function channel(inf: Infer, f: Extract<Form, { kind: "list" }>): Expr {
  const [, tf, ...rest] = f.items;
  const usage = "`channel` is (channel T), (channel T n), (channel T n :dropping), (channel T n :sliding) or (channel T :unbounded)";
  if (!tf || rest.length > 2) return inf.malformed(f.span, usage);
  // What goes into a channel is checked where it is sent (E0302), not by the annotation.
  const elem = substitute(inf.annotation(tf), new Map(), (fl) => (find(fl).rigids.length > 0 && !isSetNow(fl) ? freshFlag(fl.kind) : fl));
  let capacity: Expr | null = { kind: "lit", value: { kind: "int", value: 64 }, type: asIrType(tInt()), span: f.span };
  let policy: "block" | "dropping" | "sliding" | "unbounded" = "block";
  if (rest.length === 1 && rest[0]!.kind === "keyword" && rest[0]!.name === "unbounded") {
    capacity = null;
    policy = "unbounded";
  } else if (rest.length >= 1) {
    capacity = inf.infer(rest[0]!, new Scope(null), false);
    inf.expect(tyOf(capacity), tInt(), capacity.span, (a) => ({ message: `the capacity of a channel must be an Int, but it is ${a}` }), rest[0]);
    // A computed capacity is checked when the channel is made; a literal one here.
    const n = rest[0]!;
    if (n.kind === "int" && n.value < 0)
      inf.rep.report("E0107", `a channel's capacity cannot be negative, but this is ${n.value}`, n.span, {
        label: "negative capacity",
        help: "use 0 for a rendezvous channel, n > 0 for a buffer of n, or :unbounded",
      });
    const p = rest[1];
    if (p) {
      if (p.kind !== "keyword" || (p.name !== "dropping" && p.name !== "sliding")) return inf.malformed(p.span, usage);
      policy = p.name;
    }
  }
  return { kind: "channel", capacity, policy, type: asIrType(con("Channel", [elem])), span: f.span } as never;
}

export function select(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope, tail: boolean): Expr {
  inf.suspends("select", f.items[0]!.span);
  const result = inf.fresh();
  let first: Span | null = null;
  const clauses: unknown[] = [];
  let dflt: Expr | null = null;
  const usage = "a `select` clause is ((recv ch) (m) body...), ((send ch v) () body...), ((after ms) () body...) or (default body...)";
  const agree = (b: Expr): void => {
    const fs = first;
    inf.expect(tyOf(b), result, b.span, (a, e) => ({
      message: `the clauses of this \`select\` must have the same type: this one is ${a}, the first ${e}`,
      notes: fs ? [{ span: fs, message: "the first clause" }] : [],
    }));
    first ??= b.span;
  };
  for (const c of f.items.slice(1)) {
    if (c.kind !== "list" || c.items.length < 1) {
      inf.malformed(c.span, usage);
      continue;
    }
    if (isNamed(c.items[0], "default")) {
      if (dflt) inf.malformed(c.span, "a `select` has at most one `default` clause");
      dflt = inf.body(c.items.slice(1), new Scope(scope), tail, c.span);
      agree(dflt);
      continue;
    }
    const op = c.items[0]!;
    const names = c.items[1];
    if (op.kind !== "list" || !isSym(op.items[0]) || !names || names.kind !== "list" || !names.items.every(isSym)) {
      inf.malformed(c.span, usage);
      continue;
    }
    const kind = op.items[0].name;
    const inner = new Scope(scope);
    if (kind === "recv" && op.items.length === 2 && names.items.length <= 1) {
      const ch = inf.infer(op.items[1]!, scope, false);
      const elem = inf.fresh();
      inf.expect(tyOf(ch), con("Channel", [elem]), ch.span, (a) => ({ message: `\`recv\` in a \`select\` takes a channel, but this is ${a}` }));
      let binding: MBinding | null = null;
      const n = names.items[0] as Extract<Form, { kind: "symbol" }> | undefined;
      if (n) {
        binding = inf.newBinding(n.name, false, con("Option", [elem]), n.span);
        inf.bind(inner, binding, con("Option", [elem]));
      }
      const body = inf.body(c.items.slice(2), inner, tail, c.span);
      agree(body);
      clauses.push({ kind: "recv", channel: ch, binding, body, span: c.span });
    } else if (kind === "send" && op.items.length === 3 && names.items.length === 0) {
      const ch = inf.infer(op.items[1]!, scope, false);
      const v = inf.infer(op.items[2]!, scope, false);
      inf.expect(tyOf(ch), con("Channel", [tyOf(v)]), ch.span, (a, e) => ({ message: `this \`send\` needs ${e} to send ${describe(tyOf(v))}, but it is ${a}` }));
      sendReq(inf, v, op.items[2]!);
      const body = inf.body(c.items.slice(2), inner, tail, c.span);
      agree(body);
      clauses.push({ kind: "send", channel: ch, value: v, body, span: c.span });
    } else if (kind === "after" && op.items.length === 2 && names.items.length === 0) {
      const ms = inf.infer(op.items[1]!, scope, false);
      inf.expect(tyOf(ms), tInt(), ms.span, (a) => ({ message: `\`after\` takes milliseconds as an Int, but this is ${a}` }));
      const body = inf.body(c.items.slice(2), inner, tail, c.span);
      agree(body);
      clauses.push({ kind: "after", ms, body, span: c.span });
    } else inf.malformed(c.span, usage);
  }
  if (clauses.length === 0 && !dflt) return inf.malformed(f.span, "`select` needs at least one clause");
  return { kind: "select", clauses, default: dflt, type: asIrType(result), span: f.span } as never;
}

export function forMsg(inf: Infer, f: Extract<Form, { kind: "list" }>, scope: Scope): Expr {
  const spec = f.items[1];
  if (!spec || spec.kind !== "list" || spec.items.length !== 2 || !isSym(spec.items[0]))
    return inf.malformed(f.span, "`for-msg` is (for-msg (m channel) body...)");
  inf.suspends("for-msg", f.items[0]!.span);
  const ch = inf.infer(spec.items[1]!, scope, false);
  const elem = inf.fresh();
  inf.expect(tyOf(ch), con("Channel", [elem]), ch.span, (a) => ({ message: `\`for-msg\` reads a channel, but this is ${a}` }));
  const inner = new Scope(scope);
  const b = inf.newBinding(spec.items[0].name, false, elem, spec.items[0].span);
  inf.bind(inner, b, elem);
  const body = inf.body(f.items.slice(2), inner, false, f.span);
  return { kind: "for-msg", binding: b, channel: ch, body, type: asIrType(tUnit()), span: f.span } as never;
}

/** What is sent must be Shareable (E0302). */
export function sendReq(inf: Infer, v: Expr, form: Form): void {
  const what = form.kind === "symbol" ? `\`${form.name}\`` : "this value";
  inf.group.reqs.push({ ty: tyOf(v), span: v.span, code: "E0302", what, site: "sent on a channel", label: "sent here", notes: [], givens: inf.givens });
}

/** `send`, `try-send`, `par-map`, `par-for-each`: builtins whose arguments cross. */
export function crossingCall(inf: Infer, f: Extract<Form, { kind: "list" }>, n: string, scope: Scope): Expr {
  const e = builtinCall(inf, f, n, scope);
  if (e.kind !== "call-builtin" || e.args.length !== 2) return e;
  const [xs, g] = e.args as [Expr, Expr];
  if (n === "send" || n === "try-send") {
    sendReq(inf, g, f.items[2]!);
    return e;
  }
  const gf = f.items[2]!;
  if (g.kind === "lambda") taskCaptures(inf, g, n, (g as unknown as { captureSpans?: Map<MBinding, Span> }).captureSpans);
  else
    inf.group.reqs.push({
      ty: tyOf(g), span: g.span, code: "E0301", what: gf.kind === "symbol" ? `\`${gf.name}\`` : "this function",
      site: `given to \`${n}\`, which runs it on worker threads`, label: "given to worker threads here", notes: [], givens: inf.givens,
    });
  noSuspension(inf, tyOf(g), g.span, n);
  const xt = prune(tyOf(xs));
  if (xt.tag === "con" && xt.name === "Vec" && xt.args[0])
    inf.group.reqs.push({ ty: xt.args[0], span: xs.span, code: "E0301", what: "the elements", site: `sent to worker threads by \`${n}\``, label: "these elements cross to worker threads", notes: [], givens: inf.givens });
  if (n === "par-map")
    inf.group.reqs.push({ ty: tyOf(e), span: g.span, code: "E0301", what: "the results", site: "returned from worker threads by `par-map`", label: "its results cross back from worker threads", notes: [], givens: inf.givens });
  return e;
}

function mentionsMutVec(t: Ty, depth = 0): boolean {
  const p = prune(t);
  if (depth > 20 || p.tag !== "con") return false;
  return p.name === "MutVec" || p.args.some((a) => mentionsMutVec(a, depth + 1));
}
