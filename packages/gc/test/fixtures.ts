// Small local classes of the same shape as runtime-core's and as codegen's output, so the codec
// is tested without depending on either.
import { S, TypeRegistry } from "../src/index.js";

export class Keyword {
  constructor(readonly name: string) {}
}
const keywords = new Map<string, Keyword>();
export const kw = (name: string): Keyword => {
  let k = keywords.get(name);
  if (k === undefined) keywords.set(name, (k = new Keyword(name)));
  return k;
};

export class WeftMap {
  constructor(readonly entries: [unknown, unknown][]) {}
}

export class Some {
  readonly $tag = 1;
  constructor(readonly _0: unknown) {}
  static readonly $type = "Option";
}
export class NoneVariant {
  readonly $tag = 0;
  static readonly $type = "Option";
}
export const None = new NoneVariant();
export class Ok {
  readonly $tag = 0;
  constructor(readonly _0: unknown) {}
  static readonly $type = "Result";
}
export class Err {
  readonly $tag = 1;
  constructor(readonly _0: unknown) {}
  static readonly $type = "Result";
}

/** (defstruct Vec2 (x Float) (y Float)) */
export class Vec2 {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  static readonly $type = "Vec2";
}
/** (defstruct Entity (id Int) (pos Vec2) (vel Vec2)) */
export class Entity {
  constructor(
    readonly id: number,
    readonly pos: Vec2,
    readonly vel: Vec2,
  ) {}
  static readonly $type = "Entity";
}
/** (defstruct Flags (alive Bool) (hp Int) (speed Float)): a plain struct with every scalar kind. */
export class Flags {
  constructor(
    readonly alive: boolean,
    readonly hp: number,
    readonly speed: number,
  ) {}
  static readonly $type = "Flags";
}
/** (defstruct (Pair a b) (first a) (second b)): generic. */
export class Pair {
  constructor(
    readonly first: unknown,
    readonly second: unknown,
  ) {}
  static readonly $type = "Pair";
}
/** (defenum (Tree a) Leaf (Node a (Vec (Tree a)))) */
export class Leaf {
  readonly $tag = 0;
  static readonly $type = "Tree";
}
export const leaf = new Leaf();
export class Node {
  readonly $tag = 1;
  constructor(
    readonly _0: unknown,
    readonly _1: unknown,
  ) {}
  static readonly $type = "Tree";
}

/** A registry as runtime-core plus one compiled module would fill it. */
export function makeRegistry(): TypeRegistry {
  const r = new TypeRegistry();
  r.keywords = { is: (v) => v instanceof Keyword, name: (v) => (v as Keyword).name, intern: kw };
  r.maps = { is: (v) => v instanceof WeftMap, entries: (v) => (v as WeftMap).entries, make: (e) => new WeftMap(e) };
  r.registerType("Option", [None, Some], { variants: [[], [S.param(0)]] });
  r.registerType("Result", [Ok, Err], { variants: [[S.param(0)], [S.param(1)]] });
  r.registerType("Vec2", Vec2, { fields: [["x", S.float], ["y", S.float]] });
  r.registerType("Entity", Entity, { fields: [["id", S.int], ["pos", S.type("Vec2")], ["vel", S.type("Vec2")]] });
  r.registerType("Flags", Flags, { fields: [["alive", S.bool], ["hp", S.int], ["speed", S.float]] });
  r.registerType("Pair", Pair, { fields: [["first", S.param(0)], ["second", S.param(1)]] });
  r.registerType("Tree", [leaf, Node], { variants: [[], [S.param(0), S.vec(S.type("Tree", S.param(0)))]] });
  return r;
}
