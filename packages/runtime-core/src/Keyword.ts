/** An interned keyword (`:hp`): one object per name, so `===` is equality. */
export class Keyword {
  /** Use `kw(name)`; the constructor is public only so `instanceof` works. */
  constructor(readonly name: string) {}
  /** `:name`, as Weft prints it. */
  toString(): string {
    return `:${this.name}`;
  }
}

const table = new Map<string, Keyword>();

/** The keyword named `name` (without the colon): `kw("hp") === kw("hp")`. */
export function kw(name: string): Keyword {
  let k = table.get(name);
  if (k === undefined) table.set(name, (k = new Keyword(name)));
  return k;
}
