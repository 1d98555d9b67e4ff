import type { DictExpr } from "@weft/typeck-shareable";
import { mangle } from "./Mangle.js";

/** JS method names of the built-in classes' methods; a program's own classes use mangled names. */
const BUILTIN_METHODS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Eq: { "=": "eq" },
  Ord: { "<": "lt" },
  Num: { "+": "add", "-": "sub", "*": "mul", "/": "div" },
  Show: { show: "show" },
};

/** The built-in types whose dictionaries runtime-core exports as `$rt.<Class><Type>`. */
export const PRIMITIVE_DICT_TYPES: ReadonlySet<string> = new Set(["Int", "Float", "Bool", "String", "Keyword", "Unit", "Error"]);

/** The property name a class method has in a dictionary object. */
export function methodName(cls: string, method: string): string {
  return BUILTIN_METHODS[cls]?.[method] ?? mangle(method);
}

/** The built-in type a dictionary is for, when it is a built-in one without arguments. */
export function builtinType(d: DictExpr | undefined): string | null {
  return d && d.kind === "builtin" && d.args.length === 0 ? d.type : null;
}

/** Whether `===` is this dictionary's equality. */
export function primitiveEq(d: DictExpr | undefined): boolean {
  const t = builtinType(d);
  return t !== null && PRIMITIVE_DICT_TYPES.has(t) && t !== "Unit";
}
