import { Data, Effect, Exit, Fiber } from "effect";
import { describe, expect, test } from "vitest";
import { isCancelled, sleep, withTasks as withWeftTasks } from "../src/index.js";
import { join, taskScope, withTasks } from "../src/effect.js";

class LoadError extends Data.TaggedError("LoadError")<{ readonly asset: string }> {}

// An Effect that never finishes on its own and records how it ended.
const forever = (log: string[], name: string) =>
  Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => log.push(`${name} interrupted`))));

describe("withTasks as an Effect", () => {
  test("succeeds with the body's value once every spawned task has finished", async () => {
    const log: string[] = [];
    const value = await Effect.runPromise(
      withTasks((scope) =>
        Effect.gen(function* () {
          yield* scope.spawn(Effect.sleep("5 millis").pipe(Effect.andThen(Effect.sync(() => log.push("child done")))));
          const t = yield* scope.spawn(Effect.succeed(21));
          return (yield* join(t)) * 2;
        }),
      ),
    );
    expect(value).toBe(42);
    expect(log).toEqual(["child done"]);
  });

  test("interrupting the fiber cancels the Weft scope and waits for its tasks to stop", async () => {
    const log: string[] = [];
    const fiber = Effect.runFork(
      withTasks((scope) =>
        Effect.gen(function* () {
          yield* scope.spawn(forever(log, "effect child"));
          scope.scope.spawn(async (signal) => {
            try {
              await sleep(60_000, signal);
            } catch (e) {
              log.push(`js child ${isCancelled(e) ? "cancelled" : "failed"}`);
              throw e;
            }
          });
          return yield* forever(log, "body");
        }),
      ),
    );
    await sleep(5);
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))));
    log.push("interrupt returned");
    expect(Exit.hasInterrupts(exit)).toBe(true);
    expect(log.slice().sort()).toEqual(["body interrupted", "effect child interrupted", "interrupt returned", "js child cancelled"]);
    expect(log.at(-1)).toBe("interrupt returned");
  });

  test("cancelling the Weft task it runs in interrupts the fiber and its children", async () => {
    const log: string[] = [];
    await withWeftTasks(async (outer) => {
      outer.spawn((signal) =>
        Effect.runPromise(withTasks((scope) => scope.spawn(forever(log, "child")).pipe(Effect.andThen(forever(log, "body")))), {
          signal,
        }).catch((e: unknown) => log.push(`run rejected: ${String(e).includes("interrupt") ? "interrupted" : String(e)}`)),
      );
      await sleep(5);
      outer.cancelRemaining();
    });
    expect(log.slice().sort()).toEqual(["body interrupted", "child interrupted", "run rejected: interrupted"]);
  });

  test("a child's typed failure fails the scope and interrupts its siblings and the body", async () => {
    const log: string[] = [];
    const exit = await Effect.runPromiseExit(
      withTasks<string, LoadError, never>((scope) =>
        Effect.gen(function* () {
          yield* scope.spawn(forever(log, "sibling"));
          yield* scope.spawn(Effect.sleep("2 millis").pipe(Effect.andThen(Effect.fail(new LoadError({ asset: "level.bin" })))));
          return yield* forever(log, "body").pipe(Effect.as("unreachable"));
        }),
      ),
    );
    expect(exit).toEqual(Exit.fail(new LoadError({ asset: "level.bin" })));
    expect(log.slice().sort()).toEqual(["body interrupted", "sibling interrupted"]);
  });

  test("joining a failed task gives its typed failure", async () => {
    const exit = await Effect.runPromiseExit(
      withTasks<string, LoadError, never>((scope) =>
        Effect.gen(function* () {
          const t = yield* scope.spawn(Effect.fail(new LoadError({ asset: "a" })));
          return yield* join<string, LoadError>(t);
        }),
      ),
    );
    expect(exit).toEqual(Exit.fail(new LoadError({ asset: "a" })));
  });
});

describe("taskScope as a scoped Effect", () => {
  test("closing the Effect scope waits for every task", async () => {
    const log: string[] = [];
    await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const scope = yield* taskScope();
          yield* scope.spawn(Effect.sleep("5 millis").pipe(Effect.andThen(Effect.sync(() => log.push("child done")))));
          log.push("body done");
        }),
      ),
    );
    log.push("scope closed");
    expect(log).toEqual(["body done", "child done", "scope closed"]);
  });

  test("an interrupted fiber cancels the tasks of its scope before the interrupt ends", async () => {
    const log: string[] = [];
    const fiber = Effect.runFork(
      Effect.scoped(
        Effect.gen(function* () {
          const scope = yield* taskScope();
          yield* scope.spawn(forever(log, "child"));
          return yield* Effect.never;
        }),
      ),
    );
    await sleep(5);
    await Effect.runPromise(Fiber.interrupt(fiber));
    log.push("interrupt returned");
    expect(log).toEqual(["child interrupted", "interrupt returned"]);
  });

  test("a failing task interrupts the fiber that opened the scope and is reported", async () => {
    const log: string[] = [];
    const exit = await Effect.runPromiseExit(
      Effect.scoped(
        Effect.gen(function* () {
          const scope = yield* taskScope<LoadError>();
          yield* scope.spawn(Effect.fail(new LoadError({ asset: "map" })));
          return yield* forever(log, "body");
        }),
      ),
    );
    expect(log).toEqual(["body interrupted"]);
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("LoadError");
  });
});
