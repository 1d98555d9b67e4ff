import { describe, expect, test } from "vitest";
import { forEachAsync } from "@weft/runtime-core";
import { compiled, isCancelled } from "../src/index.js";

// The entry points compiled Weft code calls: no scope or signal is ever passed. Each suspending
// function takes its frame on entry (`const $task = compiled.current()`) and restores it after
// every await (`compiled.resume($task, await ...)`), as generated code does; these tests follow
// the same protocol.
describe("compiled code's task context", () => {
  test("outside every task there is no signal, and spawn has no scope to join", () => {
    expect(compiled.currentSignal()).toBeUndefined();
    expect(() => compiled.spawn(() => 1)).toThrow(/spawn outside with-tasks/);
  });

  test("spawnCall runs f(x) as a task of the innermost scope, after the spawn returns, in the task's own frame", async () => {
    const log: string[] = [];
    const $main = compiled.current();
    const got = compiled.resume($main, await compiled.withTasks(async () => {
      const $task = compiled.current();
      const body = compiled.currentSignal();
      const task = compiled.spawnCall((x: number) => (log.push(`run ${x}`), [x * 2, compiled.currentSignal()] as const), 21, "main.weft:3:5");
      log.push("spawned");
      const [value, signal] = compiled.resume($task, await compiled.awaitTask(task));
      return { value, own: signal === task.signal, body: signal === body };
    }));
    expect(log).toEqual(["spawned", "run 21"]);
    expect(got).toEqual({ value: 42, own: true, body: false });
    expect(() => compiled.spawnCall((x: number) => x, 1)).toThrow(/spawn outside with-tasks/);
  });

  test("activeTask is the task whose signal currentSignal gives (what channel operations read cancellation from)", async () => {
    expect(compiled.activeTask()).toBeUndefined();
    const $main = compiled.current();
    const seen = compiled.resume($main, await compiled.withTasks(async () => {
      const $task = compiled.current();
      const task = compiled.spawn(() => {
        const frame = compiled.activeTask()!;
        return { same: frame.signal === compiled.currentSignal(), cancelled: frame.cancelled };
      });
      return compiled.resume($task, await compiled.awaitTask(task));
    }));
    expect(seen).toEqual({ same: true, cancelled: false });
  });

  test("(cancel-tasks) outside every scope does nothing", () => {
    expect(() => compiled.cancelTasks()).not.toThrow();
  });

  test("the body sees its scope's signal and each task its own, across awaits", async () => {
    const $main = compiled.current();
    const seen = compiled.resume($main, await compiled.withTasks(async () => {
      const $task = compiled.current();
      const body = compiled.currentSignal();
      const task = compiled.spawn(async () => {
        const $task = compiled.current();
        compiled.resume($task, await compiled.yieldNow());
        return compiled.currentSignal();
      });
      const inTask = compiled.resume($task, await compiled.awaitTask(task));
      compiled.resume($task, await compiled.sleep(1));
      return { body, inTask, after: compiled.currentSignal(), own: task.signal };
    }));
    expect(seen.body).toBeInstanceOf(AbortSignal);
    expect(seen.after).toBe(seen.body);
    expect(seen.inTask).toBe(seen.own);
    expect(seen.inTask).not.toBe(seen.body);
    expect(compiled.currentSignal()).toBeUndefined();
  });

  test("tasks that yield in the same turn continue together in the next one, in the order they yielded; one cancelled then stops at its next suspension point", async () => {
    const log = await yieldTwice(
      { wait: compiled.yieldNow, resume: compiled.resume },
      // b's yield ended in this same turn: it stops at its next suspension point.
      { cancelledByA: 1 },
      (log) => setImmediate(() => log.push("immediate queued first")),
    );
    expect(log).toEqual(["immediate queued first", "a", "b", "c", "b cancelled", "a again", "c again"]);
  });

  test("yieldTurn is one promise for every task yielding in a turn; resumeYield raises Cancelled in a task cancelled while it waited, not in one cancelled after the turn came", async () => {
    const turns = new Set<Promise<void>>();
    const log = await yieldTwice(
      {
        wait: (first) => {
          const turn = compiled.yieldTurn();
          if (first) turns.add(turn);
          return turn;
        },
        resume: compiled.resumeYield,
      },
      // c's turn came before a cancels it: c stops at its next suspension point; b is cancelled
      // (by a task spawned after it) while it waits for the turn.
      { cancelledByA: 2, cancelledWaiting: 1 },
    );
    expect(turns.size).toBe(1);
    expect(log).toEqual(["a", "b cancelled", "c", "c cancelled", "a again"]);
  });

  test("a task spawns into the scope it was spawned in, so the scope waits for both", async () => {
    const $main = compiled.current();
    const log: string[] = [];
    compiled.resume($main, await compiled.withTasks(() => {
      compiled.spawn(() => {
        compiled.spawn(async () => {
          await compiled.sleep(5);
          log.push("grandchild");
        });
        log.push("child");
      });
    }));
    expect(log).toEqual(["child", "grandchild"]);
  });

  test("cancelTasks stops children at their next suspension point without failing the scope", async () => {
    const $main = compiled.current();
    const caught: unknown[] = [];
    const value = compiled.resume($main, await compiled.withTasks(async () => {
      const $task = compiled.current();
      compiled.spawn(async () => {
        const $task = compiled.current();
        try {
          compiled.resume($task, await compiled.sleep(60_000));
        } catch (e) {
          compiled.resume($task);
          caught.push(e);
          throw e;
        }
      });
      compiled.resume($task, await compiled.yieldNow());
      compiled.cancelTasks();
      return "done";
    }));
    expect(value).toBe("done");
    expect(caught).toHaveLength(1);
    expect(isCancelled(caught[0])).toBe(true);
  });

  test("cancelTasks called by a child cancels its siblings, and the child goes on", async () => {
    const $main = compiled.current();
    const log: string[] = [];
    compiled.resume($main, await compiled.withTasks(() => {
      compiled.spawn(() => compiled.sleep(60_000));
      compiled.spawn(async () => {
        const $task = compiled.current();
        compiled.resume($task, await compiled.yieldNow());
        compiled.cancelTasks();
        compiled.resume($task, await compiled.sleep(1));
        log.push("caller finished");
      });
    }));
    expect(log).toEqual(["caller finished"]);
  });

  test("a nested withTasks is cancelled with the task it runs in", async () => {
    const $main = compiled.current();
    const value = compiled.resume($main, await compiled.withTasks(async () => {
      const $task = compiled.current();
      const outer = compiled.spawn(() => compiled.withTasks(() => compiled.sleep(60_000)));
      compiled.resume($task, await compiled.yieldNow());
      compiled.cancelTasks();
      try {
        compiled.resume($task, await compiled.awaitTask(outer));
        return "finished";
      } catch (e) {
        compiled.resume($task);
        return isCancelled(e) ? "cancelled" : "failed";
      }
    }));
    expect(value).toBe("cancelled");
  });

  test("enterTask makes a signal the current one (what a worker thread does)", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(compiled.enterTask(controller.signal, () => compiled.sleep(60_000))).rejects.toSatisfy(isCancelled);
    expect(() => compiled.enterTask(controller.signal, () => compiled.checkCancelled())).toThrow();
  });

  test("timeout and race run their functions as tasks with their own signals", async () => {
    const $main = compiled.current();
    const inTimeout = async (): Promise<boolean> => {
      const $task = compiled.current();
      compiled.resume($task, await compiled.yieldNow());
      return compiled.currentSignal() !== undefined;
    };
    expect(compiled.resume($main, await compiled.timeout(60_000, inTimeout))).toEqual({ some: true, value: true });
    expect(compiled.resume($main, await compiled.timeout(1, () => compiled.sleep(60_000)))).toEqual({ some: false });
    expect(compiled.resume($main, await compiled.race([() => compiled.sleep(60_000).then(() => 1), async () => 2]))).toBe(2);
  });

  test("thread-id is 0 on the main thread", () => {
    expect(compiled.threadId()).toBe(0);
  });
});

/**
 * What each of `runs` gives (or `"Cancelled"` for the Cancelled it raises) when called, as compiled
 * code would, in a task that was cancelled while it slept.
 */
async function inCancelledTask(runs: readonly (() => unknown)[]): Promise<unknown[]> {
  const $main = compiled.current();
  const seen: unknown[] = [];
  compiled.resume(
    $main,
    await compiled.withTasks(async () => {
      const $task = compiled.current();
      const t = compiled.spawn(async () => {
        const $t = compiled.current();
        try {
          compiled.resume($t, await compiled.sleep(60_000));
        } catch {
          compiled.resume($t);
          for (const run of runs) {
            try {
              seen.push(run());
            } catch (e) {
              seen.push(isCancelled(e) ? "Cancelled" : e);
            }
          }
        }
      });
      compiled.resume($task, await compiled.yieldNow());
      compiled.cancelTasks();
      try {
        compiled.resume($task, await compiled.awaitTask(t));
      } catch {
        compiled.resume($task);
      }
    }),
  );
  return seen;
}

describe("a tiny par-map on compiled code's fast path", () => {
  test("gives its results at once, without a promise, once its function measured cheap", () => {
    const double = (x: number) => x * 2;
    const first = compiled.parMap([1, 2, 3], double);
    expect(first).toEqual([2, 4, 6]);
    expect(compiled.parMap([4, 5], double)).toEqual([8, 10]);
    expect(compiled.parForEach([1, 2], double)).toBeUndefined();
  });

  test("still raises Cancelled in a cancelled task, though its function measured cheap", async () => {
    const double = (x: number) => x * 2;
    expect(compiled.parMap([1, 2, 3], double)).toEqual([2, 4, 6]);
    expect(await inCancelledTask([() => compiled.parMap([1, 2], double), () => compiled.parForEach([1, 2], double)])).toEqual(["Cancelled", "Cancelled"]);
  });

  test("with its call site's record, measures once and then answers from the record, still raising Cancelled in a cancelled task", async () => {
    const site = compiled.parSite(true);
    const double = (x: number) => x * 2;
    expect(site.left).toBe(0);
    expect(compiled.parMapAt([1, 2, 3], double, site)).toEqual([2, 4, 6]);
    // Measured by that first call: the record, not the function, holds the cost.
    expect(site.left).toBe(255);
    expect(compiled.parMapAt([4, 5], double, site)).toEqual([8, 10]);
    expect(site.left).toBe(254);
    expect(site.pending).toBeUndefined();
    expect(await inCancelledTask([() => compiled.parMapAt([1, 2], double, site)])).toEqual(["Cancelled"]);
  });

  test("a call site whose function is not fixed keeps no cost of its own", () => {
    const site = compiled.parSite(false);
    expect(compiled.parMapAt([1, 2, 3], (x: number) => x + 1, site)).toEqual([2, 3, 4]);
    expect(compiled.parMapAt([1, 2, 3], (x: number) => x - 1, site)).toEqual([0, 1, 2]);
    expect(site.left).toBe(0);
  });
});

describe("runtime-core's functions that await a callback", () => {
  test("call it in the frame of their caller, though another task resumed meanwhile", async () => {
    const $main = compiled.current();
    const seen: unknown[] = [];
    let body: unknown;
    compiled.resume(
      $main,
      await compiled.withTasks(async () => {
        const $task = compiled.current();
        body = $task;
        const other = compiled.spawn(() => 0);
        compiled.resume(
          $task,
          await forEachAsync([1, 2, 3], async () => {
            const $t = compiled.current();
            seen.push($t);
            compiled.resume($t, await Promise.resolve());
            // Another task's continuation runs before forEachAsync's: it makes its own frame current.
            queueMicrotask(() => compiled.resume(other));
          }),
        );
      }),
    );
    expect(seen).toEqual([body, body, body]);
  });
});

type Frame = ReturnType<typeof compiled.current>;

/**
 * Tasks a, b and c each yield twice, as `resume($task, await wait(first))`, logging
 * after each yield and how they ended; after its first yield, a cancels task `cancelledByA`.
 * Task `cancelledWaiting`, if any, is cancelled by a task spawned after the three, while they
 * wait for their first turn. `before` runs before the tasks are spawned.
 */
async function yieldTwice(
  protocol: { readonly wait: (first: boolean) => Promise<void>; readonly resume: (frame: Frame, value?: unknown) => void },
  cancel: { readonly cancelledByA: number; readonly cancelledWaiting?: number },
  before?: (log: string[]) => void,
): Promise<string[]> {
  const log: string[] = [];
  const $main = compiled.current();
  compiled.resume($main, await compiled.withTasks(async () => {
    const $task = compiled.current();
    const ts: ReturnType<typeof compiled.spawn>[] = [];
    const yielder = (name: string) => async () => {
      const $task = compiled.current();
      try {
        protocol.resume($task, await protocol.wait(true));
        log.push(name);
        if (name === "a") ts[cancel.cancelledByA]!.cancel(new Error("stop"));
        protocol.resume($task, await protocol.wait(false));
        log.push(`${name} again`);
      } catch (e) {
        compiled.resume($task);
        log.push(`${name} ${isCancelled(e) ? "cancelled" : String(e)}`);
      }
    };
    before?.(log);
    for (const n of ["a", "b", "c"]) ts.push(compiled.spawn(yielder(n)));
    const waiting = cancel.cancelledWaiting;
    if (waiting !== undefined) compiled.spawn(() => ts[waiting]!.cancel(new Error("stop")));
    for (const t of ts) compiled.resume($task, await compiled.awaitTask(t));
  }));
  return log;
}
