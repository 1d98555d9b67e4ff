import { gcError, MAX_ARENA_LENGTH, weftGcError } from "./errors.js";

/** What `arena-vec` allocates: a typed-array view for numeric elements, a plain array otherwise. */
export type ArenaKind = "f64" | "i32" | "any";
type ArenaVec<K extends ArenaKind, T> = K extends "f64" ? Float64Array : K extends "i32" ? Int32Array : T[];

const INITIAL_BYTES = 64 * 1024;

/**
 * Scratch memory for one `with-arena` scope: numeric vectors are views bump-allocated from one
 * ArrayBuffer, so a scope costs a pointer bump per vector and nothing for the collector; `reset`
 * makes the whole buffer reusable at once. When a scope outgrows the buffer, the arena moves on
 * to a larger one and, after `reset`, keeps only that one: the next scope of the same shape
 * fits without growing.
 *
 * @example
 * const sum = withArena((a) => { const v = a.vec(100, 0.5, "f64"); return v.reduce((s, x) => s + x, 0); });
 */
export class Arena {
  #buf: ArrayBuffer;
  #top = 0;
  /** Bytes handed out in this scope across every buffer, so a grown buffer fits all of it. */
  #used = 0;

  constructor(initialBytes = INITIAL_BYTES) {
    this.#buf = new ArrayBuffer(initialBytes);
  }

  /**
   * `(arena-vec a n x)`: n copies of `init`, a Float64Array/Int32Array view or a plain array.
   * A size outside 0..{@link MAX_ARENA_LENGTH}, or a buffer the engine cannot allocate, is a Weft
   * `Error` naming `arena-vec` and the size, which a `try` catches.
   */
  vec<K extends ArenaKind, T = unknown>(n: number, init: T, kind: K): ArenaVec<K, T> {
    if (!Number.isInteger(n) || n < 0 || n > MAX_ARENA_LENGTH) throw weftGcError(this.vec, "arenaSize", n);
    try {
      return this.#alloc(n, init, kind);
    } catch (e) {
      // ArrayBuffer's "allocation failed" is JavaScript's RangeError, which `try` would not catch.
      if (e instanceof RangeError) throw weftGcError(this.vec, "arenaAlloc", n, kind);
      throw e;
    }
  }

  #alloc<K extends ArenaKind, T>(n: number, init: T, kind: K): ArenaVec<K, T> {
    switch (kind) {
      case "f64": {
        const at = this.#bump(n * 8); // first: it may move to a larger buffer
        const v = new Float64Array(this.#buf, at, n);
        v.fill(init as number);
        return v as ArenaVec<K, T>;
      }
      case "i32": {
        const at = this.#bump(n * 4);
        const v = new Int32Array(this.#buf, at, n);
        v.fill(init as number);
        return v as ArenaVec<K, T>;
      }
      case "any":
        // Non-numeric elements live in V8's heap; dropping the array at scope exit frees them.
        return new Array<T>(n).fill(init) as ArenaVec<K, T>;
    }
    throw gcError("arenaKind", String(kind));
  }

  /** Bytes the current buffer holds (it only grows). */
  get capacity(): number {
    return this.#buf.byteLength;
  }

  /** Bytes handed out since the last reset. */
  get used(): number {
    return this.#used;
  }

  /** Frees everything at once: the next `vec` reuses the buffer from its start. */
  reset(): void {
    this.#top = 0;
    this.#used = 0;
  }

  #bump(bytes: number): number {
    const at = (this.#top + 7) & ~7;
    if (at + bytes > this.#buf.byteLength) {
      // Views already handed out keep the old buffer alive until the scope ends.
      let cap = this.#buf.byteLength * 2;
      while (cap < this.#used + bytes + 8) cap *= 2;
      this.#buf = new ArrayBuffer(cap);
      this.#top = bytes;
      this.#used += bytes;
      return 0;
    }
    this.#top = at + bytes;
    this.#used += bytes;
    return at;
  }
}

/** This thread's idle arenas (module state is per thread: each worker has its own pool). */
const pool: Arena[] = [];

/**
 * `(with-arena (a) body…)`: runs `body` with an arena from this thread's pool, resets it when
 * the body returns, throws, or (if it returns a Promise) settles, and puts it back, so the next
 * scope reuses the same memory.
 */
export function withArena<T>(body: (arena: Arena) => T): T {
  const arena = pool.pop() ?? new Arena();
  const release = () => {
    arena.reset();
    pool.push(arena);
  };
  let result: T;
  try {
    result = body(arena);
  } catch (e) {
    release();
    throw e;
  }
  if (result instanceof Promise) return result.finally(release) as T;
  release();
  return result;
}

/** How many arenas this thread's pool holds (for tests and diagnostics). */
export function arenaPoolSize(): number {
  return pool.length;
}
