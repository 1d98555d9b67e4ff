import { describe, expect, test } from "vitest";
import { Cancelled, isCancelled, sleep, toCancelled, withTasks } from "../src/index.js";

/** What compiled Weft `(try e (catch err handler))` does: catch everything but Cancelled. */
async function weftTry<T>(body: () => Promise<T>, handler: (e: unknown) => T): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (isCancelled(e)) throw e;
    return handler(e);
  }
}

describe("Cancelled", () => {
  test("Cancelled is its own Error class, recognised by isCancelled", () => {
    const c = new Cancelled();
    expect(c).toBeInstanceOf(Error);
    expect(c.name).toBe("Cancelled");
    expect(isCancelled(c)).toBe(true);
    expect(isCancelled(new Error("task cancelled"))).toBe(false);
    expect(isCancelled("Cancelled")).toBe(false);
    expect(isCancelled(undefined)).toBe(false);
  });

  test("toCancelled keeps a Cancelled and wraps any other abort reason as its cause", () => {
    const c = new Cancelled();
    expect(toCancelled(c)).toBe(c);
    const reason = new Error("user aborted");
    const wrapped = toCancelled(reason);
    expect(isCancelled(wrapped)).toBe(true);
    expect(wrapped.cause).toBe(reason);
  });

  test("a try in a cancelled task does not swallow Cancelled (conformance tasks/cancel-not-caught)", async () => {
    const log: string[] = [];
    await weftTry(
      () =>
        withTasks((scope) => {
          scope.spawn((s) => weftTry(() => sleep(60_000, s), () => void log.push("swallowed")));
          scope.spawn(async (s) => {
            await sleep(10, s);
            throw new Error("boom");
          });
        }),
      (e) => void log.push((e as Error).message),
    );
    expect(log).toEqual(["boom"]);
  });

  test("a child that ends in Cancelled because it was cancelled never fails the scope", async () => {
    const result = await withTasks(async (scope) => {
      scope.spawn((s) => sleep(60_000, s));
      await sleep(1, scope.signal);
      scope.cancelRemaining();
      return "ok";
    });
    expect(result).toBe("ok");
  });

  test("a Cancelled from a task that was not cancelled fails the scope", async () => {
    const stray = new Cancelled("stray");
    const run = withTasks((scope) => {
      scope.spawn(() => {
        throw stray;
      });
    });
    await expect(run).rejects.toBe(stray);
  });
});
