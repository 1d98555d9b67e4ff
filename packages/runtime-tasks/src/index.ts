export { Cancelled, isCancelled, toCancelled } from "./Cancelled.js";
export { Deadlock } from "./deadlock.js";
export { type Option, none, some } from "./Option.js";
export { type OpenScope, openScope } from "./OpenScope.js";
export { race, timeout } from "./race.js";
export { Scope, type TaskFn, withTasks } from "./Scope.js";
export { abortable, checkCancelled, linkAbort, sleep, yieldNow } from "./suspension.js";
export { joinAll, type Outcome, Task } from "./Task.js";
export * as compiled from "./compiled.js";
