import { decode, encode } from "./codec.js";
import { loadEncoded, storeEncoded } from "./heapCodec.js";
import { processHeap } from "./processHeap.js";
import { S } from "./Schema.js";

/**
 * The top-level values of every module a thread has, as a worker receives them: per module
 * path, the URL of the version they belong to and, per `def` name, the heap block holding its
 * encoded value (`storeEncoded`). Plain data, posted with a worker's start or job.
 */
export interface Shipment {
  readonly [module: string]: ShippedModule;
}

export interface ShippedModule {
  readonly url: string;
  readonly values: Readonly<Record<string, number>>;
}

/** A block that could not be stored: the value does not cross (only reached with a type variable). */
const UNSHIPPABLE = -1;

interface Evaluated {
  readonly url: string;
  readonly values: Map<string, { readonly value: unknown; block: number | null }>;
}

/**
 * Top-level values (`def`, `defonce`; LANGUAGE.md §6): evaluated once, on the main thread,
 * and seen by every worker thread as the same values: the same atom, the same channel, the same
 * immutable data. The main thread records each value as its module evaluates it; the first time
 * a worker starts, each is encoded once into a block of the process heap, and every worker
 * decodes it from there (atoms and channels arrive as handles to their shared state). A worker
 * that imports a module therefore never runs a def's initialiser, nor any of its side effects.
 *
 * A generated module asks `open($path, import.meta.url)` for its {@link ModuleValues} and
 * computes each def through it.
 *
 * @example
 * const $defs = topLevel.open($path, import.meta.url);
 * export let hits = $defs.shared("hits", () => atom(0)); // the main thread's atom on every thread
 * $defs.late((name, v) => { if (name === "hits") hits = v; });
 * $defs.done();
 */
export class TopLevelValues {
  readonly #evaluated = new Map<string, Evaluated>();
  #shipment: Shipment | null = null;
  /** On a worker: everything it was sent. `null` on the thread that evaluates the values. */
  #received: Record<string, ShippedModule> | null = null;
  readonly #open = new Map<string, ModuleValues>();
  readonly #evaluating = new Map<string, { readonly done: Promise<void>; readonly resolve: () => void }>();

  /** Whether this thread takes its top-level values from the main thread (it is a worker). */
  get onWorker(): boolean {
    return this.#received !== null;
  }

  /** The values of module `module`, version `url`, for its generated code to compute its defs with. */
  open(module: string, url: string): ModuleValues {
    const values = new ModuleValues(this, module, url);
    this.#open.set(module, values);
    if (!this.onWorker) {
      this.#evaluated.set(module, { url, values: new Map() });
      this.#shipment = null;
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      this.#evaluating.set(url, { done, resolve });
    }
    return values;
  }

  /**
   * Resolves once the version `url` of a module has evaluated all its defs (at once if it has
   * none, or is not being evaluated): a live reload reaches workers only with its new values.
   */
  evaluated(url: string): Promise<void> {
    return this.#evaluating.get(url)?.done ?? Promise.resolve();
  }

  /**
   * What a new worker needs, encoding each value not yet encoded (the first time: every value so
   * far). A worker passes on what it received, so the threads it starts see the same values.
   */
  ship(): Shipment {
    if (this.#received !== null) return this.#received;
    if (this.#shipment !== null) return this.#shipment;
    const out: Record<string, ShippedModule> = {};
    for (const [module, ev] of this.#evaluated) {
      const values: Record<string, number> = {};
      for (const [name, entry] of ev.values) {
        entry.block ??= store(entry.value);
        if (entry.block !== UNSHIPPABLE) values[name] = entry.block;
      }
      out[module] = { url: ev.url, values };
    }
    return (this.#shipment = out);
  }

  /**
   * On a worker, before it imports modules: makes `shipment` what they read. A module already
   * loaded gets the values it lacked (a def the main thread had not evaluated yet when this
   * worker loaded it: a def whose initialiser started this worker's first job).
   */
  receive(shipment: Shipment): void {
    const received = (this.#received ??= {});
    for (const [module, shipped] of Object.entries(shipment)) {
      received[module] = shipped;
      this.#open.get(module)?.fill(shipped);
    }
  }

  /** @internal */
  record(module: string, url: string, name: string, value: unknown): void {
    const ev = this.#evaluated.get(module);
    if (ev === undefined || ev.url !== url) return;
    ev.values.set(name, { value, block: null });
    this.#shipment = null;
  }

  /** @internal */
  shipped(module: string, url: string): ShippedModule | undefined {
    const s = this.#received?.[module];
    return s !== undefined && s.url === url ? s : undefined;
  }

  /** @internal */
  finished(url: string): void {
    this.#evaluating.get(url)?.resolve();
    this.#evaluating.delete(url);
  }
}

/**
 * One module version's top-level values on this thread: computed on the main thread, read from
 * the main thread's on a worker.
 */
export class ModuleValues {
  readonly #owner: TopLevelValues;
  #late: ((name: string, value: unknown) => void) | null = null;
  /** On a worker: the defs it was not sent when it loaded this module. */
  readonly #missing = new Set<string>();

  constructor(
    owner: TopLevelValues,
    readonly module: string,
    readonly url: string,
  ) {
    this.#owner = owner;
  }

  /**
   * A Shareable def: on the main thread `init()`, kept for workers (a promise, for a def that
   * suspends to compute, is kept once it has settled); on a worker, the main thread's value.
   */
  shared<T>(name: string, init: () => T): T {
    if (!this.#owner.onWorker) {
      const value = init();
      if (value instanceof Promise) void value.then((v) => this.#owner.record(this.module, this.url, name, v), () => {});
      else this.#owner.record(this.module, this.url, name, value);
      return value;
    }
    const block = this.#owner.shipped(this.module, this.url)?.values[name];
    if (block === undefined) {
      this.#missing.add(name);
      return undefined as T;
    }
    return load(block) as T;
  }

  /**
   * A def that is not Shareable (a `MutVec`, a `Task`, a function using one): `init()` on the
   * main thread; nothing on a worker, where the checker guarantees no code reaches it (E0301).
   */
  local<T>(init: () => T): T | undefined {
    return this.#owner.onWorker ? undefined : init();
  }

  /** How a worker assigns a shared def that arrives after this module loaded (see `receive`). */
  late(assign: (name: string, value: unknown) => void): void {
    this.#late = assign;
  }

  /** The module has evaluated all its defs. */
  done(): void {
    this.#owner.finished(this.url);
  }

  /** @internal */
  fill(shipped: ShippedModule): void {
    if (this.#missing.size === 0 || this.#late === null || shipped.url !== this.url) return;
    for (const name of [...this.#missing]) {
      const block = shipped.values[name];
      if (block === undefined) continue;
      this.#missing.delete(name);
      this.#late(name, load(block));
    }
  }
}

// The blocks stay for as long as the process runs: a worker may load the module at any time. A
// live reload leaves the previous version's blocks behind (a few per reload, during development).
function store(value: unknown): number {
  try {
    return storeEncoded(processHeap(), encode(value, S.any));
  } catch {
    return UNSHIPPABLE;
  }
}

function load(block: number): unknown {
  const heap = processHeap();
  return decode(loadEncoded(heap, block), S.any);
}

/** The process's top-level values (every generated module uses this one). */
export const topLevel = new TopLevelValues();
