// A par-map-like worker: the same module "compiled" for this thread registers the same types,
// reads the entity block in place, and sends the stepped entities back through the codec.
import { parentPort, workerData } from "node:worker_threads";

const { decode, decodeFlat, encode, S, TypeRegistry } = await import(workerData.bundle);

class Vec2 {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
class Entity {
  constructor(id, pos, vel) {
    this.id = id;
    this.pos = pos;
    this.vel = vel;
  }
}
const registry = new TypeRegistry();
registry.registerType("Vec2", Vec2, { fields: [["x", S.float], ["y", S.float]] });
registry.registerType("Entity", Entity, { fields: [["id", S.int], ["pos", S.type("Vec2")], ["vel", S.type("Vec2")]] });
registry.registerLambdas("game", [(env) => Object.assign((e) => new Entity(e.id, new Vec2(e.pos.x + env[0] * e.vel.x, e.pos.y + env[0] * e.vel.y), e.vel), { $id: 0, $env: env })]);
const schema = S.vec(S.type("Entity"));

parentPort.on("message", ({ entities, step }) => {
  const flat = decodeFlat(entities, schema, { registry });
  let sumX = 0;
  for (let i = 0; i < flat.length; i++) sumX += flat.float(i, "pos.x");
  const f = decode(step, S.fn, { registry });
  const list = decode(entities, schema, { registry });
  const classes = list.every((e) => e instanceof Entity && e.pos instanceof Vec2);
  const stepped = encode(list.map(f), schema, { registry, shared: true });
  parentPort.postMessage({ sumX, classes, shared: entities.bytes.buffer instanceof SharedArrayBuffer, stepped });
});
