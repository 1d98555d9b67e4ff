import type { Span } from "@weft/reader";
import type { DictExpr, Type } from "@weft/typeck-shareable";
import type { CallSite } from "./ModuleScope.js";
import { builtinType, primitiveEq } from "./Dicts.js";
import { jsString } from "./Mangle.js";
import { suspends, view } from "./Types.js";
import { stdlibCall } from "./Stdlib.js";

/** How many arguments a built-in takes when it is used as a value and its type does not say. */
export function builtinArity(name: string): number {
  return ["+", "*", "-", "/", "mod", "=", "not=", "<", ">", "<=", ">=", "min", "max", "conj", "get", "remove", "push!", "nth", "map", "filter", "for-each", "send", "try-send", "par-map", "par-for-each"].includes(name)
    ? 2
    : ["insert", "assoc", "reduce", "set-nth!", "arena-vec"].includes(name)
      ? 3
      : ["mut-vec", "yield", "check-cancelled", "cancel-tasks", "thread-id"].includes(name)
        ? 0
        : 1;
}

const MATH: Record<string, string> = { sqrt: "Math.sqrt", floor: "Math.floor", sin: "Math.sin", cos: "Math.cos" };
const RT_PLAIN: Record<string, string> = {
  nth: "nth", conj: "conj", assoc: "assoc", range: "range", get: "get", insert: "insert", remove: "remove", keys: "keys",
  vals: "vals", "mut-vec": "mutVec", "push!": "push", "set-nth!": "setNth", freeze: "freeze", "error-message": "errorMessage",
};
const HIGHER_ORDER: Record<string, string> = { map: "map", filter: "filter", reduce: "reduce", "for-each": "forEach" };
const COMPARE: Record<string, string> = { "<": "lt", ">": "gt", "<=": "le", ">=": "ge" };
const ORDERED_INLINE = new Set(["Int", "Float", "String"]);

/**
 * The concurrency built-ins (LANGUAGE.md §5). Suspension points go through runtime-tasks'
 * `compiled` entry points, which know the current task's signal; channel operations pass that
 * signal themselves. Options from the runtime packages become Weft Options with `$rt.fromOption`.
 */
function concurrencyCall(b: CallSite, name: string, args: readonly string[], m: string, span: Span, fixedFn: boolean): string | undefined {
  const [x, y] = args as [string, string];
  const tasks = () => b.gen.tasks();
  // The park branch records where the task waits, for the deadlock report: a constant, and
  // nothing at all when the operation answers at once.
  const parked = (waiting: string) => `${tasks()}.parkedAt(${waiting}, ${jsString(b.gen.location(span))})`;
  switch (name) {
    // A finished task's value comes back at once (after the cancellation check): no await.
    case "await":
      return awaitedIfPromise(b, `${m}${tasks()}.awaitTask(${x})`, parked);
    case "sleep":
      return b.awaited(`${m}${tasks()}.sleep(${x})`);
    // The next turn's promise, shared by every task that yields before it; resumeYield raises
    // Cancelled if the task was cancelled meanwhile.
    case "yield":
      return b.awaited(`${m}${tasks()}.yieldTurn()`, "resumeYield");
    // One flag read; `true` only when the task's slice is spent, and then it gives way for a
    // turn so timers and other tasks run (runtime-tasks' busy.ts).
    case "check-cancelled":
      return `(${m}${tasks()}.checkCancelled() ? ${b.awaited(`${tasks()}.busyTurn()`, "resumeBusy")} : undefined)`;
    case "cancel-tasks":
      return `${m}${tasks()}.cancelTasks()`;
    case "thread-id":
      return `${m}${tasks()}.threadId()`;
    // A par-map that ran on the caller (a tiny one) gives its results, not a promise: awaiting
    // them anyway would cost more than the map. par-map leaves a promise in its call site's
    // record and answers `undefined`: nothing tests the results' type or keeps them in a
    // scratch variable, so V8 may leave a tiny par-map's results unallocated as it does a
    // `map`'s. Where the function is fixed at the site, the record also keeps its cost.
    case "par-map": {
      const site = b.gen.parSite(fixedFn);
      return `(${m}${tasks()}.parMapAt(${x}, ${y}, ${site}) ?? ${b.awaited(`${tasks()}.pendingOf(${site})`)})`;
    }
    case "par-for-each":
      return awaitedIfPromise(b, `${m}${tasks()}.parForEach(${x}, ${y}, ${b.gen.parSite(fixedFn)})`);
    // Without a promise when the channel answers at once (runtime-channels' sendIn/recvIn).
    case "send": {
      b.gen.channels();
      const c = b.gen.scratch();
      return `((${c} = ${m}${x}.sendIn(${y}, ${tasks()}.activeTask())) === undefined ? undefined : ${b.awaited(parked(c))})`;
    }
    case "recv": {
      const chan = b.gen.channels();
      const c = b.gen.scratch();
      const value = `((${c} = ${m}${x}.recvIn(${tasks()}.activeTask())) instanceof ${chan}.Waiting ? ${b.awaited(parked(`${c}.promise`))} : ${c})`;
      return `((${c} = ${value}) === ${chan}.CLOSED ? $rt.None : $rt.some(${c}))`;
    }
    case "try-send":
      return `${m}${x}.trySend(${y})`;
    case "try-recv":
      return `$rt.fromOption(${m}${x}.tryRecv())`;
    case "close!":
      return `${m}${x}.close()`;
  }
  return undefined;
}

/**
 * `call`'s answer, awaited only when it is a promise. `$c`, the module's scratch, is read right
 * after it is assigned, before anything else can run.
 */
function awaitedIfPromise(b: CallSite, call: string, parked = (waiting: string) => waiting): string {
  const c = b.gen.scratch();
  return `((${c} = ${call}) instanceof Promise ? ${b.awaited(parked(c))} : ${c})`;
}

/** The JS of `show`/display of `x` under dictionary `d`: `bare` prints strings unquoted (println, str). */
function shown(b: CallSite, d: DictExpr | undefined, x: string, bare: boolean): string {
  const t = builtinType(d);
  switch (t) {
    case "String":
      return bare ? x : `$rt.quote(${x})`;
    case "Int":
    case "Bool":
      return `String(${x})`;
    case "Float":
      return `$rt.showFloat(${x})`;
    case "Keyword":
      return `$rt.showKeyword(${x})`;
    case "Unit":
      return `$rt.showUnit(${x})`;
  }
  const dict = d ? b.gen.dict(d) : "$rt.ShowFn";
  return bare && (!d || d.kind === "param") ? `$rt.display(${dict}, ${x})` : `${dict}.show(${x})`;
}

/**
 * The JS of a call of a built-in (LANGUAGE.md §4) with already-compiled arguments. Operations
 * whose dictionary is statically a built-in one are inlined (`+` on Int is `(a + b) | 0`).
 */
export function builtinCall(
  b: CallSite,
  name: string,
  dicts: readonly DictExpr[],
  args: readonly string[],
  argTypes: readonly Type[],
  result: Type,
  span: Span,
  fixedFn = false,
): string {
  const d = dicts[0];
  const t = builtinType(d);
  const dict = () => b.gen.dict(d!);
  const m = b.mark(span);
  const [x, y] = args as [string, string];
  switch (name) {
    case "+":
    case "*": {
      if (t === "Int") return name === "+" ? `((${args.join(" + ")}) | 0)` : args.slice(1).reduce((acc, a) => `Math.imul(${acc}, ${a})`, x);
      if (t === "Float") return `(${args.join(` ${name} `)})`;
      const method = name === "+" ? "add" : "mul";
      return args.slice(1).reduce((acc, a) => `${dict()}.${method}(${acc}, ${a})`, x);
    }
    case "-":
      if (args.length === 1) return t === "Int" ? `(-${x} | 0)` : t === "Float" ? `(-${x})` : `$rt.neg(${dict()}, ${x})`;
      return t === "Int" ? `((${x} - ${y}) | 0)` : t === "Float" ? `(${x} - ${y})` : `${dict()}.sub(${x}, ${y})`;
    case "/":
      return t === "Int" ? `${m}$rt.divInt(${x}, ${y})` : t === "Float" ? `(${x} / ${y})` : `${m}${dict()}.div(${x}, ${y})`;
    case "mod":
      return t === "Int" ? `${m}$rt.modInt(${x}, ${y})` : t === "Float" ? `$rt.modFloat(${x}, ${y})` : `${m}$rt.mod(${dict()}, ${x}, ${y})`;
    case "abs":
      return t === "Int" ? `$rt.absInt(${x})` : t === "Float" ? `Math.abs(${x})` : `$rt.abs(${dict()}, ${x})`;
    case "=":
    case "not=": {
      const eq = primitiveEq(d) ? `${x} === ${y}` : t === "Unit" ? "true" : `${dict()}.eq(${x}, ${y})`;
      return name === "=" ? `(${eq})` : `!(${eq})`;
    }
    case "<":
    case ">":
    case "<=":
    case ">=":
      if (t !== null && ORDERED_INLINE.has(t)) return `(${x} ${name} ${y})`;
      return name === "<" ? `${dict()}.lt(${x}, ${y})` : `$rt.${COMPARE[name]!}(${dict()}, ${x}, ${y})`;
    case "sqrt":
    case "floor":
    case "sin":
    case "cos":
      return `${MATH[name]!}(${x})`;
    case "int":
      return `(${x} | 0)`;
    case "float":
      return x;
    case "not":
      return `!${x}`;
    case "show":
      return shown(b, d, x, false);
    case "str": {
      const parts = args.map((a, i) => shown(b, dicts[i], a, true));
      return parts.length === 0 ? '""' : parts.length === 1 ? parts[0]! : `(${parts.join(" + ")})`;
    }
    case "println":
    case "print":
      return `${m}$rt.${name}(${args.map((a, i) => shown(b, dicts[i], a, true)).join(", ")})`;
    case "count":
      return t === "Vec" || t === "MutVec" ? `${x}.length` : t === "Map" ? `${x}.size` : t === "String" ? `$rt.countString(${x})` : `$rt.count(${x})`;
    case "fail":
      return `${m}$rt.fail(${x})`;
    case "arena-vec": {
      const r = view(result);
      const elem = r.kind === "con" ? view(r.args[0]) : view(argTypes[2]);
      const kind = elem.kind === "con" && elem.name === "Float" ? "f64" : elem.kind === "con" && elem.name === "Int" ? "i32" : "any";
      return `${m}${x}.vec(${y}, ${args[2]!}, "${kind}")`;
    }
    case "atom":
      return `${m}${b.gen.atoms()}.atom(${x})`;
    case "deref":
      return `${m}${x}.deref()`;
    case "reset!":
      return `${m}${x}.reset(${y})`;
    case "compare-and-set!":
      return `${m}${x}.compareAndSet(${y}, ${args[2]!})`;
    case "swap!":
      // `update` is `swap` with no extra arguments, without its arity dispatch.
      return args.length === 2 ? `${m}${x}.update(${y})` : `${m}${x}.swap(${args.slice(1).join(", ")})`;
  }
  const library = stdlibCall(b, name, dicts, args, argTypes, m);
  if (library !== undefined) return library;
  const concurrent = concurrencyCall(b, name, args, m, span, fixedFn);
  if (concurrent !== undefined) return concurrent;
  const hof = HIGHER_ORDER[name];
  if (hof !== undefined) {
    const f = argTypes[argTypes.length - 1];
    if (suspends(f) || b.generic) return b.awaited(`${m}$rt.${hof}Async(${args.join(", ")})`);
    return `${m}$rt.${hof}(${args.join(", ")})`;
  }
  const plain = RT_PLAIN[name];
  if (plain !== undefined) return `${m}$rt.${plain}(${args.join(", ")})`;
  b.gen.report(`the built-in \`${name}\` is not supported by the code generator yet`, span);
  return `$rt.fail(${JSON.stringify(`${name} is not supported yet`)})`;
}
