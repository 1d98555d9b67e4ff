import { errors } from "./errors.js";
import { type Option, none, some } from "./Option.js";
import { type TaskFn, withTasks } from "./Scope.js";
import { sleep } from "./suspension.js";

/**
 * `(race e1 e2 ...)`: runs every function as a task of a new scope; the first to finish
 * decides. If it returned a value, the others are cancelled and `race` returns that value
 * once they have stopped; if it failed, its error fails the scope (the others are cancelled)
 * and `race` raises it.
 *
 * @example const fastest = await race([(s) => fromCache(key, s), (s) => fromNetwork(key, s)]);
 */
export async function race<T>(fns: readonly TaskFn<T>[], signal?: AbortSignal): Promise<T> {
  if (fns.length === 0) throw errors.raceOfNothing();
  let winner: { readonly value: T } | undefined;
  await withTasks((scope) => {
    for (const fn of fns) {
      scope.spawn(async (taskSignal) => {
        const value = await fn(taskSignal);
        if (winner === undefined) {
          winner = { value };
          scope.cancelRemaining();
        }
      });
    }
  }, signal);
  // withTasks returned normally, so some task finished with a value: every other ending
  // either failed the scope or was a cancellation caused by that winner.
  return (winner as { readonly value: T }).value;
}

/**
 * `(timeout ms e)`: `some(value)` if `fn` finishes within `ms` milliseconds, else `none`
 * (and `fn`'s task is cancelled). It is a race between `fn` and a timer: whichever finishes
 * first decides, so a value that arrives after the timer fired is discarded.
 *
 * @example const reply = await timeout(5000, (signal) => fetchScores(signal));
 * if (reply.some) show(reply.value);
 */
export function timeout<T>(ms: number, fn: TaskFn<T>, signal?: AbortSignal): Promise<Option<T>> {
  return race<Option<T>>(
    [async (s) => some(await fn(s)), async (s) => (await sleep(ms, s), none)],
    signal,
  );
}
