import type { Type } from "../Type.js";

/** A public `Type` in Weft syntax: `Int`, `(Vec a)`, `(Fn ((Vec a)) a)`. */
export function showType(t: Type): string {
  switch (t.kind) {
    case "var":
      return t.name;
    case "con":
      if (t.name === "Unit") return "()";
      return t.args.length === 0 ? t.name : `(${t.name} ${t.args.map(showType).join(" ")})`;
    case "fn":
      return `(${t.shareable ? "Fn" : "LocalFn"} (${t.params.map(showType).join(" ")}) ${showType(t.result)})`;
  }
}
