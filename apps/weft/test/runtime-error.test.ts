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
