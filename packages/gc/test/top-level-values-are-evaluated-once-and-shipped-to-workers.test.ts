import { expect, test } from "vitest";
import { TopLevelValues } from "../src/index.js";

// Two instances stand for two threads of one process: `main` evaluates, `worker` receives (the
// blocks are in the process heap, which both see).
const URL_V1 = "file:///game.js?v1";

test("the main thread evaluates each def once; a worker takes the main thread's values without running an initialiser", () => {
  const main = new TopLevelValues();
  const ran: string[] = [];
  const m = main.open("game.weft", URL_V1);
  expect(m.shared("speed", () => (ran.push("speed"), [1.5, 2.5]))).toEqual([1.5, 2.5]);
  expect(m.shared("name", () => (ran.push("name"), "hero"))).toBe("hero");
  m.done();

  const worker = new TopLevelValues();
  worker.receive(main.ship());
  expect(worker.onWorker).toBe(true);
  const w = worker.open("game.weft", URL_V1);
  expect(w.shared("speed", () => ran.push("speed on the worker"))).toEqual([1.5, 2.5]);
  expect(w.shared("name", () => ran.push("name on the worker"))).toBe("hero");
  expect(ran).toEqual(["speed", "name"]);
});

test("a def that is not Shareable is computed on the main thread only", () => {
  const main = new TopLevelValues();
  const log = main.open("game.weft", URL_V1).local(() => new Float64Array(4));
  expect(log).toBeInstanceOf(Float64Array);
  const worker = new TopLevelValues();
  worker.receive(main.ship());
  expect(worker.open("game.weft", URL_V1).local(() => new Float64Array(4))).toBeUndefined();
});

test("a value the codec refuses is left out of the shipment rather than failing the worker", () => {
  const main = new TopLevelValues();
  main.open("game.weft", URL_V1).shared("buffer", () => new Int32Array(2));
  expect(main.ship()).toEqual({ "game.weft": { url: URL_V1, values: {} } });
});

test("a worker that loaded a module before a def was evaluated gets it with its next shipment", () => {
  const main = new TopLevelValues();
  const m = main.open("game.weft", URL_V1);
  m.shared("first", () => 1);
  const worker = new TopLevelValues();
  worker.receive(main.ship());
  const w = worker.open("game.weft", URL_V1);
  expect(w.shared("first", () => 0)).toBe(1);
  expect(w.shared("second", () => 0)).toBeUndefined();
  const assigned: [string, unknown][] = [];
  w.late((name, v) => assigned.push([name, v]));

  m.shared("second", () => ["late"]);
  m.done();
  worker.receive(main.ship());
  expect(assigned).toEqual([["second", ["late"]]]);
  // Received once: a later shipment assigns nothing again.
  worker.receive(main.ship());
  expect(assigned).toHaveLength(1);
});

test("each value is encoded once, however many workers start", () => {
  const main = new TopLevelValues();
  const m = main.open("game.weft", URL_V1);
  m.shared("a", () => "x");
  const first = main.ship();
  expect(main.ship()).toBe(first);
  m.shared("b", () => "y");
  const second = main.ship();
  expect(second["game.weft"]!.values.a).toBe(first["game.weft"]!.values.a);
  expect(Object.keys(second["game.weft"]!.values)).toEqual(["a", "b"]);
});

test("a live reload's new version replaces the old values, and is announced once its defs are evaluated", async () => {
  const main = new TopLevelValues();
  main.open("game.weft", URL_V1).shared("level", () => 1);
  const v2 = main.open("game.weft", "file:///game.js?v2");
  let announced = false;
  const evaluated = main.evaluated("file:///game.js?v2").then(() => (announced = true));
  v2.shared("level", () => 2);
  await Promise.resolve();
  expect(announced).toBe(false);
  v2.done();
  await evaluated;
  expect(announced).toBe(true);
  const worker = new TopLevelValues();
  worker.receive(main.ship());
  expect(worker.open("game.weft", URL_V1).shared("level", () => 0)).toBeUndefined();
  expect(worker.open("game.weft", "file:///game.js?v2").shared("level", () => 0)).toBe(2);
});

test("a def that suspends to compute is kept once its promise settles", async () => {
  const main = new TopLevelValues();
  const value = await main.open("game.weft", URL_V1).shared("assets", async () => ["tiles"]);
  expect(value).toEqual(["tiles"]);
  const worker = new TopLevelValues();
  worker.receive(main.ship());
  expect(worker.open("game.weft", URL_V1).shared("assets", async () => [])).toEqual(["tiles"]);
});
