import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { read } from "@weft/reader";
import { check } from "@weft/typeck-shareable";
import { renderHuman } from "../src/render/human.js";

/**
 * Golden tests of the rendered text of every Shareable / task / arena diagnostic (E03xx, W0321).
 * `WEFT_UPDATE_GOLDEN=1 npx vitest run test/shareable-golden.test.ts` rewrites the files.
 */
const cases: [string, string][] = [
  ["e0301-closure-over-mut", `(defn main ()
  (let ((mut hp 10)
        (hurt (fn () (set! hp (- hp 1)))))
    (with-tasks
      (spawn-thread (hurt))
      ())
    (println hp)))`],
  ["e0301-mutvec", `(defn main ()
  (let ((hits (mut-vec)))
    (with-tasks
      (spawn (push! hits 1))
      ())))`],
  ["e0301-chain-through-struct", `(defstruct (Job f) (id Int) (run f))
(defn main ()
  (let ((mut done 0)
        (job (Job 1 (fn () (set! done 1)))))
    (with-tasks
      (spawn ((.run job)))
      ())))`],
  ["e0301-fn-field", `(defstruct Job (run (Fn () ())))
(defn main ()
  (let ((mut done 0))
    (Job (fn () (set! done 1)))))`],
  ["e0301-generic-call", `(defn run-later (f)
  (with-tasks (spawn (f))))
(defn main ()
  (let ((mut n 0))
    (run-later (fn () (set! n 1)))))`],
  ["e0302-shareable-constraint", `(defn put (ch x)
  (send ch x))
(defn main ()
  (let ((ch (channel (MutVec Int) 1)))
    (put ch (mut-vec))))`],
  ["e0302-send", `(defn main ()
  (let ((ch (channel (MutVec Int) 1))
        (buf (mut-vec)))
    (send ch buf)))`],
  ["e0303-spawn", `(defn main ()
  (let ((mut score 0))
    (with-tasks
      (spawn (set! score (+ score 10)))
      ())
    (println score)))`],
  ["e0303-par-for-each", `(defn main ()
  (let ((mut sum 0))
    (par-for-each (range 3) (fn (i) (set! sum (+ sum i))))
    (println sum)))`],
  ["e0305", `(defstruct Handle (id Int))
(instance (Shareable Handle))`],
  ["e0310", `(defn start-music ()
  (spawn (println "la")))`],
  ["e0311", `(defn make-spawner ()
  (with-tasks
    (fn () (spawn (println "late")))))`],
  ["e0320-par", `(defn main ()
  (let ((ch (channel Int 10)))
    (par-for-each (range 3) (fn (i) (send ch i)))))`],
  ["e0320-swap", `(defn main ()
  (let ((a (atom 0)))
    (swap! a (fn (x) (sleep 1) (+ x 1)))))`],
  ["e0330-return", `(defn leak ()
  (with-arena (frame)
    (arena-vec frame 10 0)))`],
  ["e0330-set", `(defn main ()
  (let ((mut keep (mut-vec)))
    (with-arena (frame)
      (set! keep (arena-vec frame 4 0)))
    (count (freeze keep))))`],
  ["e0330-task", `(defn main ()
  (with-arena (frame)
    (let ((buf (arena-vec frame 4 0)))
      (with-tasks
        (spawn (set-nth! buf 0 1))
        ()))))`],
  ["w0321", `(defn main ()
  (let ((score (atom 0)))
    (swap! score (fn (s) (println "adding") (+ s 10)))))`],
];

function render(name: string, text: string): string {
  const file = `${name}.weft`;
  const r = read(file, text);
  const { diagnostics } = check({ entry: file, files: new Map([[file, r.forms]]) });
  return diagnostics.map((d) => renderHuman(d, new Map([[file, text]]))).join("\n");
}

describe("rendered Shareable diagnostics", () => {
  test.each(cases)("%s renders as its golden file", (name, text) => {
    const path = new URL(`golden/shareable/${name}.txt`, import.meta.url);
    const out = render(name, text);
    if (process.env.WEFT_UPDATE_GOLDEN === "1" || !existsSync(path)) writeFileSync(path, out);
    expect(out).toBe(readFileSync(path, "utf8"));
    expect(out).toMatch(new RegExp(`^(error|warning)\\[${name.slice(0, 5).toUpperCase()}\\]`));
  });
});
