// A nested plain-data struct, registered the way compiled `(defstruct ...)` registers it:
// (defstruct Pos (x Float) (y Float))
// (defstruct Particle (id Int) (pos Pos) (alive Bool))
import { registry, S } from "@weft/gc";

export class Pos {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  static readonly $type = "test:Pos";
}

export class Particle {
  constructor(
    readonly id: number,
    readonly pos: Pos,
    readonly alive: boolean,
  ) {}
  static readonly $type = "test:Particle";
}

registry.registerType("test:Pos", Pos, { fields: [["x", S.float], ["y", S.float]] });
registry.registerType("test:Particle", Particle, {
  fields: [
    ["id", S.int],
    ["pos", S.type("test:Pos")],
    ["alive", S.bool],
  ],
});

/** What `(channel Particle n)` passes as the element type. */
export const PARTICLE = S.type("test:Particle");

/** Particle number `i`: every field derived from `i`, so a receiver can check it arrived whole. */
export const particle = (i: number): Particle => new Particle(i, new Pos(i + 0.5, -i * 0.25), i % 3 === 0);

/** Whether `p` is exactly `particle(p.id)`, of the right classes. */
export const whole = (p: unknown): boolean =>
  p instanceof Particle && p.pos instanceof Pos && p.pos.x === p.id + 0.5 && p.pos.y === -p.id * 0.25 && p.alive === (p.id % 3 === 0);
