import { Scope, withTasks } from "./Scope.js";

/** A task scope opened without a body callback; `await using` closes it. */
export type OpenScope = Scope & AsyncDisposable;

/**
 * Opens a task scope for `await using`: the block is the scope's body, and leaving the block
 * waits for every task spawned in it, then raises the scope's first error (or `Cancelled`, when
 * `signal` was aborted), exactly as {@link withTasks} does when its body returns.
 *
 * Disposal cannot see an exception that leaves the block, so children are not cancelled by one:
 * call `scope.cancelRemaining()` first (or use `withTasks`, which cancels them itself).
 *
 * @example
 * await using scope = openScope(signal);
 * scope.spawn((s) => loadLevel(s));
 * scope.spawn((s) => loadAudio(s));
 * // both have finished here
 */
export function openScope(signal?: AbortSignal): OpenScope {
  let close!: () => void;
  const closed = new Promise<void>((resolve) => (close = resolve));
  let opened!: Scope;
  // withTasks calls its body synchronously, so `opened` is set before it returns.
  const done = withTasks((scope) => {
    opened = scope;
    return closed;
  }, signal);
  // Until disposal the rejection is the scope's to report, not an unhandled one.
  done.catch(() => {});
  return Object.assign(opened, {
    [Symbol.asyncDispose]: (): Promise<void> => {
      close();
      return done;
    },
  });
}
