import { errors } from "./errors.js";
import { current } from "./Frame.js";
import { type Option, none, some } from "./Option.js";
import { runScope, Scope, type TaskFn } from "./Scope.js";
import { sleepIn } from "./suspension.js";
import { GIVE_SIGNAL } from "./Task.js";

/**
 * `(race e1 e2 ...)`: runs every function as a task of a new scope; the first to finish
 * decides. If it returned a value, the others are cancelled and `race` returns that value
 * once they have stopped; if it failed, its error fails the scope (the others are cancelled)
 * and `race` raises it.
 *
 * @example const fastest = await race([(s) => fromCache(key, s), (s) => fromNetwork(key, s)]);
 */
export function race<T>(fns: readonly TaskFn<T>[], signal?: AbortSignal): Promise<T> {
  return raceIn(new Scope(undefined, signal), fns as readonly Racer<T>[], true, undefined);
}

/** A racing function: given its task's signal when the race hands out signals. */
export type Racer<T> = (signal: AbortSignal | undefined) => T | PromiseLike<T>;

/**
 * @internal `race` in `scope`: `wantsSignal` whether each function gets its task's signal,
 * `spawnScope` the scope a `spawn` inside them joins (compiled code: the enclosing one).
 */
export async function raceIn<T>(scope: Scope, fns: readonly Racer<T>[], wantsSignal: boolean, spawnScope: Scope | undefined): Promise<T> {
  if (fns.length === 0) throw errors.raceOfNothing();
  let winner: { readonly value: T } | undefined;
  await runScope(scope, () => {
    for (const fn of fns) {
      scope.spawnTask(
        async (taskSignal) => {
          const value = await fn(taskSignal);
          if (winner === undefined) {
            winner = { value };
            scope.cancelRemaining();
          }
        },
        wantsSignal ? GIVE_SIGNAL : undefined,
        spawnScope,
      );
    }
  });
  // The scope ended normally, so some task finished with a value: every other ending either
  // failed the scope or was a cancellation caused by that winner.
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
  return timeoutIn(new Scope(undefined, signal), ms, fn as Racer<T>, true, undefined);
}

/** @internal `timeout` in `scope` (see {@link raceIn}). */
export function timeoutIn<T>(scope: Scope, ms: number, fn: Racer<T>, wantsSignal: boolean, spawnScope: Scope | undefined): Promise<Option<T>> {
  return raceIn<Option<T>>(
    scope,
    [async (s) => some(await fn(s)), () => timer(ms)],
    wantsSignal,
    spawnScope,
  );
}

// Runs as the timer task: the current frame is that task when it starts.
async function timer(ms: number): Promise<Option<never>> {
  await sleepIn(ms, current);
  return none;
}
