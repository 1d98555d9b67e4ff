/**
 * `@weft/runtime-tasks/effect`: Weft task scopes as Effect values. An Effect runs as a Weft
 * task with the task's `AbortSignal` interrupting its fiber, and a fiber interrupted while it
 * waits on a Weft scope cancels that scope and waits for it to wind down, so neither side
 * outlives the other.
 */
import { Cause, type Context, Effect, Exit, type Scope as EffectScope } from "effect";
import { Cancelled, isCancelled } from "./Cancelled.js";
import { openScope } from "./OpenScope.js";
import { type Scope, withTasks as withWeftTasks } from "./Scope.js";
import type { Task } from "./Task.js";

/** A Weft scope seen from Effect: `spawn` runs an Effect as one of its tasks. */
export interface TaskScope<E, R> {
  /** The Weft scope underneath, for plain JavaScript tasks and its `signal`. */
  readonly scope: Scope;
  /**
   * `(spawn e)`: runs `effect` as a task of the scope. Cancelling the task (the scope failing,
   * `cancelRemaining`, the enclosing fiber interrupted) interrupts its fiber; its failure fails
   * the scope with the same `Cause`.
   */
  spawn<A>(effect: Effect.Effect<A, E, R>): Effect.Effect<Task<A>>;
}

// A Weft scope deals in thrown values; this carries an Effect failure through it with its
// Cause (and so its typed error) intact.
class CarriedCause {
  constructor(readonly cause: Cause.Cause<unknown>) {}
}

/**
 * `(with-tasks ...)` as an Effect: runs `body` with a new task scope and succeeds with its value
 * once every task spawned in it has finished. The first failure of the body or a child cancels
 * the rest (interrupting their fibers) and is the Effect's failure. Interrupting this Effect
 * cancels the scope and completes once its tasks have stopped.
 *
 * @example
 * const both = withTasks((scope) => Effect.gen(function* () {
 *   const level = yield* scope.spawn(load("level"));
 *   const audio = yield* scope.spawn(load("audio"));
 *   return [yield* join(level), yield* join(audio)] as const;
 * }));
 */
export const withTasks = <A, E, R>(body: (scope: TaskScope<E, R>) => Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.context<R>(), (context) =>
    settle<A, E>((signal) =>
      withWeftTasks((scope) => runAsTask(context, body(effectScope(scope, context)), scope.signal), signal),
    ),
  );

/**
 * A task scope tied to the surrounding Effect `Scope`: closing that scope waits for the tasks
 * (cancelling them first when it closes with a failure or an interruption), and the Weft scope
 * being cancelled (a child failed) interrupts the fiber that opened it. A child's failure is
 * then raised by the scope's finalizer.
 */
export const taskScope = <E = never, R = never>(): Effect.Effect<TaskScope<E, R>, never, R | EffectScope.Scope> =>
  Effect.withFiber((fiber) =>
    Effect.flatMap(Effect.context<R>(), (context) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          const closing = new AbortController();
          const open = openScope(closing.signal);
          const interrupt = () => fiber.interruptUnsafe();
          open.signal.addEventListener("abort", interrupt, { once: true });
          return { closing, open, interrupt, handle: effectScope(open, context) };
        }),
        ({ closing, open, interrupt }, exit) => {
          open.signal.removeEventListener("abort", interrupt);
          if (Exit.isFailure(exit)) closing.abort(new Cancelled("task scope closed by a failure or interruption"));
          return Effect.catchCause(settle<void, E>(() => open[Symbol.asyncDispose]()), (cause) =>
            Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.die(Cause.squash(cause)),
          );
        },
      ),
    ),
  ).pipe(Effect.map(({ handle }) => handle));

/** `(await t)`: the task's value, or its failure; interrupting the waiter leaves the task running. */
export const join = <A, E = never>(task: Task<A>): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume, signal) => {
    task.join(signal).then(
      (value) => resume(Effect.succeed(value)),
      (error: unknown) => resume(fromThrown<E>(error)),
    );
  });

function effectScope<E, R>(scope: Scope, context: Context.Context<R>): TaskScope<E, R> {
  return {
    scope,
    spawn: (effect) => Effect.sync(() => scope.spawn((signal) => runAsTask(context, effect, signal))),
  };
}

// Runs `effect` as the body of a Weft task: `signal` interrupts it; an interruption caused by
// `signal` ends the task as cancelled, anything else fails it with the carried Cause.
async function runAsTask<A, E, R>(context: Context.Context<R>, effect: Effect.Effect<A, E, R>, signal: AbortSignal): Promise<A> {
  const exit = await Effect.runPromiseExitWith(context)(effect, { signal });
  if (Exit.isSuccess(exit)) return exit.value;
  if (signal.aborted && Cause.hasInterruptsOnly(exit.cause)) throw signal.reason;
  throw new CarriedCause(exit.cause);
}

// Waits for a Weft operation from a fiber: interrupting the fiber aborts the operation's signal
// and waits for it to settle, so a cancelled scope has stopped its tasks when the interrupt ends.
function settle<A, E>(start: (signal: AbortSignal) => PromiseLike<A>): Effect.Effect<A, E> {
  return Effect.callback<A, E>((resume, signal) => {
    const done = Promise.resolve(start(signal));
    done.then(
      (value) => resume(Effect.succeed(value)),
      (error: unknown) => resume(fromThrown<E>(error)),
    );
    return Effect.promise(() => done.then(noop, noop));
  });
}

// A Weft rejection back in Effect terms: a carried Cause as it was (with the scope's suppressed
// failures after it), a cancellation as an interruption, anything else as a defect.
function fromThrown<E>(error: unknown): Effect.Effect<never, E> {
  if (error instanceof CarriedCause) {
    const suppressed = (error as { suppressed?: unknown }).suppressed;
    const rest = Array.isArray(suppressed) ? suppressed.map(toCause) : [];
    return Effect.failCause(rest.reduce<Cause.Cause<unknown>>(Cause.combine, error.cause) as Cause.Cause<E>);
  }
  if (isCancelled(error)) return Effect.interrupt;
  return Effect.die(error);
}

function toCause(error: unknown): Cause.Cause<unknown> {
  return error instanceof CarriedCause ? error.cause : Cause.die(error);
}

function noop(): void {}
