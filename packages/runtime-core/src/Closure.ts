/** A Weft closure: a JS function that also says which lambda it is and what it captured. */
export type Closure<F extends (...args: never[]) => unknown = (...args: never[]) => unknown> = F & {
  /** Index in the defining module's lambda table. */
  readonly $id: number;
  /** Captured values, in `Lambda.captures` order, then the captured dictionaries. */
  readonly $env: readonly unknown[];
  /** The defining module (its path), naming the lambda table when several are registered. */
  readonly $module?: string;
};

/** Marks `f` as lambda `id` of `module` with environment `env`, so another thread can rebuild it from the lambda table. */
export function closure<F extends (...args: never[]) => unknown>(f: F, id: number, env: readonly unknown[], module?: string): Closure<F> {
  const c = f as F & { $id: number; $env: readonly unknown[]; $module?: string };
  c.$id = id;
  c.$env = env;
  if (module !== undefined) c.$module = module;
  return c;
}

/** A mutable cell for a `mut` binding that a closure captures: the closure sees every `set!`. */
export interface Box<T> {
  v: T;
}

const onces = new Map<string, unknown>();

/** `defonce`: evaluates `init` the first time `key` is seen in this thread, and returns the kept value after. */
export function defonce<T>(key: string, init: () => T): T {
  if (!onces.has(key)) onces.set(key, init());
  return onces.get(key) as T;
}
