/** What a search makes of one IR node: found it, do not look inside it, or look inside. */
export type Probe = (node: Readonly<Record<string, unknown>>) => "found" | "skip" | undefined;

/** Fields that hold no expressions: types, spans, resolved references, environments. */
const LEAVES = new Set(["type", "span", "binding", "ctor", "dicts", "dict", "captures"]);

/** Whether `probe` finds a node in the IR tree under `root` (depth first, stopping at the first). */
export function someNode(root: unknown, probe: Probe): boolean {
  const visit = (x: unknown): boolean => {
    if (x === null || typeof x !== "object") return false;
    if (Array.isArray(x)) return x.some(visit);
    const node = x as Record<string, unknown>;
    const verdict = probe(node);
    if (verdict !== undefined) return verdict === "found";
    for (const key of Object.keys(node)) if (!LEAVES.has(key) && visit(node[key])) return true;
    return false;
  };
  return visit(root);
}
