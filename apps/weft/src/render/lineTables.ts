import { LineTable } from "@weft/reader";
import type { Sources } from "../pipeline.js";

/** A lookup that builds each file's line table once, on first use. */
export function lineTables(sources: Sources): (file: string) => LineTable {
  const tables = new Map<string, LineTable>();
  return (file) => {
    let t = tables.get(file);
    if (!t) tables.set(file, (t = new LineTable(sources.get(file) ?? "")));
    return t;
  };
}
