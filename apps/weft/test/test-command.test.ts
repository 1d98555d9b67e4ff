import { describe, expect, test } from "vitest";
import { fixture, weft, weftProcess } from "./cli.js";

const examples = new URL("../../../examples/", import.meta.url).pathname;

describe("weft test", () => {
  test("a 10-second timeout test passes instantly, its clock ending at exactly 10000 virtual ms", () => {
    const r = weftProcess("test", "--json", `${examples}timers.test.weft`);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { passed: number; failed: number; tests: { name: string; ok: boolean; virtualMs: number }[] };
    expect(report.tests.map((t) => [t.name, t.ok, t.virtualMs])).toEqual([
      ["a loader that answers in time gives its level", true, 200],
      ["a loader that hangs is given up after exactly 10 seconds", true, 10000],
      ["a cooldown refuses a second shot until 250 ms have passed", true, 250],
      ["select's after fires when nothing else is ready", true, 16],
    ]);
    expect([report.passed, report.failed]).toEqual([4, 0]);
  });

  test("a busy check-cancelled loop gives way in virtual time: its timeout fires at exactly 50 ms and a sleeping sibling wakes, the same calls on every run", () => {
    const runs = [1, 2].map(() => weftProcess("test", "--json", fixture("busy-check-cancelled.test.weft")));
    for (const r of runs) {
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as { tests: { name: string; ok: boolean; virtualMs: number }[] };
      // The sibling sleeps 10 ms: the loop runs three 4 ms slices of 1024 calls (busy.ts) and sees it done at 12 ms.
      expect(report.tests.map((t) => [t.name, t.ok, t.virtualMs])).toEqual([
        ["a busy loop that calls check-cancelled is given up by its timeout", true, 50],
        ["a busy loop that calls check-cancelled lets a sleeping sibling finish", true, 12],
      ]);
      expect(r.stderr).toBe("calls before the sibling finished: 3072\n");
    }
  });

  test("with --json, stdout is the report alone and what the tests print goes to stderr", () => {
    const r = weftProcess("test", "--json", fixture("tests-that-print.weft"));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { passed: number }).passed).toBe(1);
    expect(r.stderr).toBe("from main\nfrom a thread\n");
  });

  test("a FILE that cannot be read is a usage error before any test runs", () => {
    const r = weftProcess("test", `${examples}timers.test.weft`, "no/such/file.weft");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe("error: cannot read `no/such/file.weft`: no such file");
  });

  test("failures show both values and the Weft location, a stuck test is a deadlock, and the exit code is 1", () => {
    const r = weftProcess("test", fixture("failing-tests.weft"));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout.slice(0, r.stdout.indexOf("  FAIL  stuck in a scope"))).toBe(
      [
        "test test/fixtures/failing-tests.weft",
        "  FAIL  sum of three",
        "        error: assertion failed: (total [1 2 3]) is not what was expected",
        "          expected: 7",
        "            actual: 6",
        "         --> test/fixtures/failing-tests.weft:4:3",
        "          |",
        "        4 |   (assert= 7 (total [1 2 3])))",
        "          |   ^ failed here",
        "  FAIL  positive",
        "        error: assertion failed: (> (total [1 -5]) 0)",
        "         --> test/fixtures/failing-tests.weft:7:3",
        "          |",
        "        7 |   (assert (> (total [1 -5]) 0)))",
        "          |   ^ failed here",
        "  FAIL  stuck",
        "        error: deadlock: every task of the test waits, and no timer or other thread can wake one",
        "  ok    passes",
        "",
      ].join("\n"),
    );
    // Tasks in a scope: the runtime's own deadlock report, naming where each waits.
    expect(r.stdout).toContain("  FAIL  stuck in a scope\n        error: deadlock: every task is waiting on something that no running task can complete\n");
    expect(r.stdout).toContain("waits on a channel");
    expect(r.stdout.endsWith("1 passed, 4 failed\n")).toBe(true);
  });

  // The worker does not hold the main thread's event loop open, so the loop runs dry while the
  // test awaits it: the runtime waits on the thread, and that is no deadlock.
  test("a test that awaits a busy spawn-thread passes rather than being reported stuck", () => {
    expect(weftProcess("test", fixture("test-awaits-busy-thread.weft"))).toEqual({
      code: 0,
      stdout: "test test/fixtures/test-awaits-busy-thread.weft\n  ok    awaiting a thread that computes for a while is no deadlock\n1 passed, 0 failed\n",
      stderr: "",
    });
  });

  test("--json gives each failure's message and location", () => {
    const r = weftProcess("test", "--json", fixture("failing-tests.weft"));
    const report = JSON.parse(r.stdout) as { tests: { name: string; error?: object }[]; diagnostics: unknown[] };
    expect(report.tests[0]).toEqual({
      file: "test/fixtures/failing-tests.weft",
      name: "sum of three",
      ok: false,
      virtualMs: 0,
      error: {
        message: "assertion failed: (total [1 2 3]) is not what was expected\n  expected: 7\n    actual: 6",
        file: "test/fixtures/failing-tests.weft",
        line: 4,
        col: 3,
      },
    });
    expect(report.diagnostics).toEqual([]);
  });

  test("a file that does not compile fails with its diagnostics", async () => {
    const r = await weft("test", fixture("typo.weft"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[");
    expect(r.stdout).toBe("0 passed, 1 failed\n");
  });

  test("without a FILE it is a usage error", async () => {
    expect((await weft("test")).code).toBe(2);
  });
});
