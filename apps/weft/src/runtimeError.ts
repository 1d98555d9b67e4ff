import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Sources } from "./pipeline.js";
import { pathsIn } from "./render/paths.js";
import { window } from "./render/window.js";

/** A frame of a JavaScript stack that the source maps put in a Weft file. */
export interface WeftFrame {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

const FRAME = /((?:file:\/\/)?[^\s()]+\.weft):(\d+):(\d+)/;
const AT = /^\s+at /;

/** The Weft frames of an error's stack, innermost first (source maps must be enabled). */
export function weftFrames(error: unknown): WeftFrame[] {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const frames: WeftFrame[] = [];
  // Only the stack's `at` lines: the message above them may span lines and name Weft places
  // itself (a deadlock report, a user's `fail` text), which are not where it failed.
  const message = error instanceof Error ? error.message : "";
  const at = message === "" ? -1 : stack.indexOf(message);
  for (const line of (at < 0 ? stack : stack.slice(at + message.length)).split("\n")) {
    if (!AT.test(line)) continue;
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    frames.push({ file, line: Number(m[2]), col: Number(m[3]) });
  }
  return frames;
}

/**
 * What an uncaught runtime error prints: the message, then the Weft location of the failing
 * call with its line of source, then the calls that led there. Never a JavaScript stack.
 */
export function renderRuntimeError(error: unknown, sources: Sources, cwd: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  // The runtime names the places tasks wait by the absolute paths the compiler gave them; shown
  // relative to the working directory, as every other location here is. Only in a deadlock
  // report: a user's own `fail` text stays as written.
  const message = raw.startsWith("deadlock:") ? relativePaths(raw, cwd) : raw;
  const frames = weftFrames(error);
  const out = [`error: ${message}`];
  const first = frames[0];
  if (first) {
    const shown = relative(cwd, first.file);
    const gutter = String(first.line).length;
    const pad = " ".repeat(gutter);
    out.push(`${pad}--> ${shown}:${first.line}:${first.col}`);
    const text = (sources.get(first.file) ?? "").split("\n")[first.line - 1];
    if (text !== undefined) {
      const at = { startCol: first.col, endCol: first.col + 1 };
      const cut = window(text.trimEnd(), [at], at);
      out.push(`${pad} |`, `${first.line} | ${cut.text}`, `${pad} | ${" ".repeat(cut.col(first.col) - 1)}^ failed here`);
    }
    out.push(...callers(frames.slice(1), cwd).map((c) => `${pad} = note: called from ${c}`));
  }
  const origin = threadOrigin(error);
  if (origin !== undefined) {
    const pad = " ".repeat(first ? String(first.line).length : 1);
    out.push(`${pad} = note: raised on thread ${origin.thread}`);
    for (const step of origin.via) out.push(`${pad} = note: from ${relativePaths(step, cwd)}`);
  }
  const suppressed = (error as { suppressed?: unknown[] } | null)?.suppressed;
  if (Array.isArray(suppressed)) {
    for (const s of suppressed) out.push(`  = note: also failed: ${s instanceof Error ? s.message : String(s)}`);
  }
  return out.join("\n") + "\n";
}

function relativePaths(text: string, cwd: string): string {
  return pathsIn(text, (p) => relative(cwd, p));
}

/** At most this many distinct callers are listed; deep recursion would otherwise print pages. */
const MAX_CALLERS = 12;

/** The calling frames as `file:line:col`, each run of one frame repeated (recursion) shown once with its count. */
function callers(frames: readonly WeftFrame[], cwd: string): string[] {
  const runs: { at: string; times: number }[] = [];
  for (const f of frames) {
    const at = `${relative(cwd, f.file)}:${f.line}:${f.col}`;
    const last = runs.at(-1);
    if (last?.at === at) last.times++;
    else runs.push({ at, times: 1 });
  }
  const shown = runs.slice(0, MAX_CALLERS).map((r) => (r.times > 1 ? `${r.at} (${r.times} times)` : r.at));
  if (runs.length > MAX_CALLERS) shown.push(`… ${runs.length - MAX_CALLERS} more`);
  return shown;
}

/** How an error raised on another thread got here (runtime-tasks' `threads/origin.ts`). */
function threadOrigin(error: unknown): { readonly thread: number; readonly via: readonly string[] } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as Record<symbol, { thread: number; via: string[] } | undefined>)[Symbol.for("weft.threadOrigin")];
}
