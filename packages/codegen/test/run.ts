import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { vi } from "vitest";
import { read, type Diagnostic } from "@weft/reader";
import { check, type Program } from "@weft/typeck-shareable";
import { generate, type JsModule } from "../src/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const packages = resolve(here, "../..");

/** Runtime packages as file URLs of their sources, so generated modules load them from anywhere. */
export function runtimeSpecifier(pkg: string): string {
  const dir = pkg.replace("@weft/", "");
  return pathToFileURL(join(packages, dir, "src/index.ts")).href;
}

/** read → check → generate, in memory; throws with the diagnostics when a phase fails. */
export function compile(files: Record<string, string>, entry = Object.keys(files)[0]!): { program: Program; modules: JsModule[] } {
  const forms = new Map<string, ReturnType<typeof read>["forms"]>();
  const problems: Diagnostic[] = [];
  for (const [path, text] of Object.entries(files)) {
    const r = read(path, text);
    forms.set(path, r.forms);
    problems.push(...r.diagnostics);
  }
  if (problems.length > 0) throw new Error(`read: ${problems.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const checked = check({ entry, files: forms });
  const errs = checked.diagnostics.filter((d) => d.severity === "error");
  if (!checked.program || errs.length > 0) throw new Error(`check: ${errs.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const out = generate(checked.program, { runtimeSpecifier, sources: new Map(Object.entries(files)) });
  if (out.diagnostics.length > 0) throw new Error(`generate: ${out.diagnostics.map((d) => d.message).join("; ")}`);
  return { program: checked.program, modules: out.modules };
}

/** Writes modules (with source maps) into a fresh directory and returns it. */
export function writeModules(modules: readonly JsModule[]): string {
  const dir = mkdtempSync(join(tmpdir(), "weft-codegen-"));
  for (const m of modules) {
    const out = join(dir, m.fileName);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${m.js}\n//# sourceMappingURL=${m.fileName}.map\n`);
    writeFileSync(`${out}.map`, JSON.stringify({ ...m.map, sources: [pathToFileURL(resolve(dir, m.path)).href] }));
  }
  return dir;
}

/** Imports module `fileName` of `dir`. */
export async function load(dir: string, fileName: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ pathToFileURL(join(dir, fileName)).href)) as Record<string, unknown>;
}

/** Captures what `f` writes to stdout. */
export async function captureStdout(f: () => Promise<unknown> | unknown): Promise<{ stdout: string; error?: unknown }> {
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  try {
    await f();
    return { stdout };
  } catch (error) {
    return { stdout, error };
  } finally {
    spy.mockRestore();
  }
}

/** Compiles and runs `main` of the entry module, capturing stdout. */
export async function run(files: Record<string, string>, entry = Object.keys(files)[0]!): Promise<{ stdout: string; error?: unknown; modules: JsModule[] }> {
  const { modules } = compile(files, entry);
  const dir = writeModules(modules);
  const m = modules.find((x) => x.path === entry)!;
  const loaded = await load(dir, m.fileName);
  const main = loaded[m.exports["main"]!] as () => unknown;
  return { ...(await captureStdout(() => main())), modules };
}

/** Runtime packages as file URLs of their built `dist`, for programs run outside vitest (worker threads import them). */
export function builtRuntimeSpecifier(pkg: string): string {
  const dir = pkg.replace("@weft/", "");
  return pathToFileURL(join(packages, dir, "dist/index.js")).href;
}

/**
 * Whether the runtime packages are built, so `runInNode` can run (worker entries included). A
 * developer's `vitest run` before any build skips those tests; under CI a skip would hide them,
 * so it is an error there (turbo builds the runtimes before this package's tests).
 */
export function runtimesBuilt(): boolean {
  const built = ["runtime-core", "runtime-tasks", "runtime-channels", "runtime-atoms", "gc"].every((d) => existsSync(join(packages, d, "dist/index.js")))
    && existsSync(join(packages, "runtime-tasks/dist/thread-worker.js"));
  if (!built && process.env.CI) throw new Error("the runtime packages are not built: run `npx turbo run build` first");
  return built;
}

/**
 * Compiles against the built runtimes and runs `main` in a fresh `node` process: what worker
 * threads need, since a worker imports the compiled modules with plain Node (no TypeScript).
 */
export function runInNode(
  files: Record<string, string>,
  entry = Object.keys(files)[0]!,
  env: Record<string, string> = {},
): { stdout: string; stderr: string; status: number | null } {
  const forms = new Map<string, ReturnType<typeof read>["forms"]>();
  for (const [path, text] of Object.entries(files)) forms.set(path, read(path, text).forms);
  const checked = check({ entry, files: forms });
  if (!checked.program) throw new Error(`check: ${checked.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const out = generate(checked.program, { runtimeSpecifier: builtRuntimeSpecifier, sources: new Map(Object.entries(files)) });
  if (out.diagnostics.length > 0) throw new Error(`generate: ${out.diagnostics.map((d) => d.message).join("; ")}`);
  const dir = writeModules(out.modules);
  const m = out.modules.find((x) => x.path === entry)!;
  const runner = join(dir, "$run.mjs");
  writeFileSync(
    runner,
    `const m = await import(${JSON.stringify(pathToFileURL(join(dir, m.fileName)).href)});\n` +
      `try { await m[${JSON.stringify(m.exports["main"])}](); } catch (e) { process.stderr.write(String(e?.message ?? e) + "\\n"); process.exitCode = 1; }\n`,
  );
  const r = spawnSync(process.execPath, [runner], { encoding: "utf8", timeout: 600_000, env: { ...process.env, WEFT_THREADS: "2", ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * One test per sentence-named program, each checking the exact stdout it prints when compiled
 * and run; `prelude` is put before each program.
 */
export function testPrograms(cases: readonly (readonly [string, string, string])[], prelude = ""): void {
  test.each(cases)("%s", async (_name, src, stdout) => {
    const got = await run({ "main.weft": prelude ? `${prelude}\n${src}` : src });
    expect(got.error).toBeUndefined();
    expect(got.stdout).toBe(stdout);
  });
}
