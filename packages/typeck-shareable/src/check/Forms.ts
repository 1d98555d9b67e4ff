import type { Form } from "@weft/reader";
import type { Literal } from "../IR.js";
import { tBool, tFloat, tInt, tKeyword, tString, tUnit, type Ty } from "./Ty.js";

/** Shapes of reader forms the checker matches on. */
export const isSym = (f: Form | undefined): f is Extract<Form, { kind: "symbol" }> => f !== undefined && f.kind === "symbol";
export const isNamed = (f: Form | undefined, name: string): boolean => f !== undefined && f.kind === "symbol" && f.name === name;

/** Literal forms with their type. */
export function literalOf(f: Form): { value: Literal; ty: Ty } | null {
  switch (f.kind) {
    case "int":
      return { value: { kind: "int", value: f.value }, ty: tInt() };
    case "float":
      return { value: { kind: "float", value: f.value }, ty: tFloat() };
    case "string":
      return { value: { kind: "string", value: f.value }, ty: tString() };
    case "bool":
      return { value: { kind: "bool", value: f.value }, ty: tBool() };
    case "keyword":
      return { value: { kind: "keyword", name: f.name }, ty: tKeyword() };
    case "list":
      return f.items.length === 0 ? { value: { kind: "unit" }, ty: tUnit() } : null;
    default:
      return null;
  }
}
