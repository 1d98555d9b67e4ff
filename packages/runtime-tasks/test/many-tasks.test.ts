import { describe, expect, test } from "vitest";
import { sleep, withTasks } from "../src/index.js";

describe("many tasks in one scope", () => {
  test("a thousand tasks finish and Node warns about no abort-listener leak", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      let finished = 0;
      await withTasks((scope) => {
        for (let i = 0; i < 1000; i++) {
          scope.spawn(async (s) => {
            await Promise.all([sleep(1, s), sleep(1, s), sleep(1, s), sleep(1, s), sleep(1, s), sleep(1, s)]);
            finished++;
          });
        }
        // the body's signal is shared by nested scopes and every suspension point of the body
        for (let i = 0; i < 20; i++) scope.spawn((s) => withTasks(() => sleep(1, scope.signal), s));
      });
      await new Promise((r) => setTimeout(r, 5));
      expect(finished).toBe(1000);
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
