import { describe, expect, test } from "vitest";
import { Reporter } from "../src/check/Errors.js";
import { freshFlag, implies, isSet, mergeFlags, recordFlags, seed, stopRecordingFlags } from "../src/check/Flag.js";
import { mustNotSuspend, solveSuspension, suspensionPoint } from "../src/check/passes/Suspension.js";
import { con, fn } from "../src/check/Ty.js";
import { checkSource } from "./helpers.js";

const at = (start: number) => ({ file: "m.weft", start, end: start + 1 });

/**
 * The boundary between inference and the suspension pass: what inference does for
 * `(par-map xs f)` with `f` a function whose body sleeps, as constraints, and then the solve.
 */
describe("suspension is solved by its pass, not during inference", () => {
  test("while a group's constraints are recorded, a suspension point sets no flag and a rigid flag reports nothing; the solve reports E0320 once", () => {
    const rep = new Reporter();
    const log = recordFlags("susp");
    try {
      const body = freshFlag("susp");
      const f = fn([con("Int")], con("Int"), freshFlag("share"), body);
      const callback = fn([con("Int")], con("Int"), freshFlag("share"), freshFlag("susp"));
      mustNotSuspend(rep, callback, at(40), "par-map");
      seed(body, suspensionPoint("sleep", at(10)));
      // Giving `f` to `par-map`: unification merges the flags.
      mergeFlags(f.susp, callback.susp);
      expect(isSet(body)).toBe(false);
      expect(rep.diagnostics).toEqual([]);
    } finally {
      stopRecordingFlags("susp");
    }
    solveSuspension(log);
    expect(rep.diagnostics.map((d) => [d.code, d.message, d.span.start, d.notes.map((n) => [n.message, n.span.start])])).toEqual([
      ["E0320", "the function given to `par-map` can suspend (it calls `sleep`, which can suspend), but `par-map` runs it on worker threads, where it cannot wait", 40, [["`sleep` can suspend here", 10]]],
    ]);
  });

  test("the solve keeps the order constraints were generated in: the first suspension point to reach a flag is its cause", () => {
    const log = recordFlags("susp");
    const caller = freshFlag("susp");
    const callee = freshFlag("susp");
    try {
      seed(callee, suspensionPoint("recv", at(5)));
      implies(callee, caller);
      seed(caller, suspensionPoint("sleep", at(20)));
    } finally {
      stopRecordingFlags("susp");
    }
    solveSuspension(log);
    expect(isSet(caller)).toBe(true);
    expect(caller.cause?.text).toBe("it calls `recv`, which can suspend");
  });

  test("the solve replays the constraints in their order: a seed connected to a flag only after another seed set it is not its cause", () => {
    const rec = recordFlags("susp");
    const local = freshFlag("susp");
    const body = freshFlag("susp");
    try {
      // (fn (ch) (let ((g (fn () (sleep 1) 1))) (recv ch) (g))): `sleep` sets `g`, `recv` the
      // body, and the call `(g)` comes last.
      seed(local, suspensionPoint("sleep", at(5)));
      seed(body, suspensionPoint("recv", at(20)));
      implies(local, body);
    } finally {
      stopRecordingFlags("susp");
    }
    solveSuspension(rec);
    expect(body.cause?.text).toBe("it calls `recv`, which can suspend");
  });

  test("a function given to swap! names the suspension point that made it suspend first", () => {
    const c = checkSource(`(defn f (ch) (let ((g (fn () (sleep 1) 1))) (recv ch) (g)))
(defn main () (let ((a (atom 1))) (swap! a (fn (x) (f (channel Int 1)) x))))`);
    expect(c.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "E0320 the function given to `swap!` can suspend (it calls `recv`, which can suspend), but `swap!` may run it more than once, retrying on conflict, and must never wait",
    ]);
  });

  test("the solve's reports keep their place among the group's other errors", () => {
    const c = checkSource(`(defn main ()
  (do (par-map [1] (fn (x) (sleep 1) x))
      (+ 1 "a")))`);
    expect(c.errors).toEqual(["E0320 2", "E0101 3"]);
  });

  test("outside a group's inference (a declaration, the module's end) a seed is solved at once", () => {
    const f = freshFlag("susp");
    seed(f, suspensionPoint("yield", at(0)));
    expect(isSet(f)).toBe(true);
  });
});
