import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { decodeSource, hasErrors } from "@weft/reader";
import { compile, UnreadableEntry, type Compiled, type SourceHost } from "./pipeline.js";
import { renderHuman } from "./render/human.js";
import { toJson } from "./render/json.js";
import { styleFor } from "./render/Style.js";
import { explain } from "./explain/explain.js";
import { explainName, stdlibReference } from "./explain/stdlib.js";
import { writeBuild } from "./build.js";
import { enableWeftStacks, runMain } from "./runner.js";
export { exitWhenFlushed } from "./runner.js";
import { writeModules, runtimeFileUrl } from "./output.js";
import { renderRuntimeError } from "./runtimeError.js";
import { renderTestReport, runTestFile, testReportJson, totals, type FileOutcome } from "./test.js";
import { withTrace } from "./trace.js";
import { version } from "./version.js";
import { watchAndRun } from "./watch.js";

export const EXIT_OK = 0;
/** Compile errors, or an uncaught runtime error. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const USAGE = `usage:
  weft run FILE [--threads N]   compile FILE and run its main
  weft run FILE --watch         run, then reload the code on every save
  weft run FILE --trace OUT.json   run, and write a trace Perfetto opens (also on test)
  weft check FILE [--json]      type-check FILE and report diagnostics
  weft build FILE -o DIR        write ES modules and source maps to DIR
  weft test FILE... [--json]    run every deftest of each FILE, on virtual time
  weft explain CODE             explain a diagnostic code, e.g. E0303
  weft explain NAME             the type and use of a library function, e.g. sort-by
  weft explain stdlib           the whole standard library reference
  weft --version
`;

/** Why the last failed read of each path failed, in the words of the OS error. */
const unreadable = new Map<string, string>();

const fileHost: SourceHost = {
  readFile(path) {
    try {
      return decodeSource(path, readFileSync(path));
    } catch (e) {
      unreadable.set(path, osReason(e as NodeJS.ErrnoException));
      return undefined;
    }
  },
  whyUnreadable: (path) => unreadable.get(path),
};

function osReason(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "it is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return e.message;
  }
}

/** Runs the `weft` command with `argv` (without `node` and the script); resolves to its exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: explainNamesAsPositionals(argv),
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        out: { type: "string", short: "o" },
        threads: { type: "string" },
        trace: { type: "string" },
        watch: { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return usage(argumentProblem(e as Error & { code?: string }, argv));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`weft ${version}\n`);
    return EXIT_OK;
  }
  const [command, target, ...rest] = positionals;
  if (values.help || command === "help") {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  const misplaced = command === undefined ? undefined : misplacedOption(command, values);
  if (misplaced !== undefined) return usage(misplaced);
  if (values.threads !== undefined) {
    if (!/^[1-9]\d*$/.test(values.threads)) return usage(`--threads needs a positive whole number, not \`${values.threads}\``);
    process.env.WEFT_THREADS = values.threads;
  }
  if (command === "test") return withTrace(values.trace, () => testCommand(positionals.slice(1), values.json === true));
  if (rest.length > 0) return usage(`unexpected argument \`${rest[0]}\``);
  switch (command) {
    case "explain":
      return explainCommand(target);
    case "check":
      return withEntry(target, (entry) => checkCommand(entry, values.json === true));
    case "build":
      if (!values.out) return usage("`weft build` needs an output directory: -o DIR");
      return withEntry(target, (entry) => buildCommand(entry, resolve(values.out!)));
    case "run":
      return withEntry(target, values.watch ? watchCommand : (entry) => withTrace(values.trace, () => runCommand(entry)));
    case undefined:
      return usage("no command given");
    default:
      return usage(`unknown command \`${command}\``);
  }
}

/**
 * `weft explain ->` names a library form that starts like an option: after `explain`, only a
 * `--long` option or `-h` is read as one (`--` makes the rest positional).
 */
function explainNamesAsPositionals(argv: readonly string[]): string[] {
  const at = argv.indexOf("explain");
  if (at < 0 || argv.slice(0, at).some((a) => !a.startsWith("-"))) return [...argv];
  const rest = argv.slice(at + 1);
  const name = rest.findIndex((a) => a.startsWith("-") && !a.startsWith("--") && a !== "-h");
  return name < 0 ? [...argv] : [...argv.slice(0, at + 1), ...rest.slice(0, name), "--", ...rest.slice(name)];
}

/** The options each command takes; any other is a usage error, not silently ignored. */
const OPTIONS_OF: Readonly<Record<string, readonly string[]>> = {
  run: ["threads", "trace", "watch"],
  check: ["json"],
  build: ["out"],
  test: ["threads", "trace", "json"],
  explain: [],
};

/** Why an option given does not belong on `weft COMMAND`, if one does not. */
function misplacedOption(command: string, values: Readonly<Record<string, unknown>>): string | undefined {
  const takes = OPTIONS_OF[command];
  if (takes === undefined) return undefined;
  const given = Object.keys(values).filter((o) => values[o] !== undefined && o !== "help" && o !== "version");
  const other = given.find((o) => !takes.includes(o));
  if (other !== undefined) return `\`${other === "out" ? "-o" : `--${other}`}\` is not an option of \`weft ${command}\``;
  // A reload restarts the run, so a trace would describe no one run.
  if (values["watch"] === true && values["trace"] !== undefined) return "`--trace` does not combine with `--watch`";
  return undefined;
}

/** `parseArgs`' complaint in the words of the rest of the command (its own text ends in an unbalanced quote). */
function argumentProblem(e: Error & { code?: string }, argv: readonly string[]): string {
  const option = /'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(e.message);
  // `-o, --out`: say the one the command line has (the last, which is the one missing its value).
  const typed = option?.[2] !== undefined ? argv.findLast((a) => a === option[1] || a.startsWith(option[2]!)) : undefined;
  const name = typed?.split("=")[0] ?? option?.[2] ?? option?.[1] ?? "";
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option \`${option?.[1] ?? name}\``;
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
    return /does not take/.test(e.message) ? `\`${name}\` does not take a value` : `\`${name}\` needs a value`;
  return e.message;
}

function usage(problem: string): number {
  process.stderr.write(`error: ${problem}\n\n${USAGE}`);
  return EXIT_USAGE;
}

async function withEntry(target: string | undefined, command: (entry: string) => Promise<number> | number): Promise<number> {
  if (target === undefined) return usage("no FILE given");
  try {
    return await command(resolve(target));
  } catch (e) {
    if (e instanceof UnreadableEntry) return usage(`cannot read \`${target}\`${e.reason ? `: ${e.reason}` : ""}`);
    throw e;
  }
}

const cwdRelative = (p: string) => relative(process.cwd(), p) || p;

/** Prints diagnostics for a person on stderr; true when any is an error. */
function report(compiled: Compiled): boolean {
  const style = styleFor(process.stderr, process.env);
  for (const d of compiled.diagnostics) process.stderr.write(renderHuman(d, compiled.sources, style, cwdRelative) + "\n");
  return hasErrors(compiled.diagnostics);
}

function explainCommand(code: string | undefined): number {
  if (code === undefined) return usage("`weft explain` needs a code, e.g. E0303");
  const page = explain(code) ?? explainName(code) ?? (code === "stdlib" ? stdlibReference() : undefined);
  if (page === undefined) return usage(`unknown code or library name \`${code}\``);
  process.stdout.write(page);
  return EXIT_OK;
}

function checkCommand(entry: string, json: boolean): number {
  const compiled = compile(entry, fileHost, { generate: false });
  if (json) {
    process.stdout.write(JSON.stringify(toJson(compiled.diagnostics, compiled.sources, cwdRelative), null, 2) + "\n");
    return hasErrors(compiled.diagnostics) ? EXIT_FAILED : EXIT_OK;
  }
  return report(compiled) ? EXIT_FAILED : EXIT_OK;
}

function buildCommand(entry: string, outDir: string): number {
  const compiled = compile(entry, fileHost, { generate: true });
  if (report(compiled) || !compiled.modules) return EXIT_FAILED;
  const note = writeBuild(compiled, outDir);
  process.stderr.write(`wrote ${compiled.modules.length} module(s) to ${cwdRelative(outDir)}${note === null ? `; run it with: node ${join(cwdRelative(outDir), "main.mjs")}` : ` (${note})`}\n`);
  return EXIT_OK;
}

async function runCommand(entry: string): Promise<number> {
  const compiled = compile(entry, fileHost, { generate: true, codegen: { runtimeSpecifier: runtimeFileUrl } });
  if (report(compiled) || !compiled.modules || !compiled.program) return EXIT_FAILED;
  const entryModule = compiled.modules.find((m) => m.path === compiled.program!.entry);
  const mainName = entryModule?.exports.main;
  if (!entryModule || mainName === undefined) {
    process.stderr.write(`error: \`${cwdRelative(entry)}\` has no \`main\` function to run\n`);
    return EXIT_FAILED;
  }
  const dir = mkdtempSync(join(tmpdir(), "weft-run-"));
  try {
    writeModules(compiled.modules, dir, "url");
    return await runMain(pathToFileURL(join(dir, entryModule.fileName)).href, mainName, compiled.sources);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function testCommand(targets: readonly string[], json: boolean): Promise<number> {
  if (targets.length === 0) return usage("`weft test` needs at least one FILE");
  // Every FILE is checked before any test runs: a typo in the last one is a usage error, not a
  // run whose report is thrown away after the first files' tests (and their output) ran.
  for (const target of targets) {
    const entry = resolve(target);
    if (fileHost.readFile(entry) === undefined) {
      const reason = fileHost.whyUnreadable?.(entry);
      return usage(`cannot read \`${target}\`${reason ? `: ${reason}` : ""}`);
    }
  }
  const files: FileOutcome[] = [];
  // With --json, stdout holds the report alone, for a tool to parse: what the tests print
  // (worker threads' output is piped through the main thread's stdout too) goes to stderr.
  const toStdout = process.stdout.write;
  if (json) process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  try {
    for (const target of targets) {
      const entry = resolve(target);
      enableWeftStacks();
      const outcome = await runTestFile(entry, fileHost, process.cwd());
      if (!json) report(outcome.compiled);
      files.push(outcome);
    }
  } finally {
    process.stdout.write = toStdout;
  }
  if (json) {
    const diagnostics = files.flatMap((f) => toJson(f.compiled.diagnostics, f.compiled.sources, cwdRelative));
    process.stdout.write(JSON.stringify({ ...(testReportJson(files) as object), diagnostics }, null, 2) + "\n");
  } else process.stdout.write(renderTestReport(files));
  return totals(files).failed > 0 ? EXIT_FAILED : EXIT_OK;
}

async function watchCommand(entry: string): Promise<number> {
  if (fileHost.readFile(entry) === undefined) throw new UnreadableEntry(entry, fileHost.whyUnreadable?.(entry));
  enableWeftStacks();
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
  await watchAndRun(
    entry,
    fileHost,
    {
      diagnostics: (compiled) => void report(compiled),
      runtimeError: (error, compiled) => process.stderr.write(renderRuntimeError(error, compiled.sources, process.cwd())),
      status: (line) => process.stderr.write(`[watch] ${line}\n`),
    },
    stop.signal,
  );
  return EXIT_OK;
}

