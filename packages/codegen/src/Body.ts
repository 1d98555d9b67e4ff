import type { Binding, CtorRef, Expr, GlobalRef, Lambda, Literal, Pattern, TopFn } from "@weft/typeck-shareable";
import { someNode } from "./Walk.js";
import { builtinCall, builtinArity } from "./Builtins.js";
import { builtinConstant, STDLIB_RECORDS } from "./Stdlib.js";
import { jsString, mangle } from "./Mangle.js";
import { methodName } from "./Dicts.js";
import type { CallSite, ModuleScope, TaskCall } from "./ModuleScope.js";
import type { Colour } from "./Colour.js";
import { arity, holdsSuspending, suspends, view } from "./Types.js";

/** Where the value of an expression compiled as statements goes. */
type Target =
  | { readonly kind: "return" }
  | { readonly kind: "assign"; readonly name: string; readonly brk?: string }
  | { readonly kind: "discard"; readonly brk?: string };

const DISCARD: Target = { kind: "discard" };

const RETURN: Target = { kind: "return" };

/** A JS expression that is safe to evaluate later than written: a literal or a plain name. */
function trivial(js: string): boolean {
  return /^(?:[A-Za-z_$][\w$]*|\(?-?[0-9][0-9.e+-]*\)?|"(?:[^"\\]|\\.)*"|true|false|undefined)$/.test(js);
}

/**
 * Compiles the body of one JS function (a top-level function, a lambda, a def's initialiser)
 * from the expression-oriented IR to statements: an expression that needs statements (`let`,
 * `match`, `loop`, `try`, an `if` with such branches) writes them first and leaves its value in a
 * temporary, and everything in tail position returns or assigns directly.
 */
// A use of the frame local `$task` (not of the `$tasks` import).
const TASK_LOCAL = /\$task\b/;

export class Body implements CallSite {
  #lines: string[] = [];
  #indent = 1;
  readonly #names = new Map<number, string>();
  readonly #used = new Set<string>();
  #temps = 0;
  #async = false;
  /** Every call this body awaits, in order (a task body that is one such call returns it). */
  #awaits: string[] = [];
  /** Loops by IR id, and the function's own `recur` target (`null` key). */
  readonly #loops = new Map<number | null, { label: string; vars: string[] }>();

  /** `colour`: which version of the function this is (see `Colour`). */
  constructor(
    readonly gen: ModuleScope,
    readonly colour: Colour = "plain",
  ) {}

  /** Whether this is an async colour, which cannot tell which calls of function values suspend. */
  get generic(): boolean {
    return this.colour === "async";
  }

  // ---- entry points -------------------------------------------------------------------------

  topFn(fn: TopFn, js: string): string {
    const params = [...fn.dictParams.map((d) => `$d${d.id}`), ...fn.params.map((p) => this.#bind(p))];
    this.#functionBody(fn.params, fn.body);
    const isAsync = fn.suspends || this.#async || this.generic;
    const mark = this.gen.markers.mark(fn.span);
    return `${mark}${isAsync ? "async " : ""}function ${js}(${params.join(", ")}) {\n${this.#prologue(isAsync, "  ")}${this.#lines.join("\n")}\n}\n`;
  }

  lambdaFactory(l: Lambda, name: string, index = l.id): string {
    const { env, head, tail } = this.#closureParts(l);
    return [
      `function ${name}($env) {`,
      env.length > 0 ? `  const [${env.join(", ")}] = $env;` : "",
      `  return $rt.closure(${head}`,
      ...tail,
      `  }, ${index}, $env, $path);`,
      "}",
    ]
      .filter((x) => x !== "")
      .join("\n");
  }

  /** Set by `taskFactory` when the task's body is one call of a top-level function (see `ModuleGen.taskCall`). */
  taskCall: TaskCall | undefined;

  /** A green task's body: `name(captures...)` returns it as a plain arrow (see `ModuleGen.taskBody`). */
  taskFactory(l: Lambda, name: string): string {
    const { env, head, tail, mark } = this.#closureParts(l);
    // A body that is one suspending call returns that call's promise: the runtime awaits it, and
    // an async arrow around it would only add a promise per task.
    const direct = this.#onlyAwait();
    const only = direct ?? (this.#awaits.length === 0 && this.#lines.length === 1 ? /^return (.*);$/.exec(this.#lines[0]!.trim())?.[1] : undefined);
    if (only !== undefined) this.taskCall = callParts(only, env);
    if (direct !== undefined) return [`function ${name}(${env.join(", ")}) {`, `  return ${mark}() => ${direct};`, "}"].join("\n");
    return [`function ${name}(${env.join(", ")}) {`, `  return ${head}`, ...tail, "  };", "}"].filter((x) => x !== "").join("\n");
  }

  // The call, when the body is `return <resume(await call)>;` and awaits nothing else.
  #onlyAwait(): string | undefined {
    if (this.#awaits.length !== 1 || this.#lines.length !== 1) return undefined;
    const call = this.#awaits[0]!;
    return this.#lines[0]!.trim() === `return ${this.gen.tasks()}.resume($task, await ${call});` ? call : undefined;
  }

  // A lambda's captures, and its arrow function: the head line and the lines of its body.
  #closureParts(l: Lambda): { env: string[]; head: string; tail: string[]; mark: string } {
    const env = [...l.captures.map((c) => this.#bind(c)), ...l.capturedDicts.map((d) => `$d${d.id}`)];
    const params = l.params.map((p) => this.#bind(p));
    this.#indent = 2;
    this.#functionBody(l.params, l.body);
    const isAsync = l.suspends || this.#async || this.generic;
    const mark = this.gen.markers.mark(l.span);
    return {
      env,
      mark,
      head: `${mark}${isAsync ? "async " : ""}(${params.join(", ")}) => {`,
      tail: [this.#prologue(isAsync, "    ").trimEnd(), ...this.#lines],
    };
  }

  /** `export const x = ...;`, for a def every thread computes (a literal). */
  topLevelDef(value: Expr, js: string): string {
    this.#indent = 0;
    return `export const ${js} = ${this.#expr(value)};`;
  }

  /** An arrow function computing a def's value: `() => v`, or with a body when it needs statements or awaits. */
  initialiser(value: Expr): string {
    this.#indent = 0;
    const v = this.#expr(value);
    if (this.#lines.length === 0 && !this.#async) return `() => (${v})`;
    return new Body(this.gen).#thunk(value);
  }

  #thunk(value: Expr): string {
    this.#functionBody([], value);
    return `${this.#async ? "async " : ""}() => {\n${this.#prologue(this.#async, "  ")}${this.#lines.join("\n")}\n}`;
  }

  #functionBody(params: readonly Binding[], body: Expr): void {
    // A captured parameter that is mutable would need a box; parameters are immutable in Weft.
    if (hasSelfRecur(body)) {
      const label = "$self";
      this.#loops.set(null, { label, vars: params.map((p) => this.#name(p)) });
      this.#emit(`${label}: for (;;) {`);
      this.#indent++;
      this.#to(body, RETURN);
      this.#indent--;
      this.#emit("}");
    } else this.#to(body, RETURN);
  }

  // ---- names --------------------------------------------------------------------------------

  #bind(b: Binding): string {
    let base = mangle(b.name);
    if (base.startsWith("$")) base = `_${base}`;
    let name = base;
    for (let n = 2; this.#taken(name); n++) name = `${base}$${n}`;
    this.#used.add(name);
    this.#names.set(b.id, name);
    return name;
  }

  /** Local names are taken by this body, or by the module's top-level names (looked up, not copied: modules can be large). */
  #taken(name: string): boolean {
    return this.#used.has(name) || this.gen.reserved.has(name);
  }

  #name(b: Binding): string {
    return this.#names.get(b.id) ?? this.#bind(b);
  }

  static #boxed(b: Binding): boolean {
    return b.mutable && b.captured;
  }

  #read(b: Binding): string {
    return Body.#boxed(b) ? `${this.#name(b)}.v` : this.#name(b);
  }

  #temp(): string {
    let t: string;
    do t = `$t${this.#temps++}`;
    while (this.#taken(t));
    this.#used.add(t);
    return t;
  }

  #emit(line: string): void {
    this.#lines.push("  ".repeat(this.#indent) + line);
  }

  // ---- statements ---------------------------------------------------------------------------

  #deliver(target: Target, js: string): void {
    switch (target.kind) {
      case "return":
        this.#emit(`return ${js};`);
        return;
      case "assign":
        this.#emit(`${target.name} = ${js};`);
        break;
      case "discard":
        if (!trivial(js)) this.#emit(`${js};`);
        break;
    }
    if (target.brk) this.#emit(`break ${target.brk};`);
  }

  #block(open: string, f: () => void): void {
    this.#emit(open);
    this.#indent++;
    f();
    this.#indent--;
  }

  /** Compiles `e` as statements whose value goes to `target`. */
  #to(e: Expr, target: Target): void {
    switch (e.kind) {
      case "do":
        e.body.forEach((x, i) => this.#to(x, i === e.body.length - 1 ? target : DISCARD));
        return;
      case "let":
        for (const { binding, value } of e.bindings) this.#declare(binding, this.#expr(value));
        this.#to(e.body, target);
        return;
      case "if": {
        const c = this.#expr(e.cond);
        this.#block(`if (${bare(c)}) {`, () => this.#to(e.then, target));
        const at = this.#lines.length;
        this.#block("} else {", () => this.#to(e.else, target));
        if (this.#lines.length === at + 1) this.#lines.pop();
        this.#emit("}");
        return;
      }
      case "match":
        this.#match(e, target);
        return;
      case "loop":
        this.#loop(e, target);
        return;
      case "recur":
        this.#recur(e);
        return;
      case "try":
        this.#try(e, target);
        return;
      case "while":
        this.#while(e);
        this.#deliver(target, "undefined");
        return;
      case "set":
        this.#set(e);
        this.#deliver(target, "undefined");
        return;
      case "select":
        this.#select(e, target);
        return;
      case "for-msg":
        this.#forMsg(e);
        this.#deliver(target, "undefined");
        return;
      default:
        this.#deliver(target, this.#expr(e));
    }
  }

  #declare(b: Binding, value: string): void {
    const name = this.#bind(b);
    if (Body.#boxed(b)) this.#emit(`const ${name} = { v: ${value} };`);
    else this.#emit(`${b.mutable ? "let" : "const"} ${name} = ${value};`);
  }

  #set(e: Extract<Expr, { kind: "set" }>): void {
    const v = this.#expr(e.value);
    this.#emit(`${this.#read(e.binding)} = ${v};`);
  }

  #while(e: Extract<Expr, { kind: "while" }>): void {
    const saved = this.#lines;
    this.#lines = [];
    const c = this.#expr(e.cond);
    const condLines = this.#lines;
    this.#lines = saved;
    if (condLines.length === 0) {
      this.#block(`while (${bare(c)}) {`, () => this.#to(e.body, DISCARD));
    } else {
      this.#block("for (;;) {", () => {
        for (const l of condLines) this.#lines.push("  " + l);
        this.#emit(`if (!(${c})) break;`);
        this.#to(e.body, DISCARD);
      });
    }
    this.#emit("}");
  }

  #loop(e: Extract<Expr, { kind: "loop" }>, target: Target): void {
    const inits = this.#exprs(e.bindings.map((b) => b.value));
    const vars = e.bindings.map((b, i) => {
      const name = this.#bind(b.binding);
      this.#emit(`let ${name} = ${inits[i]!};`);
      return name;
    });
    const label = `$loop${e.id}`;
    this.#loops.set(e.id, { label, vars });
    const inner: Target = target.kind === "return" ? target : { ...target, brk: label };
    this.#block(`${label}: for (;;) {`, () => this.#to(e.body, inner));
    this.#emit("}");
  }

  #recur(e: Extract<Expr, { kind: "recur" }>): void {
    const loop = this.#loops.get(e.loopId);
    if (!loop) {
      this.gen.report("`recur` has no enclosing loop or function to go back to", e.span);
      return;
    }
    const args = this.#exprs(e.args);
    // Every new value is computed before any variable changes.
    const fresh = args.map((a, i) => {
      if (trivial(a) && !loop.vars.includes(a)) return a;
      if (a === loop.vars[i]) return a;
      const t = this.#temp();
      this.#emit(`const ${t} = ${a};`);
      return t;
    });
    loop.vars.forEach((v, i) => {
      if (fresh[i] !== v) this.#emit(`${v} = ${fresh[i]!};`);
    });
    this.#emit(`continue ${loop.label};`);
  }

  #try(e: Extract<Expr, { kind: "try" }>, target: Target): void {
    // `break` out of a try block is legal, but leaving after it reads better.
    const inner: Target = target.kind === "return" ? target : target.kind === "assign" ? { kind: "assign", name: target.name } : DISCARD;
    const err = this.#temp().replace("$t", "$e");
    const wasAsync = this.#async;
    this.#async = false;
    this.#block("try {", () => this.#to(e.body, inner));
    const awaitsInside = this.#async;
    this.#async ||= wasAsync;
    this.#block(`} catch (${err}) {`, () => {
      // Thrown out of an await: the frame that resumed last is not necessarily this one.
      // It also forgets where an await that threw was parked (a `select` does not forget by itself).
      if (awaitsInside) this.#emit(`${this.gen.tasks()}.resumeParked($task);`);
      this.#emit(`if (!$rt.isCatchable(${err})) throw ${err};`);
      this.#emit(`const ${this.#bind(e.error)} = ${err};`);
      this.#to(e.handler, inner);
    });
    this.#emit("}");
    if (target.kind !== "return" && target.brk) this.#emit(`break ${target.brk};`);
  }

  #match(e: Extract<Expr, { kind: "match" }>, target: Target): void {
    let s = this.#expr(e.scrutinee);
    if (!/^[A-Za-z_$][\w$]*$/.test(s)) {
      const t = this.#temp();
      this.#emit(`const ${t} = ${s};`);
      s = t;
    }
    if (this.#switchable(e.arms.map((a) => a.pattern))) this.#matchSwitch(e, s, target);
    else this.#matchChain(e, s, target);
  }

  /** Arms that are distinct variants (fields bound or ignored) or distinct literals, then maybe a catch-all. */
  #switchable(patterns: readonly Pattern[]): boolean {
    const seen = new Set<string>();
    let kind: "ctor" | "lit" | null = null;
    for (const [i, p] of patterns.entries()) {
      if (p.kind === "wild" || p.kind === "bind") return i === patterns.length - 1 && i > 0;
      const key =
        p.kind === "ctor" && p.ctor.kind !== "struct" && p.args.every((a) => a.kind === "wild" || a.kind === "bind")
          ? `t${p.ctor.tag}`
          : p.kind === "lit" && p.value.kind !== "unit" && p.value.kind !== "keyword"
            ? `l${this.#literal(p.value)}`
            : null;
      if (key === null || seen.has(key)) return false;
      const k = p.kind === "ctor" ? "ctor" : "lit";
      if (kind !== null && kind !== k) return false;
      kind = k;
      seen.add(key);
    }
    return patterns.length > 1;
  }

  #matchSwitch(e: Extract<Expr, { kind: "match" }>, s: string, target: Target): void {
    const onTag = e.arms.some((a) => a.pattern.kind === "ctor");
    this.#block(`switch (${onTag ? `${s}.$tag` : s}) {`, () => {
      for (const arm of e.arms) {
        const p = arm.pattern;
        const label = p.kind === "ctor" && p.ctor.kind !== "struct" ? `case ${p.ctor.tag}` : p.kind === "lit" ? `case ${this.#literal(p.value)}` : "default";
        this.#block(`${label}: {`, () => {
          if (p.kind === "bind") this.#declare(p.binding, s);
          if (p.kind === "ctor") p.args.forEach((a, i) => a.kind === "bind" && this.#declare(a.binding, `${s}._${i}`));
          this.#to(arm.body, target);
          if (target.kind !== "return" && !target.brk) this.#emit("break;");
        });
        this.#emit("}");
      }
    });
    this.#emit("}");
  }

  #matchChain(e: Extract<Expr, { kind: "match" }>, s: string, target: Target): void {
    let first = true;
    for (const arm of e.arms) {
      const conds: string[] = [];
      const binds: [Binding, string][] = [];
      this.#pattern(arm.pattern, s, conds, binds);
      const open = conds.length === 0 ? (first ? "{" : "} else {") : `${first ? "" : "} else "}if (${conds.join(" && ")}) {`;
      this.#block(open, () => {
        for (const [b, v] of binds) this.#declare(b, v);
        this.#to(arm.body, target);
      });
      first = false;
      // The checker proved the match exhaustive: nothing after a catch-all arm can run.
      if (conds.length === 0) break;
    }
    if (!first) this.#emit("}");
  }

  #pattern(p: Pattern, path: string, conds: string[], binds: [Binding, string][]): void {
    switch (p.kind) {
      case "wild":
        return;
      case "bind":
        binds.push([p.binding, path]);
        return;
      case "lit":
        if (p.value.kind !== "unit") conds.push(`${path} === ${this.#literal(p.value)}`);
        return;
      case "ctor": {
        const c = p.ctor;
        if (c.kind === "struct") {
          const decl = this.gen.structDecl(c.type);
          p.args.forEach((a, i) => {
            const f = decl?.fields[i];
            this.#pattern(a, `${path}.${f ? mangle(f.name) : `_${i}`}`, conds, binds);
          });
          return;
        }
        conds.push(`${path}.$tag === ${c.tag}`);
        p.args.forEach((a, i) => this.#pattern(a, `${path}._${i}`, conds, binds));
        return;
      }
    }
  }

  // ---- expressions --------------------------------------------------------------------------

  /** Compiles expressions left to right; a later one's statements never run before an earlier one's value. */
  #exprs(es: readonly Expr[]): string[] {
    const out: string[] = [];
    for (const e of es) {
      const start = this.#lines.length;
      const js = this.#expr(e);
      if (this.#lines.length > start) {
        const hoisted: string[] = [];
        for (let j = 0; j < out.length; j++) {
          if (stable(es[j]!) || /^\$t\d+$/.test(out[j]!)) continue;
          const t = this.#temp();
          hoisted.push("  ".repeat(this.#indent) + `const ${t} = ${out[j]!};`);
          out[j] = t;
        }
        this.#lines.splice(start, 0, ...hoisted);
      }
      out.push(js);
    }
    return out;
  }

  /** Compiles `e` to one JS expression, writing any statements it needs first. */
  #expr(e: Expr): string {
    switch (e.kind) {
      case "lit":
        return this.#literal(e.value);
      case "local":
        return this.#read(e.binding);
      case "global":
        return this.#global(e);
      case "ctor":
        return this.#ctorValue(e.ctor, arity(e.type, e.ctor.kind === "struct" ? 0 : e.ctor.arity));
      case "builtin": {
        const constant = builtinConstant(e.name);
        if (constant !== undefined) return constant;
        const n = arity(e.type, builtinArity(e.name));
        const ps = Array.from({ length: n }, (_, i) => `$a${i}`);
        const v = view(e.type);
        const types = v.kind === "fn" ? v.params : [];
        // Whether the arrow awaits is its own business, not the enclosing function's.
        const saved = this.#async;
        this.#async = false;
        const body = builtinCall(this, e.name, e.dicts, ps, types, e.type, e.span);
        const isAsync = this.#async;
        this.#async = saved;
        return this.gen.crossable(ps, body, isAsync);
      }
      case "method": {
        const ps = Array.from({ length: arity(e.type, 1) }, (_, i) => `$a${i}`);
        return this.gen.crossable(ps, `${this.gen.dict(e.dict)}.${methodName(e.class, e.method)}(${ps.join(", ")})`, false);
      }
      case "call":
        return this.#call(e);
      case "call-global": {
        const args = this.#exprs(e.args);
        return this.#callTop(e.ref, [...e.dicts.map((d) => this.gen.dict(d)), ...args], e.suspends === true, e, e.span);
      }
      case "call-builtin": {
        // A par-map inside a par-map function already runs on a worker: it maps in place there.
        const name = e.inline ? (e.name === "par-map" ? "map" : "for-each") : e.name;
        const loop = this.#suspendingLoop(name, e.args);
        if (loop !== undefined) return loop;
        const args = this.#exprs(e.args);
        return builtinCall(this, name, e.dicts, args, e.args.map((a) => a.type), e.type, e.span, fixedLast(e.args));
      }
      case "construct":
        return this.#construct(e.ctor, this.#exprs(e.args), e.span);
      case "lambda": {
        const factory = this.gen.lambda(e, this.gen.lambdaColourIn(e, this.colour));
        return `${factory}([${this.#captured(e).join(", ")}])`;
      }
      case "field":
        return `${this.#expr(e.target)}.${mangle(e.field)}`;
      case "with": {
        const [target, ...values] = this.#exprs([e.target, ...e.updates.map((u) => u.value)]);
        let t = target!;
        if (!/^[A-Za-z_$][\w$]*$/.test(t)) {
          const tmp = this.#temp();
          this.#emit(`const ${tmp} = ${t};`);
          t = tmp;
        }
        const decl = this.gen.structDecl(e.struct);
        const record = e.struct.module ? undefined : STDLIB_RECORDS[e.struct.name];
        if (!decl && !record) {
          this.gen.report(`unknown struct \`${e.struct.name}\``, e.span);
          return "undefined";
        }
        const names = decl ? decl.fields.map((f) => f.name) : record!.fields;
        const fields = names.map((f) => {
          const u = e.updates.findIndex((x) => x.field === f);
          return u >= 0 ? values[u]! : `${t}.${mangle(f)}`;
        });
        return `${this.gen.markers.mark(e.span)}new ${decl ? this.gen.structClass(e.struct) : record!.js}(${fields.join(", ")})`;
      }
      case "vector":
        return `[${this.#exprs(e.items).join(", ")}]`;
      case "map": {
        const flat = this.#exprs(e.entries.flatMap(([k, v]) => [k, v]));
        const pairs: string[] = [];
        for (let i = 0; i < flat.length; i += 2) pairs.push(`[${flat[i]!}, ${flat[i + 1]!}]`);
        return `$rt.mapOf([${pairs.join(", ")}])`;
      }
      case "if": {
        const c = this.#expr(e.cond);
        const a = this.#sub(e.then);
        const b = this.#sub(e.else);
        if (a.lines.length === 0 && b.lines.length === 0) return `(${c} ? ${a.js} : ${b.js})`;
        return this.#viaTemp(e);
      }
      case "do":
        e.body.slice(0, -1).forEach((x) => this.#to(x, DISCARD));
        return this.#expr(e.body[e.body.length - 1]!);
      case "let":
        for (const { binding, value } of e.bindings) this.#declare(binding, this.#expr(value));
        return this.#expr(e.body);
      case "match":
      case "loop":
      case "try":
        return this.#viaTemp(e);
      case "while":
        this.#while(e);
        return "undefined";
      case "set":
        this.#set(e);
        return "undefined";
      case "recur":
        this.#recur(e);
        return "undefined";
      case "with-arena":
        return this.#withArena(e);
      case "with-tasks":
        return this.#withTasks(e);
      case "spawn": {
        // Where the task was spawned, for the deadlock report.
        const at = jsString(this.gen.location(e.span));
        const call = e.thread ? undefined : this.gen.taskCall(e.body, this.gen.lambdaColourIn(e.body, this.colour));
        if (call !== undefined) {
          const x = call.capture !== undefined ? this.#captured(e.body)[call.capture]! : (call.literal ?? "undefined");
          return `${this.mark(e.span)}${this.gen.tasks()}.spawnCall(${call.callee}, ${x}, ${at})`;
        }
        const body = this.#taskBody(e.body, e.thread);
        if (e.thread) return `${this.mark(e.span)}${this.gen.tasks()}.spawnThread(${body}, ${at})`;
        return `${this.mark(e.span)}${this.gen.tasks()}.spawn(${body}, ${at})`;
      }
      case "timeout": {
        const [ms, body] = [this.#expr(e.ms), this.#taskBody(e.body)];
        return `$rt.fromOption(${this.awaited(`${this.mark(e.span)}${this.gen.tasks()}.timeout(${ms}, ${body})`)})`;
      }
      case "race": {
        const bodies = e.bodies.map((l) => this.#taskBody(l));
        return this.awaited(`${this.mark(e.span)}${this.gen.tasks()}.race([${bodies.join(", ")}])`);
      }
      case "channel":
        return this.#channel(e);
      case "select":
        return this.#viaTemp(e);
      case "for-msg":
        this.#forMsg(e);
        return "undefined";
      default:
        return this.#other(e);
    }
  }

  /** Node kinds added to the IR after this file was written. */
  #other(e: Expr): string {
    const x = e as unknown as { kind: string; span: Expr["span"] };
    this.gen.report(`\`${x.kind}\` expressions are not supported by the code generator yet`, x.span);
    return "undefined";
  }

  /**
   * `body` compiled as an inline arrow function of this body's scope (it sees this body's
   * locals, `mut` ones included): `async` when something in it awaits.
   */
  #arrow(params: (sub: Body) => string[], body: Expr): { js: string; isAsync: boolean } {
    const sub = new Body(this.gen, this.colour);
    for (const u of this.#used) sub.#used.add(u);
    for (const [id, n] of this.#names) sub.#names.set(id, n);
    const ps = params(sub);
    sub.#indent = this.#indent + 1;
    sub.#to(body, RETURN);
    const js = `${sub.#async ? "async " : ""}(${ps.join(", ")}) => {\n${sub.#prologue(sub.#async, "  ".repeat(sub.#indent))}${sub.#lines.join("\n")}\n${"  ".repeat(this.#indent)}}`;
    return { js, isAsync: sub.#async };
  }

  /**
   * `(reduce xs init (fn (acc x) ...))`, `(map xs (fn (x) ...))` or `(for-each xs (fn (x) ...))`
   * whose function is a lambda written there that suspends, as a loop in this (async) function:
   * its awaits are this function's, so `(await t)` of a finished task reads the value and the
   * loop goes on without a promise. Through `reduceAsync` and a lambda, every element would cost
   * an async call and an await, even when nothing waits. Same order of evaluation and of calls;
   * the loop runs in this function's frame, as the lambda would (`keepFrame`).
   */
  #suspendingLoop(name: string, args: readonly Expr[]): string | undefined {
    const arity = INLINE_LOOPS[name];
    const l = args[args.length - 1];
    if (arity === undefined || this.colour !== "plain" || args.length !== arity) return undefined;
    if (l?.kind !== "lambda" || !l.suspends || l.params.length !== arity - 1 || hasSelfRecur(l.body)) return undefined;
    const [xs, init] = this.#exprs(args.slice(0, -1));
    let v = xs!;
    if (!stable(args[0]!)) {
      v = this.#temp();
      this.#emit(`const ${v} = ${xs!};`);
    }
    const out = name === "for-each" ? "undefined" : this.#temp();
    if (name === "reduce") this.#emit(`let ${out} = ${init!};`);
    else if (name === "map") this.#emit(`const ${out} = new Array(${v}.length);`);
    const i = this.#temp();
    this.#block(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, () => {
      if (name === "reduce") this.#declare(l.params[0]!, out);
      this.#declare(l.params[arity - 2]!, `${v}[${i}]`);
      this.#to(l.body, name === "reduce" ? { kind: "assign", name: out } : name === "map" ? { kind: "assign", name: `${out}[${i}]` } : DISCARD);
    });
    this.#emit("}");
    return out;
  }

  #withArena(e: Extract<Expr, { kind: "with-arena" }>): string {
    const f = this.#arrow((sub) => [sub.#bind(e.arena)], e.body);
    const call = `${this.gen.markers.mark(e.span)}${this.gen.gc()}.withArena(${f.js})`;
    return f.isAsync ? this.awaited(call) : call;
  }

  /** `(with-tasks body...)`: the body runs in a new scope of the current task (runtime-tasks). */
  #withTasks(e: Extract<Expr, { kind: "with-tasks" }>): string {
    const f = this.#arrow(() => [], e.body);
    // Where the scope is, for the deadlock report's line about its body.
    return this.awaited(`${this.mark(e.span)}${this.gen.tasks()}.withTasks(${f.js}, ${jsString(this.gen.location(e.span))})`);
  }

  /**
   * A task body. A `spawn-thread` body is the lambda's closure (a lambda-table entry, so it can
   * cross to a worker); a green task's is a plain arrow made by its task factory.
   */
  #taskBody(l: Lambda, thread = false): string {
    if (thread) return this.#expr(l);
    const factory = this.gen.taskBody(l, this.gen.lambdaColourIn(l, this.colour));
    return `${factory}(${this.#captured(l).join(", ")})`;
  }

  /** What a lambda captures, as this body names it: its captures, then its dictionaries. */
  #captured(l: Lambda): string[] {
    return [...l.captures.map((c) => this.#name(c)), ...l.capturedDicts.map((d) => `$d${d.id}`)];
  }

  #channel(e: Extract<Expr, { kind: "channel" }>): string {
    const chan = this.gen.channels();
    const schema = this.gen.elementSchema(e.type);
    const elem = schema === undefined ? "" : `, ${schema}`;
    if (e.policy === "unbounded" || e.capacity === null) return `${this.mark(e.span)}${chan}.channel("unbounded"${elem === "" ? "" : `, "block"${elem}`})`;
    const cap = this.#expr(e.capacity);
    const policy = e.policy === "block" && elem === "" ? "" : `, ${jsString(e.policy)}`;
    return `${this.mark(e.span)}${chan}.channel(${cap}${policy}${elem})`;
  }

  /**
   * `(select ...)`: runtime-channels' `select` performs the clause and answers which one (and
   * the message of a recv clause); the clause bodies then run here, as statements, so they
   * keep their tail positions (`recur` in a clause continues the enclosing loop).
   */
  #select(e: Extract<Expr, { kind: "select" }>, target: Target): void {
    const chan = this.gen.channels();
    const operands = this.#exprs(
      e.clauses.flatMap((c) => (c.kind === "recv" ? [c.channel] : c.kind === "send" ? [c.channel, c.value] : [c.ms])),
    );
    let k = 0;
    const clauses = e.clauses.map((c, i) => {
      switch (c.kind) {
        case "recv":
          return `${chan}.onRecv(${operands[k++]!}, ($m) => [${i}, $m])`;
        case "send": {
          const ch = operands[k++]!;
          return `${chan}.onSend(${ch}, ${operands[k++]!}, () => [${i}])`;
        }
        case "after":
          return `${chan}.after(${operands[k++]!}, () => [${i}])`;
      }
    });
    const options = [`signal: ${this.gen.tasks()}.currentSignal()`];
    if (e.default !== null) options.push(`default: () => [${e.clauses.length}]`);
    const chosen = this.#temp();
    // Where the task waits, for the deadlock report (a select always returns a promise).
    const select = `${this.mark(e.span)}${chan}.select([${clauses.join(", ")}], { ${options.join(", ")} })`;
    this.#emit(`const ${chosen} = ${this.awaited(`${this.gen.tasks()}.parkedAt(${select}, ${jsString(this.gen.location(e.span))})`, "resumeParked")};`);
    const arms: { label: string; body: Expr; bind?: Binding }[] = e.clauses.map((c, i) =>
      c.kind === "recv" && c.binding !== null ? { label: `case ${i}`, body: c.body, bind: c.binding } : { label: `case ${i}`, body: c.body },
    );
    if (e.default !== null) arms.push({ label: "default", body: e.default });
    else if (arms.length > 0) arms[arms.length - 1]!.label = "default";
    this.#block(`switch (${chosen}[0]) {`, () => {
      for (const arm of arms) {
        this.#block(`${arm.label}: {`, () => {
          if (arm.bind) this.#declare(arm.bind, `$rt.fromOption(${chosen}[1])`);
          this.#to(arm.body, target);
          if (target.kind !== "return" && !target.brk) this.#emit("break;");
        });
        this.#emit("}");
      }
    });
    this.#emit("}");
  }

  /** `(for-msg (m ch) body...)`: every message until the channel is closed and drained. */
  #forMsg(e: Extract<Expr, { kind: "for-msg" }>): void {
    const chan = this.gen.channels();
    const ch = this.#temp();
    this.#emit(`const ${ch} = ${this.#expr(e.channel)};`);
    const task = this.#temp();
    this.#emit(`const ${task} = ${this.gen.tasks()}.activeTask();`);
    this.#async = true;
    const m = this.#bind(e.binding);
    // Every value already buffered is taken without a promise; only an empty channel awaits.
    this.#block("for (;;) {", () => {
      this.#emit(`let ${m} = ${this.mark(e.span)}${ch}.recvIn(${task});`);
      // The park branch records where the task waits, for the deadlock report.
      this.#emit(`if (${m} instanceof ${chan}.Waiting) ${m} = ${this.awaited(`${this.gen.tasks()}.parkedAt(${m}.promise, ${jsString(this.gen.location(e.span))})`)};`);
      this.#emit(`if (${m} === ${chan}.CLOSED) break;`);
      this.#to(e.body, DISCARD);
    });
    this.#emit("}");
  }

  #viaTemp(e: Expr): string {
    const t = this.#temp();
    this.#emit(`let ${t};`);
    this.#to(e, { kind: "assign", name: t });
    return t;
  }

  /** Compiles `e` aside: its statements and value, without emitting them. */
  #sub(e: Expr): { lines: string[]; js: string } {
    const saved = this.#lines;
    const temps = this.#temps;
    this.#lines = [];
    const js = this.#expr(e);
    const lines = this.#lines;
    this.#lines = saved;
    // Its statements are dropped and the expression compiled again, so its temporaries are free.
    if (lines.length > 0) this.#temps = temps;
    return { lines, js };
  }

  /**
   * `(await call)`, making the enclosing function async. The current task frame is passed on
   * explicitly: the function keeps its own in `$task` (see `#prologue`) and makes it current
   * again as soon as the await resumes, before anything else runs (runtime-tasks' `compiled`).
   * `resume` names the entry point that does so (`resumeYield` also checks for cancellation).
   */
  awaited(call: string, resume = "resume"): string {
    this.#async = true;
    this.#awaits.push(call);
    return `${this.gen.tasks()}.${resume}($task, await ${call})`;
  }

  /**
   * The first statement of an async function that awaits: it keeps the frame it was called in
   * (the task or scope body running it) to restore after each of its awaits.
   */
  #prologue(isAsync: boolean, indent: string): string {
    if (!isAsync || !this.#lines.some((l) => TASK_LOCAL.test(l))) return "";
    return `${indent}const $task = ${this.gen.tasks()}.current();\n`;
  }

  mark(span: Expr["span"]): string {
    return this.gen.markers.mark(span);
  }

  #global(e: Extract<Expr, { kind: "global" }>): string {
    if (this.gen.isDef(e.ref)) return `${this.gen.prefix(e.ref.module)}${mangle(e.ref.name)}`;
    const fn = this.gen.topFnOf(e.ref);
    const second = fn ? this.gen.colourOf(fn) : null;
    // A value of a function with a second colour: the async one when calling it suspends here
    // (its callers await), the lambda-making one when the functions it is used with suspend.
    const useSecond = second === "async" ? suspends(e.type) : second === "lambdas" && (this.colour !== "plain" || holdsSuspending(e.type));
    const ref = this.gen.fnRef(e.ref, useSecond && second !== null ? second : "plain");
    if (e.dicts.length === 0) return ref;
    const n = fn ? fn.params.length : arity(e.type, 0);
    const ps = Array.from({ length: n }, (_, i) => `$a${i}`);
    const dicts = e.dicts.map((d) => this.gen.dict(d));
    return this.gen.crossable(ps, `${ref}(${[...dicts, ...ps].join(", ")})`, false);
  }

  #call(e: Extract<Expr, { kind: "call" }>): string {
    const c = e.callee;
    if (c.kind === "builtin") {
      const loop = this.#suspendingLoop(c.name, e.args);
      if (loop !== undefined) return loop;
      const args = this.#exprs(e.args);
      return builtinCall(this, c.name, c.dicts, args, e.args.map((a) => a.type), e.type, e.span, fixedLast(e.args));
    }
    if (c.kind === "ctor") return this.#construct(c.ctor, this.#exprs(e.args), e.span);
    if (c.kind === "method") {
      const args = this.#exprs(e.args);
      const call = `${this.mark(e.span)}${this.gen.dict(c.dict)}.${methodName(c.class, c.method)}(${args.join(", ")})`;
      // A method declared `:suspends` may return a promise: its callers wait for it.
      return e.suspends === true ? this.awaited(call) : call;
    }
    if (c.kind === "global" && !this.gen.isDef(c.ref) && this.gen.topFnOf(c.ref)) {
      const args = this.#exprs(e.args);
      return this.#callTop(c.ref, [...c.dicts.map((d) => this.gen.dict(d)), ...args], e.suspends === true || suspends(c.type), e, e.span);
    }
    const [callee, ...args] = this.#exprs([c, ...e.args]);
    const f = /^[\w$.]+$/.test(callee!) ? callee! : `(${callee!})`;
    const call = `${this.mark(e.span)}${f}(${args.join(", ")})`;
    return suspends(c.type) || e.suspends === true || this.generic ? this.awaited(call) : call;
  }

  /**
   * A call of a top-level function through its table: awaited when it suspends. A function with
   * a second colour (`Colour`) is called in it when this call needs it, or when this body is
   * itself a second colour, which cannot tell.
   */
  #callTop(ref: GlobalRef, args: readonly string[], callSuspends: boolean, call: Extract<Expr, { kind: "call" | "call-global" }>, span: Expr["span"]): string {
    const fn = this.gen.topFnOf(ref);
    const second = fn ? this.gen.colourOf(fn) : null;
    const m = this.mark(span);
    if (fn && second !== null) {
      // An async colour is for calls that suspend (the caller awaits them); a lambda-making one
      // for calls that give or get functions that suspend (it is awaited only if it suspends anyway).
      const given =
        second === "async"
          ? callSuspends || this.generic
          : this.colour !== "plain" || holdsSuspending(call.type) || call.args.some((a) => holdsSuspending(a.type));
      if (given) {
        const js = `${m}${this.gen.fnRef(ref, second)}(${args.join(", ")})`;
        return second === "async" || fn.suspends ? this.awaited(js) : js;
      }
    }
    const js = `${m}${this.gen.fnRef(ref)}(${args.join(", ")})`;
    return fn?.suspends ? this.awaited(js) : js;
  }

  #construct(c: CtorRef, args: string[], span: Expr["span"]): string {
    const m = this.mark(span);
    switch (c.kind) {
      case "struct":
        return `${m}new ${this.gen.structClass(c.type)}(${args.join(", ")})`;
      case "variant": {
        const cls = this.gen.variantClass(c.type.module, c.variant);
        return c.arity === 0 && args.length === 0 ? cls : `${m}new ${cls}(${args.join(", ")})`;
      }
      case "builtin-variant":
        return c.variant === "None" ? "$rt.None" : `${m}new $rt.${c.variant}(${args.join(", ")})`;
    }
  }

  #ctorValue(c: CtorRef, n: number): string {
    if (c.kind === "builtin-variant" && c.variant === "None") return "$rt.None";
    if (c.kind === "variant" && c.arity === 0) return this.gen.variantClass(c.type.module, c.variant);
    const count = c.kind === "struct" ? (this.gen.structDecl(c.type)?.fields.length ?? n) : c.arity;
    const ps = Array.from({ length: count }, (_, i) => `$a${i}`);
    const made =
      c.kind === "struct"
        ? `new ${this.gen.structClass(c.type)}(${ps.join(", ")})`
        : c.kind === "variant"
          ? `new ${this.gen.variantClass(c.type.module, c.variant)}(${ps.join(", ")})`
          : `new $rt.${c.variant}(${ps.join(", ")})`;
    return this.gen.crossable(ps, made, false);
  }

  #literal(l: Literal): string {
    switch (l.kind) {
      case "int":
        return l.value < 0 ? `(${l.value})` : String(l.value);
      case "float": {
        if (Number.isNaN(l.value)) return "NaN";
        if (!Number.isFinite(l.value)) return l.value > 0 ? "Infinity" : "(-Infinity)";
        const s = Object.is(l.value, -0) ? "-0" : String(l.value);
        return s.startsWith("-") ? `(${s})` : s;
      }
      case "string":
        return jsString(l.value);
      case "bool":
        return String(l.value);
      case "keyword":
        return this.gen.keyword(l.name);
      case "unit":
        return "undefined";
    }
  }
}

/**
 * `callee(x)` as a `TaskCall`, when `callee` is a top-level function (`$fn.work`, `$m2.$fn.work`)
 * and `x` is nothing, one of the task's captures `env` (read when the task is spawned rather
 * than when it starts: captures are immutable, a `mut` one is read through its box as `x.v`
 * and so never matches) or a literal.
 */
function callParts(call: string, env: readonly string[]): TaskCall | undefined {
  const m = /^(?:\uE000\d+\uE001)?((?:\$m\d+\.)?\$fn\.[\w$]+)\(([^()]*)\)$/.exec(call);
  if (m === null) return undefined;
  const [, callee, x] = m as unknown as [string, string, string];
  if (x === "") return { callee };
  const capture = env.indexOf(x);
  if (capture >= 0) return { callee, capture };
  return /^(?:\d+(?:\.\d+)?|true|false|undefined|"[^"\\,]*")$/.test(x) ? { callee, literal: x } : undefined;
}

/** The higher-order built-ins `#suspendingLoop` writes as loops, by their number of arguments. */
const INLINE_LOOPS: Readonly<Record<string, number>> = { reduce: 3, map: 2, "for-each": 2 };

/**
 * Whether the last argument (a higher-order built-in's function) is the same function at every
 * evaluation: a `fn` written there or a top-level name. Then a `par-map` there gets a call-site
 * cost record (`ModuleScope.parSite`).
 */
function fixedLast(args: readonly Expr[]): boolean {
  const f = args[args.length - 1];
  return f !== undefined && (f.kind === "lambda" || f.kind === "global");
}

/** An expression whose value cannot change if it is evaluated later: a literal or an immutable local. */
function stable(e: Expr): boolean {
  return e.kind === "lit" || (e.kind === "local" && !e.binding.mutable);
}

/** `(x)` without its outer parentheses when they enclose the whole text, for `if (...)`. */
function bare(js: string): string {
  if (!js.startsWith("(") || !js.endsWith(")")) return js;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < js.length; i++) {
    const c = js[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0 && i < js.length - 1) return js;
  }
  return js.slice(1, -1);
}

/** Whether `e` contains a `recur` to its enclosing function (not looking into lambdas). */
function hasSelfRecur(e: Expr): boolean {
  return someNode(e, (o) => (o["kind"] === "lambda" ? "skip" : o["kind"] === "recur" && o["loopId"] === null ? "found" : undefined));
}
