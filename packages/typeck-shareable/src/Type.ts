/**
 * Weft types as the checker hands them to later phases (fully resolved: no unification
 * variables are left unless a type stayed generic, as `var`).
 */
export type Type =
  /** A named type applied to arguments: `Int`, `(Vec a)`, `Vec2`, `(Tree Int)`… */
  | { readonly kind: "con"; readonly name: string; readonly module?: string; readonly args: readonly Type[] }
  /** A function type; `shareable` is the §6 flag, `suspends` whether a call can suspend (§5). */
  | {
      readonly kind: "fn";
      readonly params: readonly Type[];
      readonly result: Type;
      readonly shareable: boolean;
      readonly suspends: boolean;
    }
  /** A generic type variable (`a`, `b`…) of a polymorphic definition. */
  | { readonly kind: "var"; readonly id: number; readonly name: string };

export const PRIMITIVE_TYPES = ["Int", "Float", "Bool", "String", "Keyword", "Unit", "Error"] as const;
export type PrimitiveTypeName = (typeof PRIMITIVE_TYPES)[number];
