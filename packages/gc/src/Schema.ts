/**
 * A codec schema: the static Weft type of a value, as codegen knows it. Types are static, so the
 * runtime never tells an Int from a Float by looking; the schema says which. `S.any` makes the
 * encoding self-describing (used for closure environments, or when no schema is at hand).
 */
export type Schema =
  | { readonly k: "int" }
  | { readonly k: "float" }
  | { readonly k: "bool" }
  | { readonly k: "string" }
  | { readonly k: "keyword" }
  | { readonly k: "unit" }
  | { readonly k: "error" }
  | { readonly k: "fn" }
  | { readonly k: "handle" }
  | { readonly k: "any" }
  | { readonly k: "vec"; readonly of: Schema }
  | { readonly k: "map"; readonly key: Schema; readonly value: Schema }
  | { readonly k: "type"; readonly tag: string; readonly args: readonly Schema[] }
  | { readonly k: "param"; readonly index: number };

const prim = <K extends string>(k: K) => Object.freeze({ k }) as { readonly k: K };

/** Schema constructors: `S.vec(S.type("Entity"))`, `S.option(S.int)`, `S.map(S.keyword, S.float)`. */
export const S = {
  int: prim("int"),
  float: prim("float"),
  bool: prim("bool"),
  string: prim("string"),
  keyword: prim("keyword"),
  unit: prim("unit"),
  error: prim("error"),
  /** A Shareable function value: a closure or a top-level function. */
  fn: prim("fn"),
  /** An atom or channel: a `SharedHandle`. */
  handle: prim("handle"),
  /** Unknown static type: each value carries its own tag on the wire. */
  any: prim("any"),
  vec: (of: Schema): Schema => ({ k: "vec", of }),
  map: (key: Schema, value: Schema): Schema => ({ k: "map", key, value }),
  /** A registered struct or enum, with its type arguments if generic. */
  type: (tag: string, ...args: Schema[]): Schema => ({ k: "type", tag, args }),
  /** The built-in enum `(Option a)`, registered by runtime-core under the tag "Option". */
  option: (a: Schema): Schema => ({ k: "type", tag: "Option", args: [a] }),
  /** The built-in enum `(Result a e)`, registered by runtime-core under the tag "Result". */
  result: (a: Schema, e: Schema): Schema => ({ k: "type", tag: "Result", args: [a, e] }),
  /** Type parameter `index` of the generic struct or enum whose field this is. */
  param: (index: number): Schema => ({ k: "param", index }),
} as const;

/** A stable text key for a schema, used to cache per-instantiation layouts and encoders. */
export function schemaKey(s: Schema): string {
  switch (s.k) {
    case "vec":
      return `(Vec ${schemaKey(s.of)})`;
    case "map":
      return `(Map ${schemaKey(s.key)} ${schemaKey(s.value)})`;
    case "type":
      return s.args.length === 0 ? s.tag : `(${s.tag} ${s.args.map(schemaKey).join(" ")})`;
    case "param":
      return `$${s.index}`;
    default:
      return s.k;
  }
}

/** Replaces type parameters in `s` with `args` (a generic field type instantiated). */
export function substitute(s: Schema, args: readonly Schema[]): Schema {
  switch (s.k) {
    case "param": {
      const a = args[s.index];
      return a ?? s;
    }
    case "vec":
      return S.vec(substitute(s.of, args));
    case "map":
      return S.map(substitute(s.key, args), substitute(s.value, args));
    case "type":
      return s.args.length === 0 ? s : { k: "type", tag: s.tag, args: s.args.map((a) => substitute(a, args)) };
    default:
      return s;
  }
}
