import { describe, expect, test } from "vitest";
import { Reporter } from "../src/check/Errors.js";
import { freshFlag, isSet, isSetNow, mergeFlags, recordFlags, requireUnset, seed, stopRecordingFlags } from "../src/check/Flag.js";
import { capturesMutable, fnAnnotationRigid, solveShareable } from "../src/check/passes/Shareable.js";
import { con, fn, show } from "../src/check/Ty.js";

const at = (start: number) => ({ file: "m.weft", start, end: start + 1 });

/**
 * The boundary between inference and the Shareable pass: what inference does for a closure
 * that captures `(mut n 0)` stored where a `(Fn …)` annotation says Shareable, as constraints,
 * and then the solve.
 */
describe("Shareable is solved by its pass, not during inference", () => {
  test("while a group's constraints are recorded, a mut capture sets no flag and a (Fn …) annotation reports nothing; the solve reports E0301 once", () => {
    const rep = new Reporter();
    const log = recordFlags("share");
    let closure;
    try {
      const annotated = fn([], con("Int"), freshFlag("share"));
      requireUnset(annotated.share, fnAnnotationRigid(rep, at(0), null, null));
      closure = fn([], con("Int"));
      seed(closure.share, capturesMutable({ name: "n", span: at(20) }, at(30)));
      mergeFlags(closure.share, annotated.share);
      expect(isSet(closure.share)).toBe(false);
      // What a message shows meanwhile is what the solve will give: inference may ask, not set.
      expect(isSetNow(closure.share)).toBe(true);
      expect(show(closure)).toBe("(LocalFn () Int)");
      expect(rep.diagnostics).toEqual([]);
    } finally {
      stopRecordingFlags("share");
    }
    solveShareable(log);
    expect(isSet(closure.share)).toBe(true);
    expect(rep.diagnostics.map((d) => [d.code, d.message, d.span.start, d.notes.map((n) => [n.message, n.span.start])])).toEqual([
      [
        "E0301",
        "this function type is declared `(Fn …)` (Shareable), but the function that reaches it is not Shareable: it is a closure that captures the mutable binding `n`",
        0,
        [["`n` is declared mutable here", 20], ["`n` is captured here by the closure", 30]],
      ],
    ]);
  });

  test("a flag no seed reaches is not set, asked during inference or solved", () => {
    const log = recordFlags("share");
    const f = freshFlag("share");
    try {
      seed(freshFlag("share"), capturesMutable({ name: "m", span: at(1) }, at(2)));
      expect(isSetNow(f)).toBe(false);
    } finally {
      stopRecordingFlags("share");
    }
    solveShareable(log);
    expect(isSet(f)).toBe(false);
  });
});
