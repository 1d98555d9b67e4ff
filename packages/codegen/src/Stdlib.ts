import type { DictExpr, Type } from "@weft/typeck-shareable";
import type { CallSite } from "./ModuleScope.js";
import { builtinType } from "./Dicts.js";
import { suspends } from "./Types.js";

// Code for the standard library of LANGUAGE.md §4.1 (typed by typeck-shareable's Stdlib.ts).
// Numbers and string methods are inlined where the types are known; the rest call runtime-core.

/** Weft name → runtime-core function, for calls that are only that call. */
const RUNTIME: Readonly<Record<string, string>> = {
  round: "round", "random-int": "randomInt", "seed-random!": "seedRandom", random: "random", "now-ms": "nowMs",
  subs: "subs", split: "split", "index-of": "indexOf", replace: "replace", "repeat-str": "repeatStr", "pad-left": "padLeft",
  "pad-right": "padRight", "parse-int": "parseInt", "parse-float": "parseFloat", "format-float": "formatFloat",
  first: "first", last: "last", rest: "rest", reverse: "reverse", concat: "concat", take: "take", drop: "drop", slice: "slice",
  repeat: "repeat", "empty?": "isEmpty", "pop!": "pop", "contains?": "contains", "get-or": "getOr", entries: "entries",
  "from-entries": "fromEntries", merge: "merge",
};
/** Those whose first argument is their class dictionary. */
const WITH_DICT: Readonly<Record<string, string>> = { join: "join", sum: "sum", sort: "sort", dedupe: "dedupe" };
/** Higher-order ones: the function is the last argument; `…Async` awaits it when it can suspend. */
const CALLBACK: Readonly<Record<string, string>> = {
  "any?": "any", "all?": "all", find: "find", "index-where": "indexWhere", "map-indexed": "mapIndexed", "group-by": "groupBy",
  update: "update", "map-vals": "mapVals", "sort-by": "sortBy",
};
const MATH: Readonly<Record<string, string>> = {
  ceil: "ceil", pow: "pow", exp: "exp", log: "log", tan: "tan", asin: "asin", acos: "acos", atan: "atan", atan2: "atan2", hypot: "hypot",
};
const BITS: Readonly<Record<string, string>> = {
  "bit-and": "&", "bit-or": "|", "bit-xor": "^", "bit-shift-left": "<<", "bit-shift-right": ">>",
};
const STRING_METHODS: Readonly<Record<string, string>> = {
  "includes?": "includes", "starts-with?": "startsWith", "ends-with?": "endsWith", "upper-case": "toUpperCase", "lower-case": "toLowerCase", trim: "trim",
};

/** The stdlib's record types (typeck's `stdlibTypes`): their runtime class and fields in order. */
export const STDLIB_RECORDS: Readonly<Record<string, { readonly js: string; readonly fields: readonly string[] }>> = {
  Entry: { js: "$rt.Entry", fields: ["key", "val"] },
};

/** The JS of a built-in constant used as a value (`pi`), if `name` is one. */
export function builtinConstant(name: string): string | undefined {
  return name === "pi" ? "Math.PI" : undefined;
}

/** The JS of a call of a stdlib function, or `undefined` when `name` is not one. */
export function stdlibCall(b: CallSite, name: string, dicts: readonly DictExpr[], args: readonly string[], argTypes: readonly Type[], m: string): string | undefined {
  const d = dicts[0];
  const t = builtinType(d);
  const number = t === "Int" || t === "Float";
  const [x, y] = args as [string, string];
  switch (name) {
    case "inc":
    case "dec": {
      const op = name === "inc" ? "+" : "-";
      return t === "Int" ? `((${x} ${op} 1) | 0)` : t === "Float" ? `(${x} ${op} 1)` : `${m}$rt.${name}(${b.gen.dict(d!)}, ${x})`;
    }
    case "min":
    case "max":
      return number ? `Math.${name}(${args.join(", ")})` : `$rt.${name}Of(${b.gen.dict(d!)}, ${args.join(", ")})`;
    case "clamp":
      return number ? `Math.min(Math.max(${x}, ${y}), ${args[2]!})` : `$rt.clamp(${b.gen.dict(d!)}, ${args.join(", ")})`;
    case "bit-not":
      return `(~${x})`;
    case "Entry":
      return `new $rt.Entry(${x}, ${y})`;
  }
  if (MATH[name] !== undefined) return `Math.${MATH[name]}(${args.join(", ")})`;
  if (BITS[name] !== undefined) return `(${x} ${BITS[name]} ${y})`;
  if (STRING_METHODS[name] !== undefined) return `(${x}).${STRING_METHODS[name]}(${args.slice(1).join(", ")})`;
  if (RUNTIME[name] !== undefined) return `${m}$rt.${RUNTIME[name]}(${args.join(", ")})`;
  if (WITH_DICT[name] !== undefined) return `${m}$rt.${WITH_DICT[name]}(${[b.gen.dict(d!), ...args].join(", ")})`;
  const hof = CALLBACK[name];
  if (hof !== undefined) {
    const all = d !== undefined ? [b.gen.dict(d), ...args] : args;
    if (suspends(argTypes[argTypes.length - 1]) || b.generic) return b.awaited(`${m}$rt.${hof}Async(${all.join(", ")})`);
    return `${m}$rt.${hof}(${all.join(", ")})`;
  }
  return undefined;
}
