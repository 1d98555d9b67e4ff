/** Every non-cancellation error this package raises, built in one place. */
export const errors = {
  spawnOnClosedScope: () =>
    new Error("spawn on a scope that has finished: a task must be spawned while its with-tasks is open"),
  raceOfNothing: () => new RangeError("race needs at least one function"),
  noScope: (what: string) => new Error(`${what} outside with-tasks: there is no scope for the task to join`),
} as const;
