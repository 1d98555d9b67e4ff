/** `(Some x)`: `$tag` 1 of `(Option a)`. */
export class Some<T = unknown> {
  readonly $tag = 1;
  constructor(readonly _0: T) {}
  static readonly $type = "Option";
}

/** The class of `None`, `$tag` 0 of `(Option a)`; use the shared `None` instance. */
export class NoneVariant {
  readonly $tag = 0;
  static readonly $type = "Option";
}

/** `None`: the one shared instance. */
export const None: NoneVariant = new NoneVariant();

/** `(Ok x)`: `$tag` 0 of `(Result a e)`. */
export class Ok<T = unknown> {
  readonly $tag = 0;
  constructor(readonly _0: T) {}
  static readonly $type = "Result";
}

/** `(Err e)`: `$tag` 1 of `(Result a e)`. */
export class Err<E = unknown> {
  readonly $tag = 1;
  constructor(readonly _0: E) {}
  static readonly $type = "Result";
}

/** A Weft `(Option a)`. */
export type Option<T> = Some<T> | NoneVariant;
/** A Weft `(Result a e)`. */
export type Result<T, E> = Ok<T> | Err<E>;

/** `(Some x)` as a function value. */
export const some = <T>(x: T): Option<T> => new Some(x);
/** `(Ok x)` as a function value. */
export const ok = <T>(x: T): Ok<T> => new Ok(x);
/** `(Err e)` as a function value. */
export const err = <E>(e: E): Err<E> => new Err(e);

/**
 * A runtime package's option (`{ some: true, value } | { some: false }`, what runtime-tasks'
 * `timeout` and runtime-channels' `recv`/`tryRecv` return) as a Weft `(Option a)`.
 *
 * @example fromOption({ some: true, value: 3 }) // (Some 3)
 */
export function fromOption<T>(o: { readonly some: true; readonly value: T } | { readonly some: false }): Option<T> {
  return o.some ? new Some(o.value) : None;
}
