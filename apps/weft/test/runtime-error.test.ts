import { expect, test } from "vitest";
import { renderRuntimeError } from "../src/runtimeError.js";

const source = "(defn f (n) (+ 1 (f n)))\n(defn main () (println (f 1)))\n";

function errorWithFrames(message: string, frames: string[]): Error {
  const e = new Error(message);
  e.stack = [`Error: ${message}`, ...frames.map((f) => `    at ${f}`)].join("\n");
  return e;
}

test("a recursion shows its repeated caller once, with a count, and no JavaScript frame", () => {
  const e = errorWithFrames("Maximum call stack size exceeded", [
    "f (file:///game/deep.weft:1:1)",
    ...Array.from({ length: 5 }, () => "f (file:///game/deep.weft:1:18)"),
    "main (file:///game/deep.weft:2:24)",
    "file:///node_modules/@weft/cli/dist/main.js:10:5",
  ]);
  expect(renderRuntimeError(e, new Map([["/game/deep.weft", source]]), "/game")).toBe(
    [
      "error: Maximum call stack size exceeded",
      " --> deep.weft:1:1",
      "  |",
      "1 | (defn f (n) (+ 1 (f n)))",
      "  | ^ failed here",
      "  = note: called from deep.weft:1:18 (5 times)",
      "  = note: called from deep.weft:2:24",
      "",
    ].join("\n"),
  );
});

test("errors suppressed behind the first are listed after it", () => {
  const e = Object.assign(errorWithFrames("network down", ["main (file:///game/deep.weft:2:15)"]), {
    suppressed: [new Error("disk full")],
  });
  expect(renderRuntimeError(e, new Map([["/game/deep.weft", source]]), "/game")).toContain("  = note: also failed: disk full\n");
});

test("a Weft place named inside a multi-line message is not taken for where the error was raised", () => {
  const message = "config error\n    at level.weft:7:3";
  const e = errorWithFrames(message, ["main (file:///game/deep.weft:2:15)"]);
  e.stack = `Error: ${message}\n    at main (file:///game/deep.weft:2:15)`;
  expect(renderRuntimeError(e, new Map([["/game/deep.weft", source]]), "/game")).toBe(
    ["error: config error", "    at level.weft:7:3", " --> deep.weft:2:15", "  |", "2 | (defn main () (println (f 1)))", "  |               ^ failed here", ""].join("\n"),
  );
});

test("a deadlock report lists each waiting task's spawn place but shows no code frame or callers made of them", () => {
  const message = "deadlock: every task is waiting on something that no running task can complete\n  task spawned at /game/deep.weft:1:1: waits on a channel (send, recv, select or for-msg)\n  task spawned at /game/deep.weft:2:1: waits on a channel (send, recv, select or for-msg)";
  const e = new Error(message);
  e.stack = `Deadlock: ${message}\n    at report (file:///node_modules/@weft/runtime-tasks/dist/index.js:10:5)`;
  expect(renderRuntimeError(e, new Map([["/game/deep.weft", source]]), "/game")).toBe(`error: ${message.replaceAll("/game/deep.weft", "deep.weft")}\n`);
});

test("a deadlock report names the places relative to the working directory, and a user's message keeps its paths", () => {
  const message = "deadlock: every task is waiting on something that no running task can complete\n  task spawned at /game/src/deep.weft:1:1: waits on a channel (send, recv, select or for-msg) (at /game/src/deep.weft:1:8)";
  const e = new Error(message);
  e.stack = `Deadlock: ${message}\n    at report (file:///node_modules/@weft/runtime-tasks/dist/index.js:10:5)`;
  expect(renderRuntimeError(e, new Map(), "/game")).toBe(
    "error: deadlock: every task is waiting on something that no running task can complete\n  task spawned at src/deep.weft:1:1: waits on a channel (send, recv, select or for-msg) (at src/deep.weft:1:8)\n",
  );
  expect(renderRuntimeError(new Error("cannot load /game/src/deep.weft"), new Map(), "/game")).toBe("error: cannot load /game/src/deep.weft\n");
});

test("a failing call on a line too long to show whole is shown with 40 columns either side", () => {
  const ones = Array(100).fill("1").join(" ");
  const long = `(defn main () (println ${ones} (nth [1] 5) ${ones}))\n`;
  const col = long.indexOf("(nth") + 1;
  const e = errorWithFrames("index 5 out of range for a collection of 1", [`main (file:///game/long.weft:1:${col})`]);
  const forty = Array(20).fill("1").join(" ");
  expect(renderRuntimeError(e, new Map([["/game/long.weft", long]]), "/game")).toBe(
    [
      "error: index 5 out of range for a collection of 1",
      ` --> long.weft:1:${col}`,
      "  |",
      `1 | ...${forty} (nth [1] 5) ${forty.slice(0, 29)}...`,
      `  | ${" ".repeat(43)}^ failed here`,
      "",
    ].join("\n"),
  );
});
