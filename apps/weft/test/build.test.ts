import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { fixture, weftProcess } from "./cli.js";

/** Runs `node ARGS` in `cwd` with nothing of the repository reachable (no NODE_PATH, a temp dir). */
function node(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", WEFT_THREADS: "2" };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Builds fixture `name` into a fresh directory under the OS temp dir, outside the repository. */
function build(name: string): string {
  const out = join(mkdtempSync(join(tmpdir(), "weft-build-")), "out");
  const r = weftProcess("build", fixture(name), "-o", out);
  expect(r.stderr).toContain("run it with: node");
  expect(r.code).toBe(0);
  return out;
}

describe("weft build output runs from a directory outside the repository", () => {
  test("main.mjs runs main with par-map and a spawned thread, from the runtime copied beside it", () => {
    const out = build("threads.weft");
    expect(readdirSync(join(out, "node_modules", "@weft")).sort()).toEqual(["gc", "runtime-atoms", "runtime-channels", "runtime-core", "runtime-tasks"]);
    expect(readdirSync(join(out, "node_modules")).sort()).toEqual(["@weft"]);
    const r = node(out, "main.mjs");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("[(P 2 4) (P 4 8) (P 6 12)]\n45\n3.142\n");
    expect(r.code).toBe(0);
  });

  test("an uncaught error prints what weft run prints, at the Weft location, and exits 1", () => {
    const out = build("uncaught.weft");
    const built = node(join(out, ".."), "out/main.mjs");
    const ran = weftProcess("run", fixture("uncaught.weft"));
    expect(built.code).toBe(1);
    expect(built.stdout).toBe("before\n");
    expect(built.stderr).toContain("error: boss not found");
    expect(built.stderr).toMatch(/--> \S*uncaught\.weft:2:19\n/);
    // The same block as `weft run`, but for the path, which each shows relative to its own cwd.
    const lines = (s: string) => s.split("\n").filter((l) => !l.includes("-->") && !l.includes("called from"));
    expect(lines(built.stderr)).toEqual(lines(ran.stderr));
  });

  test("the program's module exports main and runs nothing when imported", () => {
    const out = build("threads.weft");
    const r = node(out, "--input-type=module", "-e", `const m = await import("./threads.js"); console.log(Object.keys(m).includes("main"), typeof m.main);`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("true function\n");
  });

  test("a program without main is built without a main.mjs, and says so", () => {
    const out = join(mkdtempSync(join(tmpdir(), "weft-build-")), "out");
    const r = weftProcess("build", fixture("math.weft"), "-o", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("the program has no `main`, so no main.mjs was written");
    expect(existsSync(join(out, "main.mjs"))).toBe(false);
  });
});
