// A hand-written stand-in for a compiled Weft module: it registers its struct, lambda table and
// function table with @weft/gc, as generated modules do, so its closures can cross threads.
// Worker threads import a bundle of it; the test's main thread imports this source.
import { threadId } from "node:worker_threads";
import { registry, S } from "@weft/gc";
import { type Atom, atom } from "@weft/runtime-atoms";
import { type Channel, channel, onRecv, select } from "@weft/runtime-channels";
import { checkCancelled } from "../../src/suspension.js";

export const $path = "test:threads-program";

export class Entity {
  static $type = `${$path}:Entity`;
  constructor(
    readonly id: number,
    readonly x: number,
    readonly vx: number,
  ) {}
}

export class Vec2 {
  static $type = `${$path}:Vec2`;
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

/** A plain-data struct with nested structs and a Bool: laid out flat as i32, 4 f64, a byte. */
export class Body {
  static $type = `${$path}:Body`;
  constructor(
    readonly id: number,
    readonly pos: Vec2,
    readonly vel: Vec2,
    readonly alive: boolean,
  ) {}
}

export class Stats {
  static $type = `${$path}:Stats`;
  constructor(
    readonly kills: number,
    readonly deaths: number,
  ) {}
}

/** A Weft `Error` as runtime-core brands it. */
export class Failure extends Error {
  readonly suppressed: unknown[] = [];
  get [Symbol.for("weft.Error")](): true {
    return true;
  }
}

type Env = unknown[];
const closure = <F extends Function>(f: F, id: number, env: Env): F => Object.assign(f, { $id: id, $env: env, $module: $path });

export const $lambdas = [
  /* 0 */ (env: Env) => closure(() => ({ sum: (env[0] as number) + (env[1] as number), thread: threadId }), 0, env),
  /* 1 */ (env: Env) =>
    closure(() => {
      throw new Failure(env[0] as string);
    }, 1, env),
  /* 2: (bump counter n) */ (env: Env) =>
    closure(() => {
      const a = env[0] as Atom<number>;
      for (let i = 0; i < (env[1] as number); i++) a.swap((c) => c + 1);
    }, 2, env),
  /* 3: send 0..n-1 then close */ (env: Env) =>
    closure(async () => {
      const ch = env[0] as Channel<number>;
      for (let i = 0; i < (env[1] as number); i++) await ch.send(i);
      ch.close();
    }, 3, env),
  /* 4: receive until closed; returns what arrived */ (env: Env) =>
    closure(async () => {
      const got: number[] = [];
      for await (const m of env[0] as Channel<number>) got.push(m);
      return got;
    }, 4, env),
  /* 5: wait until cancelled */ (env: Env) =>
    closure(
      (signal: AbortSignal) =>
        new Promise((_, reject) => {
          env.length;
          if (signal.aborted) return reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        }),
      5,
      env,
    ),
  /* 6: print lines, then return */ (env: Env) =>
    closure(() => {
      for (let i = 0; i < (env[0] as number); i++) process.stdout.write(`line ${i}\n`);
      return "printed";
    }, 6, env),
  /* 7: (fn (x) (* x k)) */ (env: Env) => closure((x: number) => x * (env[0] as number), 7, env),
  /* 8: swap a struct n times */ (env: Env) =>
    closure(() => {
      const a = env[0] as Atom<Stats>;
      for (let i = 0; i < (env[1] as number); i++) a.swap((s) => new Stats(s.kills + 1, s.deaths));
    }, 8, env),
  /* 9: close a channel after a while */ (env: Env) =>
    closure(async () => {
      await new Promise((r) => setTimeout(r, 50));
      (env[0] as Channel<number>).close();
    }, 9, env),
  /* 10: send base+0 .. base+n-1, no close */ (env: Env) =>
    closure(async () => {
      const ch = env[0] as Channel<number>;
      for (let i = 0; i < (env[1] as number); i++) await ch.send((env[2] as number) + i);
    }, 10, env),
  /* 11: answer every request on its own reply channel, until the request channel closes */ (env: Env) =>
    closure(async () => {
      for await (const [n, reply] of env[0] as Channel<[number, Channel<number>]>) await reply.send(n * 2);
    }, 11, env),
  /* 12: select over two channels until both are closed and drained; returns what arrived */ (env: Env) =>
    closure(async () => {
      const open = [env[0] as Channel<number>, env[1] as Channel<number>];
      const got: number[] = [];
      while (open.length > 0) {
        const [ch, m] = await select(open.map((c) => onRecv(c, (m) => [c, m] as const)));
        if (m.some) got.push(m.value);
        else open.splice(open.indexOf(ch), 1);
      }
      return got;
    }, 12, env),
  /* 13: one recv, honouring the task's cancellation */ (env: Env) =>
    closure((signal: AbortSignal) => (env[0] as Channel<number>).recv(signal), 13, env),
  /* 14: call (answer) through the function table until it gives 2 (a live reload) */ () =>
    closure(async () => {
      for (let i = 0; i < 500; i++) {
        if ($fn.answer() === 2) return "reloaded";
        await new Promise((r) => setTimeout(r, 10));
      }
      return "never reloaded";
    }, 14, []),
  /* 15: a busy loop that never suspends, only checks for cancellation */ () =>
    closure((signal: AbortSignal) => {
      for (;;) checkCancelled(signal);
    }, 15, []),
  /* 16: (fn (x) (bump counter) (slow x)): counts the elements started */ (env: Env) =>
    closure((x: number) => {
      (env[0] as Atom<number>).swap((c) => c + 1);
      return busy() > 0 ? x : -1;
    }, 16, env),
  /*
   * 17: about 8 ms of work, then the thread that ran the element. Past the elements the caller
   * times before it decides (the first two), the caller's elements wait for a pool thread to
   * have run one (env: an atom of the pool threads seen, the caller's thread id): so a pool that
   * gets the work runs some of it however late its threads are scheduled.
   */ (env: Env) =>
    closure((x: number) => {
      let work = 0;
      for (let k = 0; k < 40; k++) work += busy();
      const seen = env[0] as Atom<number>;
      if (threadId !== env[1]) seen.swap((n) => n + 1);
      else if (x >= 2) while (seen.deref() === 0) work += 0;
      return work > 0 ? threadId : -1;
    }, 17, env),
  /* 18: the ids of a vector of bodies, given directly and in an atom */ (env: Env) =>
    closure(() => ({ direct: (env[0] as Body[]).map((b) => b.id), inAtom: (env[1] as Atom<Body[]>).deref().map((b) => b.id) }), 18, env),
  /* 19: x, once the atom (env[0]) is true: a pool thread holds its element until the test lets it go */ (env: Env) =>
    closure((x: number) => {
      while (!(env[0] as Atom<boolean>).deref());
      return x;
    }, 19, env),
];

function step(e: Entity): Entity {
  return new Entity(e.id, e.x + e.vx, e.vx);
}
function check(i: number): number {
  if (i === 500) throw new Failure("bad entity 500");
  return i;
}
function whichThread(_: number): number {
  return threadId;
}
// About 0.2 ms of work per element: enough that par-map sends the rest to the pool.
function busy(): number {
  let acc = 0;
  for (let k = 0; k < 200_000; k++) acc += Math.sqrt(k);
  return acc;
}
function slowDouble(i: number): number {
  return busy() > 0 ? i * 2 : -1;
}
// One frame of a body: gravity, drag, and death below the floor.
function moveBody(b: Body): Body {
  const vel = new Vec2(b.vel.x * 0.99, b.vel.y - 0.5);
  const pos = new Vec2(b.pos.x + vel.x, b.pos.y + vel.y);
  return new Body((b.id * 3 + 1) | 0, pos, vel, b.alive && pos.y > -100);
}
function slowMoveBody(b: Body): Body {
  return busy() > 0 ? moveBody(b) : b;
}
function position(b: Body): Vec2 {
  return b.pos;
}
function slowPosition(b: Body): Vec2 {
  return busy() > 0 ? b.pos : b.vel;
}
function slowHalf(v: Vec2): Vec2 {
  return busy() > 0 ? new Vec2(v.x / 2, v.y / 2) : v;
}
function half(x: number): number {
  return x / 2;
}
function positive(x: number): boolean {
  return x > 0;
}
function answer(): number {
  return 1;
}
// What no Weft function can do: end the pool thread it runs on (a crash of the runtime).
function exitOnWorker(x: number): number {
  if (threadId !== 0) process.exit(7);
  return x;
}
export const $fn = { step, check, whichThread, slowDouble, moveBody, slowMoveBody, position, slowPosition, slowHalf, half, positive, answer, exitOnWorker };

registry.registerType(Entity.$type, Entity, { fields: [["id", S.int], ["x", S.float], ["vx", S.float]] });
registry.registerType(Vec2.$type, Vec2, { fields: [["x", S.float], ["y", S.float]] });
registry.registerType(Body.$type, Body, {
  fields: [
    ["id", S.int],
    ["pos", S.type(Vec2.$type)],
    ["vel", S.type(Vec2.$type)],
    ["alive", S.bool],
  ],
});
registry.registerType(Stats.$type, Stats, { fields: [["kills", S.int], ["deaths", S.int]] });
registry.registerLambdas($path, $lambdas as never);
registry.registerFunctions($path, $fn);

export { atom, channel };
