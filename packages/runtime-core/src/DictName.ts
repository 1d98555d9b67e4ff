/** `@weft/gc`'s `SHARE` key (a registered symbol, so runtime-core needs no dependency on gc). */
const SHARE = Symbol.for("@weft/gc.share");

/** How a dictionary is named on the wire: the module that exports it, the export, and its argument dictionaries. */
export interface DictDesc {
  readonly m: string;
  readonly n: string;
  readonly args: readonly DictDesc[];
}

/**
 * Names dictionary `obj` as export `name` of `module` applied to `args`, so the codec can send it
 * to another thread (as a handle of kind `weft-dict`) and `reviveDict` can rebuild it there.
 */
export function named<T extends object>(obj: T, module: string, name: string, args: readonly object[] = []): T {
  Object.defineProperty(obj, SHARE, {
    value: () => ({ kind: "weft-dict", data: describe(module, name, args) }),
    enumerable: false,
  });
  return obj;
}

function describe(m: string, n: string, args: readonly object[]): DictDesc {
  return {
    m,
    n,
    args: args.map((a) => {
      const share = (a as { [SHARE]?: () => { data: DictDesc } })[SHARE];
      if (typeof share !== "function") throw new TypeError(`a dictionary given to ${n} has no name, so it cannot cross threads`);
      return share().data;
    }),
  };
}

const providers = new Map<string, Readonly<Record<string, unknown>>>();

/** Makes `module`'s dictionaries (constants, and functions of argument dictionaries) revivable by name. */
export function registerDicts(module: string, exports: Readonly<Record<string, unknown>>): void {
  providers.set(module, exports);
}

/** Rebuilds a dictionary from its description on this thread. */
export function reviveDict(d: DictDesc): object {
  const found = providers.get(d.m)?.[d.n];
  if (found === undefined) throw new TypeError(`unknown dictionary ${d.n} of ${d.m}`);
  if (d.args.length === 0 && typeof found === "object" && found !== null) return found;
  return (found as (...a: object[]) => object)(...d.args.map(reviveDict));
}
