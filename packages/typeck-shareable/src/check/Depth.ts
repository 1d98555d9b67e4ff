import type { Form } from "@weft/reader";

/**
 * How deep forms may nest. The checker and code generator walk expressions recursively, as deep
 * as the source nests; this bound keeps every such walk far inside the JS stack (a program
 * nested 1,000 deep used to end in "Maximum call stack size exceeded"). Code written by hand
 * nests a few dozen levels; a generated table is wide, not deep.
 */
export const MAX_DEPTH = 256;

/** The first list, vector or map (in source order) nested deeper than `limit`, found with an explicit stack. */
export function tooDeep(forms: readonly Form[], limit = MAX_DEPTH): Form | null {
  const stack: [Form, number][] = [];
  for (let i = forms.length - 1; i >= 0; i--) stack.push([forms[i]!, 1]);
  while (stack.length > 0) {
    const [f, depth] = stack.pop()!;
    const kids = f.kind === "list" || f.kind === "vector" ? f.items : f.kind === "map" ? f.entries.flat() : null;
    if (!kids) continue;
    if (depth > limit) return f;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, depth + 1]);
  }
  return null;
}
