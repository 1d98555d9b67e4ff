import { Worker } from "node:worker_threads";
import { expect, test } from "vitest";
import { decode, type Encoded, encode, S } from "../src/index.js";
import { bundleForWorkers } from "./support/bundle.js";
import { Entity, makeRegistry, Vec2 } from "./fixtures.js";

test("entities and a closure cross to a worker, which reads the block in place and sends back the same classes", async () => {
  const bundled = bundleForWorkers();
  const registry = makeRegistry();
  const step = (env: unknown[]) => Object.assign((e: Entity) => e, { $id: 0, $env: env, $module: "game" });
  registry.registerLambdas("game", [step]);
  const schema = S.vec(S.type("Entity"));
  const entities = Array.from({ length: 10_000 }, (_, i) => new Entity(i, new Vec2(i, 0), new Vec2(1, 2)));
  const worker = new Worker(new URL("./support/codec-step.worker.mjs", import.meta.url), { workerData: { bundle: bundled.url } });
  try {
    const reply = new Promise<{ sumX: number; classes: boolean; shared: boolean; stepped: Encoded }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    worker.postMessage({ entities: encode(entities, schema, { registry, shared: true }), step: encode(step([0.5]), S.fn, { registry }) });
    const { sumX, classes, shared, stepped } = await reply;
    expect(shared).toBe(true);
    expect(sumX).toBe((9_999 * 10_000) / 2);
    expect(classes).toBe(true);
    const back = decode<Entity[]>(stepped, schema, { registry });
    expect(back[10]).toStrictEqual(new Entity(10, new Vec2(10.5, 1), new Vec2(1, 2)));
  } finally {
    await worker.terminate();
    bundled.dispose();
  }
});
