import { LineTable, read, type Diagnostic } from "@weft/reader";
import { check, showType, type Program } from "../src/index.js";

export interface Checked {
  readonly program?: Program;
  readonly diagnostics: Diagnostic[];
  readonly readErrors: Diagnostic[];
  /** `CODE line` for each diagnostic, in order. */
  readonly errors: string[];
}

/** Reads and checks one or more in-memory files; the first is the entry. */
export function checkSource(src: string | Record<string, string>): Checked {
  const files = typeof src === "string" ? { "main.weft": src } : src;
  const forms = new Map<string, readonly import("@weft/reader").Form[]>();
  const tables = new Map<string, LineTable>();
  const readErrors: Diagnostic[] = [];
  for (const [path, text] of Object.entries(files)) {
    const r = read(path, text);
    forms.set(path, r.forms);
    tables.set(path, new LineTable(text));
    readErrors.push(...r.diagnostics);
  }
  const entry = Object.keys(files)[0]!;
  const result = check({ entry, files: forms });
  const errors = result.diagnostics.map((d) => `${d.code} ${tables.get(d.span.file)?.position(d.span.start).line ?? "?"}`);
  return { ...result, readErrors, errors };
}

/** The inferred type of each top-level value of the entry module, in Weft syntax with its constraints. */
export function typesOf(src: string): Record<string, string> {
  const r = checkSource(src);
  if (!r.program) throw new Error(r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  const m = r.program.modules[r.program.modules.length - 1]!;
  const out: Record<string, string> = {};
  for (const v of m.values) {
    const cs = v.kind === "fn" ? [...v.dictParams.map((p) => ` (${p.class} ${p.typeVar})`), ...(v.shareable ?? []).map((a) => ` (Shareable ${a})`)].join("") : "";
    out[v.name] = showType(v.type) + cs;
  }
  return out;
}
