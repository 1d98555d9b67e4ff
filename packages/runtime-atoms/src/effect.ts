/**
 * `@weft/runtime-atoms/effect`: atom operations as Effects. Atoms never block, so each is a
 * synchronous Effect; a `swap` function that throws is a defect, as a failing pure function is.
 */
import { Effect } from "effect";
import type { Atom } from "./Atom.js";

/** `(deref a)`: the current value. */
export const deref = <T>(a: Atom<T>): Effect.Effect<T> => Effect.sync(() => a.deref());

/** `(swap! a f x...)`: applies `f` with compare-and-swap, retrying on conflict; the new value. */
export const swap = <T, A extends unknown[]>(a: Atom<T>, f: (old: T, ...args: A) => T, ...args: A): Effect.Effect<T> =>
  Effect.sync(() => a.swap(f, ...args));

/** `(reset! a v)`: sets the value; returns it. */
export const reset = <T>(a: Atom<T>, value: T): Effect.Effect<T> => Effect.sync(() => a.reset(value));

/** `(compare-and-set! a old new)`: whether the value was `expected` and is now `next`. */
export const compareAndSet = <T>(a: Atom<T>, expected: T, next: T): Effect.Effect<boolean> =>
  Effect.sync(() => a.compareAndSet(expected, next));
