import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "./run.js";

const root = "/work/shared/conformance/cases";
/** The single-thread concurrency cases (tasks, channels); the thread ones need `./threads/`. */
const CONCURRENCY = [
  "tasks/basic.weft",
  "tasks/cancel-not-caught.weft",
  "tasks/cancel-tasks.weft",
  "tasks/error-cancels-siblings.weft",
  "tasks/timeout-race.weft",
  "tasks/waits-for-children.weft",
  "channels/close-drain.weft",
  "channels/dropping-sliding.weft",
  "channels/producer-consumer.weft",
  "channels/rendezvous.weft",
  "channels/select.weft",
];
const files = existsSync(root)
  ? [
      ...readdirSync(join(root, "core")).map((f) => `core/${f}`),
      "reader/literals.weft",
      "arenas/basic.weft",
      "atoms/basics.weft",
      ...CONCURRENCY,
    ].filter(
      (f) => f.endsWith(".weft") && existsSync(join(root, f)),
    )
  : [];

function expectations(text: string): { stdout: string; exit: number; stderr: string[] } {
  const lines = text.split("\n").filter((l) => l.startsWith(";;"));
  const stdout = lines.filter((l) => l.startsWith(";; > ") || l === ";; >").map((l) => l.slice(5) + "\n").join("");
  const exit = lines.some((l) => /^;; expect: exit 1/.test(l)) ? 1 : 0;
  const stderr = lines.filter((l) => l.startsWith(";; stderr-contains: ")).map((l) => l.slice(";; stderr-contains: ".length));
  return { stdout, exit, stderr };
}

describe.skipIf(files.length === 0)("conformance cases (core, reader/literals, arenas/basic, atoms/basics, single-thread tasks and channels)", () => {
  test.each(files)("%s prints exactly its expected output", async (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const want = expectations(text);
    const got = await run({ [file]: text });
    expect(got.stdout).toBe(want.stdout);
    if (want.exit === 0) expect(got.error).toBeUndefined();
    else {
      expect(got.error).toBeInstanceOf(Error);
      for (const s of want.stderr) expect((got.error as Error).message).toContain(s);
    }
  });
});
