import type { Span } from "./Span.js";

/**
 * What the reader produces: the syntax tree of a Weft file before any meaning is given to it.
 * Every form carries its span. Reader sugar is expanded here: `@a` is the list
 * `(deref a)` and `'x` is `(quote x)`, with the sugar's span on the list and on the head symbol.
 */
export type Form =
  | { readonly kind: "list"; readonly items: readonly Form[]; readonly span: Span }
  | { readonly kind: "vector"; readonly items: readonly Form[]; readonly span: Span }
  /** `{k v ...}`; `entries` pairs keys with values (an odd map is E0006 and is not produced). */
  | { readonly kind: "map"; readonly entries: readonly (readonly [Form, Form])[]; readonly span: Span }
  | { readonly kind: "int"; readonly value: number; readonly span: Span }
  | { readonly kind: "float"; readonly value: number; readonly span: Span }
  | { readonly kind: "string"; readonly value: string; readonly span: Span }
  | { readonly kind: "bool"; readonly value: boolean; readonly span: Span }
  /** `:name`; `name` excludes the colon. */
  | { readonly kind: "keyword"; readonly name: string; readonly span: Span }
  | { readonly kind: "symbol"; readonly name: string; readonly span: Span };

export type FormKind = Form["kind"];
export type FormOf<K extends FormKind> = Extract<Form, { kind: K }>;
