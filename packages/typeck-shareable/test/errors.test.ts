import { describe, expect, test } from "vitest";
import { checkSource } from "./helpers.js";

/** [sentence, source, code, line, exact message] */
const cases: [string, string, string, number, string][] = [
  ["an unbound name suggests the close one", `(defn main ()\n  (let ((speed 3))\n    (println spede)))`, "E0100", 3, "cannot find the name `spede` in this scope"],
  ["a struct argument of the wrong type says the struct wants it", `(defstruct Vec2 (x Float) (y Float))\n(defn main () (Vec2 1 2.0))`, "E0101", 2, "the 1st argument of `Vec2` must be a Float, because the struct says so, but it is an Int"],
  ["Int and Float never mix", `(defn main ()\n  (println (+ 1 2.0)))`, "E0101", 2, "`+` needs all its arguments of one numeric type: the 1st is an Int, the 2nd a Float"],
  ["the branches of an if must agree", `(defn f (c) (if c 1 "one"))`, "E0101", 1, "the branches of this `if` must have the same type: the `then` branch is an Int, the `else` branch a String"],
  ["a sig mismatch is reported at the body", `(sig speed (Fn (Int) Float))\n(defn speed (n)\n  (* n 2))`, "E0101", 3, "`speed` must return a Float, because its sig says so, but this is an Int"],
  ["a sig mismatch is reported at the expression that returns", `(sig speed (Fn (Int) Float))\n(defn speed (n)\n  (let ((k 2))\n    (* n k)))`, "E0101", 4, "`speed` must return a Float, because its sig says so, but this is an Int"],
  ["a condition must be a Bool", `(defn f () (if 1 2 3))`, "E0101", 1, "the condition of `if` must be a Bool, but it is an Int"],
  ["a wrong argument count is E0103", `(defn add (a b) (+ a b))\n(defn main () (add 1))`, "E0103", 2, "`add` takes 2 arguments but was given 1"],
  ["a constructor with too few fields is E0103", `(defstruct P (x Int) (y Int))\n(defn main () (P 1))`, "E0103", 2, "`P` takes 2 fields but was given 1"],
  ["an unknown type is E0104", `(defstruct Player (pos Vector3))`, "E0104", 1, "unknown type `Vector3`"],
  ["an unknown field is E0105", `(defstruct Vec2 (x Float) (y Float))\n(defn main () (.z (Vec2 1.0 2.0)))`, "E0105", 2, "the struct `Vec2` has no field `z`"],
  ["an ambiguous field asks for an annotation", `(defstruct A (x Int))\n(defstruct B (x Float))\n(defn f (v) (.x v))`, "E0105", 3, "several structs have a field `x` (`A`, `B`), and the type here is not known yet"],
  ["an unknown constructor is E0105", `(defn main () (Vec3 1))`, "E0105", 1, "there is no constructor `Vec3`"],
  ["an unknown constructor in a pattern still binds its names, so the arm's body reports nothing more", `(defn main ()\n  (match (Some 1)\n    ((Sme x) (+ x 1))\n    (_ 0)))`, "E0105", 3, "there is no constructor `Sme`"],
  ["a second definition is E0106", `(defn f () 1)\n(defn f () 2)`, "E0106", 2, "`f` is defined twice in this module"],
  ["a malformed let is E0107", `(defn main () (let (x 1) x))`, "E0107", 1, "a `let` binding is (name value) or (mut name value)"],
  ["adding structs has no Num instance", `(defstruct Sprite (name String))\n(defn main () (+ (Sprite "a") (Sprite "b")))`, "E0108", 2, "no instance of `Num` for `Sprite`: `+` works on numbers (Int or Float), and a Sprite is not one"],
  ["a constraint missing from a sig is E0108", `(sig same (Fn (a a) Bool))\n(defn same (x y) (= x y))`, "E0108", 2, "no instance of `Eq` for `a`: `=` compares values, and a value of the generic type `a` has no equality"],
  ["a function cannot be printed", `(defn main () (println (fn (x) (+ x 1))))`, "E0108", 1, "no instance of `Show` for `(Fn (Int) Int)`: `println` needs to show its arguments as text, and a function `(Fn (Int) Int)` cannot be shown"],
  ["self-application is an infinite type", `(defn f (x) (x x))`, "E0109", 1, "infinite type: `a` would have to be `(Fn (a) b)`, which contains itself"],
  ["set! on an immutable binding is E0201", `(defn main ()\n  (let ((lives 3))\n    (set! lives 2)))`, "E0201", 3, "cannot assign twice to the immutable binding `lives`"],
  ["a generic value crossing inside a function without (Shareable a) asks for it in the sig", `(sig post (Fn ((Channel a) a) Bool))\n(defn post (ch x) (try-send ch x))`, "E0302", 2, "`x` cannot be sent on a channel: its type `a` is generic, and the sig does not say it is Shareable"],
  ["a value of an instance's type parameter cannot cross inside the instance", `(defclass (Post a) (post (Fn ((Channel a) a) Bool)))\n(instance (Post (Vec a))\n  (defn post (ch xs) (try-send ch xs)))`, "E0302", 3, "`xs` cannot be sent on a channel: its type `a` is a parameter of the instance, which cannot require it to be Shareable"],
  ["a user instance of Shareable is E0305", `(defstruct H (id Int))\n(instance (Shareable H))`, "E0305", 2, "`Shareable` cannot be implemented by hand: the compiler derives it"],
  ["a match missing variants lists them", `(defenum Dir North South East West)\n(defn dx (d)\n  (match d (East 1) (West -1)))`, "E0401", 3, "this `match` does not cover every case: `North`, `South` are not matched"],
  ["nested patterns are checked too", `(defn f (o) (match o ((Some (Some x)) x) (None 0)))`, "E0401", 1, "this `match` does not cover every case: `(Some None)` is not matched"],
  ["recur under an addition is not in tail position", `(defn main ()\n  (loop ((i 0))\n    (if (< i 3) (+ 1 (recur (+ i 1))) 0)))`, "E0501", 3, "`recur` is not in tail position"],
  ["a try body is never a tail position", `(defn f (n) (try (recur n) (catch e 0)))`, "E0501", 1, "`recur` is not in tail position"],
];

describe("error codes and messages", () => {
  test.each(cases)("%s", (_name, src, code, line, message) => {
    const r = checkSource(src);
    expect(r.errors).toEqual([`${code} ${line}`]);
    expect(r.diagnostics[0]!.message).toBe(message);
    expect(r.program).toBeUndefined();
  });
});

describe("diagnostics explain themselves", () => {
  test("a sig mismatch carries a note at the sig", () => {
    const r = checkSource(`(sig speed (Fn (Int) Float))\n(defn speed (n) (* n 2))`);
    expect(r.diagnostics[0]!.notes.map((n) => n.message)).toEqual(["the sig is here"]);
    expect(r.diagnostics[0]!.help).toBe("convert it: (float …)");
  });
  test("an unbound name helps with the close one and points at it", () => {
    const d = checkSource(`(defn main () (let ((speed 3)) spede))`).diagnostics[0]!;
    expect(d.help).toBe("did you mean `speed`?");
    expect(d.notes[0]!.message).toBe("`speed` is defined here");
  });
  test("a duplicate definition notes the first one", () => {
    const d = checkSource(`(defn f () 1)\n(defn f () 2)`).diagnostics[0]!;
    expect(d.notes[0]!.message).toBe("first defined here");
  });
  test("independent errors are all reported, without follow-on errors", () => {
    expect(checkSource(`(defn main ()\n (foo 1)\n (bar 2)\n (+ (foo 1) 2.0))`).errors).toEqual(["E0100 2", "E0100 3", "E0100 4"]);
  });
  test("a missing sig constraint after a mismatch is not reported twice", () => {
    expect(checkSource(`(sig f (Fn (a) a))\n(defn f (x) (+ x 1))`).errors).toEqual(["E0101 2"]);
  });
  test("an import cycle is reported with the whole cycle", () => {
    const r = checkSource({ "a.weft": `(import "./b.weft" g)\n(defn f () 1)`, "b.weft": `(import "./a.weft" f)\n(defn g () 1)` });
    expect(r.diagnostics.map((d) => d.message)).toEqual(["import cycle: a.weft → b.weft → a.weft"]);
  });
});

describe("several mistakes in one program", () => {
  test("a wrong argument and a typo are both reported, each at its own expression", () => {
    const src = `(defstruct Vec2 (x Float) (y Float))\n\n(defn main ()\n  (let ((speed 3))\n    (println (Vec2 speed 2.0))\n    (println spede)))`;
    const r = checkSource(src);
    expect(r.errors).toEqual(["E0101 5", "E0100 6"]);
    expect(r.diagnostics[0]!.help).toBe("convert it: (float speed)");
    expect(src.slice(r.diagnostics[0]!.span.start, r.diagnostics[0]!.span.end)).toBe("speed");
  });
  test("errors come top to bottom whichever pass found them", () => {
    // E0310 is found by the task-scope pass after inference, which found E0101 and E0100.
    const src = `(defn start-music ()\n  (spawn (println "la")))\n(defn bad () (+ 1 "x"))\n(defn main () (start-music) (nope))`;
    expect(checkSource(src).errors).toEqual(["E0310 2", "E0101 3", "E0100 4"]);
  });
  test("each imported module's errors come together, dependencies first", () => {
    const r = checkSource({
      "main.weft": `(import "./lib.weft" f)\n(defn main () (f (+ 1 "x")))`,
      "lib.weft": `(defn f (x) (spawn x))\n(defn g () (+ 1.0 2))`,
    });
    expect(r.diagnostics.map((d) => `${d.span.file} ${d.code}`)).toEqual(["lib.weft E0310", "lib.weft E0101", "main.weft E0101"]);
  });
});

describe("calls point at what they call", () => {
  test("a wrong argument count notes the function's definition", () => {
    const d = checkSource(`(defn add (a b) (+ a b))\n(defn main () (add 1))`).diagnostics[0]!;
    expect(d.notes.map((n) => n.message)).toEqual(["`add` is defined here"]);
  });
  test("a wrong argument type to a local function notes its binding", () => {
    const d = checkSource(`(defn main () (let ((f (fn (x) (+ x 1)))) (f "a")))`).diagnostics[0]!;
    expect(d.message).toBe("the 1st argument of `f` must be an Int, but it is a String");
    expect(d.notes.map((n) => n.message)).toEqual(["`f` is defined here"]);
  });
});

describe("no cascades", () => {
  test("an if whose branches disagree is one error, even when its value is used", () => {
    expect(checkSource(`(defn f (n) (+ 1 (if (= n 0) "zero" n)))`).errors).toEqual(["E0101 1"]);
  });
  test("a recursive use of a mistyped if is one error", () => {
    expect(checkSource(`(def table [(fn (x) (twice x))])\n(defn twice (n) (if (= n 0) (nth table 0) n))`).errors).toEqual(["E0101 2"]);
  });
});
