import { spawnSync } from "node:child_process";
import { vi } from "vitest";
import { main } from "../src/main.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the `weft` command in this process, capturing what it writes. */
export async function weft(...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export const fixture = (name: string): string => new URL(`fixtures/${name}`, import.meta.url).pathname;

export const bin = new URL("../bin/weft.js", import.meta.url).pathname;

/**
 * Runs the built `weft` in a child process, as a user does: for running programs, whose
 * stack traces must go through Node's own source-map support, not the test runner's.
 */
export function weftProcess(...argv: string[]): CliResult {
  return weftProcessWith({}, ...argv);
}

/** {@link weftProcess} with extra environment variables, e.g. `WEFT_PAR_INLINE=0`. */
export function weftProcessWith(env: Record<string, string>, ...argv: string[]): CliResult {
  const r = spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
