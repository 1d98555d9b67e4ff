import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { bin, weft, weftProcess, weftProcessWith, fixture } from "./cli.js";
import { BROKEN_PIPE } from "../src/runner.js";

describe("the weft command", () => {
  test("--version prints the package version", async () => {
    const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
    expect(await weft("--version")).toEqual({ code: 0, stdout: `weft ${version}\n`, stderr: "" });
  });

  test.each([
    ["no command", [], "no command given"],
    ["an unknown command", ["launch", "x.weft"], "unknown command `launch`"],
    ["an unknown option", ["run", "--fast", "x.weft"], "error: unknown option `--fast`\n"],
    ["an option without its value", ["build", "x.weft", "-o"], "error: `-o` needs a value\n"],
    ["an option without its value, spelled long", ["build", "x.weft", "--out"], "error: `--out` needs a value\n"],
    ["an empty output directory", ["build", "x.weft", "--out="], "error: `weft build` needs an output directory: -o DIR\n"],
    ["an option of another command", ["run", "x.weft", "-o", "dir"], "error: `-o` is not an option of `weft run`\n"],
    ["--watch on build", ["build", "x.weft", "-o", "dir", "--watch"], "error: `--watch` is not an option of `weft build`\n"],
    ["--threads on check", ["check", "x.weft", "--threads", "2"], "error: `--threads` is not an option of `weft check`\n"],
    ["--json on run", ["run", "x.weft", "--json"], "error: `--json` is not an option of `weft run`\n"],
    ["--trace with --watch", ["run", "x.weft", "--watch", "--trace", "t.json"], "error: `--trace` does not combine with `--watch`\n"],
    ["a bad --threads on test", ["test", "x.weft", "--threads", "none"], "--threads needs a positive whole number, not `none`"],
    ["a value given to a flag", ["check", "--json=yes", "x.weft"], "error: `--json` does not take a value\n"],
    ["run without a file", ["run"], "no FILE given"],
    ["build without -o", ["build", "x.weft"], "needs an output directory"],
    ["a file that does not exist", ["check", "no/such/file.weft"], "cannot read `no/such/file.weft`"],
    ["a bad --threads", ["run", "x.weft", "--threads", "0"], "--threads needs a positive whole number"],
    ["explain of an unknown code", ["explain", "E9999"], "unknown code or library name `E9999`"],
  ])("exits 2 with usage on %s", async (_name, argv, message) => {
    const r = await weft(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("usage:");
  });

  test("explain prints a page with a wrong and a right example", async () => {
    const r = await weft("explain", "e0201");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "E0201: `set!` on an immutable binding\n\n" +
        "Bindings are immutable unless declared `mut`. Declare it `mut`, or bind a new name.\n\n" +
        "Wrong:\n\n    (let ((lives 3))\n      (set! lives 2))\n\n" +
        "Right:\n\n    (let ((mut lives 3))\n      (set! lives 2))\n",
    );
  });
});

describe("weft check", () => {
  test("reports every error for a person, with code frames, and exits 1", async () => {
    const r = await weft("check", fixture("typo.weft"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    await expect(r.stderr.replaceAll(process.cwd() + "/", "")).toMatchFileSnapshot("golden/check-typo.txt");
  });

  test("--json prints one array with 1-based positions", async () => {
    const r = await weft("check", "--json", fixture("typo.weft"));
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as { code: string; line: number; col: number }[];
    expect(diags.map((d) => [d.code, d.line, d.col])).toEqual([
      ["E0101", 5, 20],
      ["E0100", 6, 14],
    ]);
  });

  test("a clean program prints nothing and exits 0", async () => {
    expect(await weft("check", fixture("math.weft"))).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});

describe("weft run", () => {
  test("runs main, following imports", async () => {
    expect(weftProcess("run", fixture("uses-math.weft"))).toEqual({ code: 0, stdout: "49\n", stderr: "" });
  });

  test("an uncaught error prints its message and the Weft location of the failing call", async () => {
    const r = weftProcess("run", fixture("uncaught.weft"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("before\n");
    const shown = r.stderr.replaceAll(process.cwd() + "/", "");
    expect(shown).toContain("error: boss not found\n");
    expect(shown).toBe(
      [
        "error: boss not found",
        " --> test/fixtures/uncaught.weft:2:19",
        "  |",
        '2 |   (if (> level 3) (fail "boss not found") level))',
        "  |                   ^ failed here",
        "  = note: called from test/fixtures/uncaught.weft:6:3",
        "",
      ].join("\n"),
    );
  });

  // WEFT_PAR_INLINE=0 sends even a tiny par-map to the pool, whose workers load the program while
  // its defs are being evaluated: they take the main thread's values, never evaluating a def.
  test("a def whose initialiser uses par-map or spawn-thread runs once, on the main thread", () => {
    const r = weftProcessWith({ WEFT_PAR_INLINE: "0" }, "run", fixture("def-par-map.weft"));
    expect(r).toEqual({ code: 0, stdout: "squares, once\noffset, once\n[0 1 4 9] 10\n[10 11]\n", stderr: "" });
  });

  test("main waiting on a channel nothing can send to is a deadlock with exit 1, never Node's silent exit 13, naming where main waits", () => {
    expect(weftProcess("run", fixture("main-recv-forever.weft"))).toEqual({
      code: 1,
      stdout: "waiting\n",
      stderr:
        "error: deadlock: every task is waiting on something that no running task can complete\n" +
        "  main: waits on a channel (send, recv, select or for-msg) (at test/fixtures/main-recv-forever.weft:4:5)\n",
    });
  });

  test("a 0 ms timeout runs out before a 1 ms sleep, as under weft test's virtual clock", () => {
    expect(weftProcess("run", fixture("timeout-zero.weft"))).toEqual({ code: 0, stdout: "None\n(Some 1)\n(Some ())\n", stderr: "" });
  });

  // On a pipe Node writes asynchronously; exiting at once dropped the last lines (a run kept 14464 of 200000).
  test("every line a program prints reaches a pipe before weft run, or a built main.mjs, exits", async () => {
    mkdirSync(new URL("../.weft-cache/", import.meta.url), { recursive: true });
    const out = mkdtempSync(new URL("../.weft-cache/build-", import.meta.url).pathname);
    expect((await weft("build", fixture("prints-many-lines.weft"), "-o", out)).code).toBe(0);
    for (const argv of [[bin, "run", fixture("prints-many-lines.weft")], [join(out, "main.mjs")]]) {
      const r = spawnSync(process.execPath, argv, { encoding: "utf8", maxBuffer: 64 << 20 });
      expect([r.status, r.stdout.split("\n").length - 1, r.stdout.endsWith("line 199999\n")]).toEqual([0, 200000, true]);
    }
  });

  test("a reader that closes stdout early ends the program with one line and exit 1, not a Node stack trace", async () => {
    const child = spawn(process.execPath, [bin, "run", fixture("prints-many-lines.weft")], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect({ code, stderr }).toEqual({ code: 1, stderr: BROKEN_PIPE });
  });

  test("a main that takes arguments or is no function is a compile error with exit 1, not a JavaScript failure", async () => {
    const r = weftProcess("run", fixture("main-takes-arguments.weft"));
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toContain("error[E0103]: `main` takes no arguments, but this one takes 2\n --> test/fixtures/main-takes-arguments.weft:1:13\n");
    const json = JSON.parse((await weft("check", "--json", fixture("main-is-a-value.weft"))).stdout) as { code: string; line: number; message: string }[];
    expect(json.map((d) => [d.code, d.line, d.message])).toEqual([["E0101", 1, "`main` must be a function of no arguments, but this is a value"]]);
  });

  test("a program without main is refused", async () => {
    const r = weftProcess("run", fixture("math.weft"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has no `main` function to run");
  });
});

describe("weft build", () => {
  test("writes ES modules with source maps that node runs", async () => {
    // Inside the repo, so the output finds @weft/runtime-core in node_modules as a user's project would.
    mkdirSync(new URL("../.weft-cache/", import.meta.url), { recursive: true });
    const out = mkdtempSync(new URL("../.weft-cache/build-", import.meta.url).pathname);
    const r = await weft("build", fixture("uses-math.weft"), "-o", out);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "uses-math.js.map"))).toBe(true);
    const map = JSON.parse(readFileSync(join(out, "math.js.map"), "utf8"));
    expect(map.sources[0]).toMatch(/fixtures\/math\.weft$/);
    const printed = execFileSync(process.execPath, ["--input-type=module", "-e", `import(${JSON.stringify(join(out, "uses-math.js"))}).then((m) => m.main())`], {
      encoding: "utf8",
    });
    expect(printed).toBe("49\n");
  });
});
