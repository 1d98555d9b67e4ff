import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";

const src = new URL("../src/", import.meta.url);

/** Each module of src/ and the modules of src/ it imports (type imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(src).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(new URL(file, src), "utf8");
    const deps = [...text.matchAll(/from "\.\/([\w]+)\.js"/g)].map((m) => `${m[1]}.ts`);
    graph.set(file, deps);
  }
  return graph;
}

function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (m: string): void => {
    if (state.get(m) === "done") return;
    if (state.get(m) === "open") {
      found.push([...path.slice(path.indexOf(m)), m]);
      return;
    }
    state.set(m, "open");
    path.push(m);
    for (const d of graph.get(m) ?? []) visit(d);
    path.pop();
    state.set(m, "done");
  };
  for (const m of graph.keys()) visit(m);
  return found;
}

test("the code generator's modules import one another without a circle, type imports included", () => {
  const graph = importGraph();
  expect(graph.get("Body.ts")).toContain("ModuleScope.ts");
  expect(circles(graph)).toEqual([]);
});
