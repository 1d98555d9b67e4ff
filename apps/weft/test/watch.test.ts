import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const bin = new URL("../bin/weft.js", import.meta.url).pathname;

const version = (greeting: string, fields = "(x Int)") => `
(defstruct Pos ${fields})
(defonce boots (atom 0))
(def greeting "${greeting}")
(defn main ()
  (swap! boots + 1)
  (println greeting @boots))
`;

/** A `weft run --watch` child whose output can be awaited line by line. */
function watching(file: string) {
  const child = spawn(process.execPath, [bin, "run", "--watch", file], { env: { ...process.env, NO_COLOR: "1" } });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (out.includes(text)) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - started > 120_000) {
          clearInterval(poll);
          reject(new Error(`no ${JSON.stringify(text)} in:\n${out}`));
        }
      }, 20);
    });
  return { waitFor, stop: () => child.kill("SIGINT"), output: () => out };
}

test("a saved change reloads: defs are re-evaluated, defonce values survive, bad versions are refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-watch-test-"));
  const file = join(dir, "game.weft");
  writeFileSync(file, version("hello"));
  const w = watching(file);
  try {
    await w.waitFor("hello 1\n");
    await w.waitFor("watching for changes");

    writeFileSync(file, version("bonjour"));
    await w.waitFor("bonjour 2\n");

    writeFileSync(file, version("hola").replace("(swap! boots + 1)", "(swap! boots + 1.5)"));
    await w.waitFor("reload refused: the program has errors; the old code keeps running");
    expect(w.output()).toContain("error[E0101]");

    writeFileSync(file, version("hola", "(x Int) (y Int)"));
    await w.waitFor("reload refused: struct `Pos` changed its fields");
    expect(w.output()).not.toContain("hola");
  } finally {
    w.stop();
  }
});

test("a reload reaches a running spawn-thread worker with the new defs, evaluated once on the main thread", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-watch-test-"));
  const file = join(dir, "loop.weft");
  const source = (greeting: string) => `
(def greeting (do (println "evaluating ${greeting}") "${greeting}"))
(defn tick () (println "tick" greeting))
(defn spin (i) (tick) (sleep 50) (if (< i 100000) (spin (+ i 1)) i))
(defn main ()
  (with-tasks (spawn-thread (spin 0)) 0))
`;
  writeFileSync(file, source("hello"));
  const w = watching(file);
  try {
    await w.waitFor("tick hello\n");
    writeFileSync(file, source("bonjour"));
    await w.waitFor("tick bonjour\n");
    const lines = w.output().split("\n");
    expect(lines.filter((l) => l.startsWith("evaluating"))).toEqual(["evaluating hello", "evaluating bonjour"]);
  } finally {
    w.stop();
  }
});
