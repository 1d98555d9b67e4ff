import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineTable, read, type Diagnostic } from "@weft/reader";
import type { Form, Span } from "@weft/reader";
import { check, showType, type Expr, type Program } from "../src/index.js";

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

/** mulberry32: a seeded PRNG, so a failing generated program can be replayed from its seed. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Builders of reader forms for generated programs (every span is the same dummy one). */
export const SPAN: Span = { file: "gen.weft", start: 0, end: 1 };
export const sym = (name: string): Form => ({ kind: "symbol", name, span: SPAN });
export const list = (...items: Form[]): Form => ({ kind: "list", items, span: SPAN });
export const int = (value: number): Form => ({ kind: "int", value, span: SPAN });
export const kw = (name: string): Form => ({ kind: "keyword", name, span: SPAN });

/** Every IR node of `kind` under `root`, in tree order (types are not walked: they hold no nodes). */
export function nodes<K extends Expr["kind"]>(root: unknown, kind: K): Extract<Expr, { kind: K }>[] {
  const out: Extract<Expr, { kind: K }>[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown): void => {
    if (typeof x !== "object" || x === null || seen.has(x)) return;
    seen.add(x);
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (o.kind === kind && "span" in o && "type" in o) out.push(o as never);
    for (const [k, v] of Object.entries(o)) if (k !== "type" && k !== "span") walk(v);
  };
  walk(root);
  return out;
}

/** A row of a table test: `expected` is `CODE line` per diagnostic; an accepted row prints `stdout` under `weft run`. */
export interface TableRow {
  readonly name: string;
  readonly src: string;
  readonly expected: readonly string[];
  readonly stdout?: string;
}

/** The built `weft` command, present once the workspace is built. */
export const WEFT = new URL("../../../node_modules/.bin/weft", import.meta.url).pathname;
export const weftBuilt = (): boolean => existsSync(WEFT);

/**
 * Runs each program under the built `weft run`, one process each, and gives `name: status
 * stdout` (stderr appended when there is any), to compare against `name: 0 expected stdout`.
 */
export function runEach(rows: readonly { readonly name: string; readonly src: string }[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "weft-rows-"));
  return rows.map((r, i) => {
    const file = join(dir, `row${i}.weft`);
    writeFileSync(file, `${r.src}\n`);
    const out = spawnSync(process.execPath, [WEFT, "run", file], { encoding: "utf8" });
    return `${r.name}: ${out.status} ${out.stdout.trimEnd()}${out.stderr ? ` ${out.stderr.slice(0, 300)}` : ""}`;
  });
}
