import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isCancelled, withTasks, yieldNow } from "../src/index.js";

interface Child {
  readonly kind: "value" | "fail" | "loop";
  readonly ticks: number;
  readonly nested: boolean;
}

const child = fc.record({
  kind: fc.constantFrom("value", "fail", "loop"),
  ticks: fc.nat(4),
  nested: fc.boolean(),
}) as fc.Arbitrary<Child>;

describe("nothing outlives its scope and nothing fails silently", () => {
  test("for any mix of finishing, failing and endless children, withTasks settles only after all have ended", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(child, { maxLength: 8 }), fc.nat(4), async (children, bodyTicks) => {
        let live = 0;
        const failures = new Set<unknown>();
        const work = async (c: Child, i: number, signal: AbortSignal): Promise<number> => {
          live++;
          try {
            for (let t = 0; c.kind === "loop" || t < c.ticks; t++) await yieldNow(signal);
            if (c.kind === "fail") {
              const error = new Error(`child ${i}`);
              failures.add(error);
              throw error;
            }
            return i;
          } finally {
            live--;
          }
        };
        const outcome = await withTasks(async (scope) => {
          children.forEach((c, i) =>
            scope.spawn((s) => (c.nested ? withTasks((inner) => void inner.spawn((s2) => work(c, i, s2)), s) : work(c, i, s))),
          );
          for (let t = 0; t < bodyTicks; t++) await yieldNow(scope.signal);
          scope.cancelRemaining(); // otherwise the endless children would keep the scope open
          return "body";
        }).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );

        expect(live).toBe(0);
        if (outcome.ok) {
          expect(outcome.value).toBe("body");
        } else {
          expect(isCancelled(outcome.error)).toBe(false);
          expect(failures.has(outcome.error)).toBe(true);
          const suppressed = (outcome.error as { suppressed?: unknown[] }).suppressed ?? [];
          for (const e of suppressed) expect(failures.has(e)).toBe(true);
          expect(1 + suppressed.length).toBe(failures.size); // every failure is reported once
        }
        if (!children.some((c) => c.kind === "fail")) expect(outcome.ok).toBe(true);
        if (children.some((c) => c.kind === "fail" && c.ticks === 0 && !c.nested)) expect(outcome.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
