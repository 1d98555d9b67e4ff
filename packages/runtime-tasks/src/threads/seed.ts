// A thread's random seed, drawn from its spawner's generator. Its own module, importing nothing:
// a worker sets the seed before anything that loads runtime-core (whose generator takes it as
// it loads).
const RANDOM = Symbol.for("@weft/random");
const INHERITED = Symbol.for("@weft/random.inherited");

/** A seed for a new thread from this thread's generator (0 when no Weft program is loaded). */
export function drawRandomSeed(): number {
  const r = (globalThis as { [RANDOM]?: { draw(): number } })[RANDOM];
  return r ? r.draw() : 0;
}

/** Makes `seed` this thread's random seed, before the program's modules (and runtime-core) load. */
export function inheritRandomSeed(seed: number): void {
  const g = globalThis as { [INHERITED]?: number };
  if (g[INHERITED] === undefined) g[INHERITED] = seed >>> 0;
}
