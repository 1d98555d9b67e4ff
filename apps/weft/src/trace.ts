import { relative, resolve } from "node:path";
import { finishTrace, startTrace } from "@weft/runtime-core";

/**
 * `--trace OUT.json`: runs `command` with the runtime's tracer on, then writes the Chrome
 * trace-event file (runtime-core's Trace.ts) whether the program succeeded or not.
 */
export async function withTrace(file: string | undefined, command: () => Promise<number>): Promise<number> {
  if (file === undefined) return command();
  const out = resolve(file);
  startTrace(out);
  try {
    return await command();
  } finally {
    const events = finishTrace(out);
    process.stderr.write(`trace: wrote ${relative(process.cwd(), out) || out} (${events} events); open it in https://ui.perfetto.dev\n`);
  }
}
