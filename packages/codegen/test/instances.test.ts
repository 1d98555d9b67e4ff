import { describe, expect, test } from "vitest";
import { run, testPrograms } from "./run.js";

/**
 * A program's own `Show`, `Eq` or `Ord` instance for a type replaces the derived one everywhere
 * that type appears: inside derived instances of structs and enums, and inside the built-in
 * ones of vectors, maps and Options. Each case is [what it shows, main.weft after the prelude,
 * exact stdout].
 */
const prelude = `
(defstruct Vec2 (x Float) (y Float))
(instance (Show Vec2) (defn show (v) (str "<" (.x v) "," (.y v) ">")))
(instance (Eq Vec2) (defn = (a b) (= (.x a) (.x b))))
(instance (Ord Vec2) (defn < (a b) (< (.x a) (.x b))))
(defenum (Box a) (Box a))
(instance (Show (Box a)) (defn show (b) (match b ((Box x) (str "#" (show x))))))
(instance (Eq (Box a)) (defn = (a b) true))
(defstruct Ent (pos Vec2) (hp Int))
(defenum Shape (Dot Vec2) (Line Vec2 Vec2) Empty)
(defstruct Holder (boxed (Box Int)) (many (Vec (Box String))))
(defstruct (Pair a) (left a) (right Vec2))
`;

const cases: [string, string, string][] = [
  ["a struct field of a type with a user Show prints through it", `(defn main () (println (Ent (Vec2 1.0 2.0) 3)))`, "(Ent <1.0,2.0> 3)\n"],
  ["a struct field of a type with a user Eq compares through it", `(defn main () (println (= (Ent (Vec2 1.0 2.0) 3) (Ent (Vec2 1.0 9.0) 3)) (= (Ent (Vec2 1.0 2.0) 3) (Ent (Vec2 5.0 2.0) 3))))`, "true false\n"],
  ["enum variants show and compare their fields through user instances", `(defn main () (println (Line (Vec2 1.0 2.0) (Vec2 3.0 4.0)) (Dot (Vec2 0.0 0.0)) Empty (= (Dot (Vec2 1.0 2.0)) (Dot (Vec2 1.0 7.0)))))`, "(Line <1.0,2.0> <3.0,4.0>) (Dot <0.0,0.0>) Empty true\n"],
  ["vectors, maps and Options of a user-shown type print through it", `(defn main () (println [(Vec2 1.0 2.0)] (Some (Vec2 1.0 2.0)) {:p (Vec2 0.5 1.0)}))`, "[<1.0,2.0>] (Some <1.0,2.0>) {:p <0.5,1.0>}\n"],
  ["vectors and Options of a user-compared type compare through it", `(defn main () (println (= [(Vec2 1.0 2.0)] [(Vec2 1.0 3.0)]) (= (Some (Vec2 2.0 2.0)) (Some (Vec2 1.0 2.0)))))`, "true false\n"],
  ["a generic user instance with a context is applied inside a derived struct", `(defn main () (println (Holder (Box 4) [(Box "a") (Box "b")])) (println (= (Holder (Box 1) []) (Holder (Box 2) []))))`, '(Holder #4 [#"a" #"b"])\ntrue\n'],
  ["a generic derived struct passes its parameter's dictionary and uses the user one for its fixed field", `(defn main () (println (Pair (Some 1) (Vec2 1.0 1.0))) (println (= (Pair 1 (Vec2 1.0 1.0)) (Pair 1 (Vec2 1.0 8.0)))))`, "(Pair (Some 1) <1.0,1.0>)\ntrue\n"],
  ["a user Ord orders comparisons of its type", `(defn main () (println (< (Vec2 1.0 9.0) (Vec2 2.0 0.0)) (> (Vec2 1.0 9.0) (Vec2 2.0 0.0)) (<= (Vec2 1.0 1.0) (Vec2 1.0 5.0))))`, "true false true\n"],
  ["a nested Option of a struct holding a user-shown field prints every layer", `(defn main () (println (Some (Some (Ent (Vec2 1.0 1.0) 0)))))`, "(Some (Some (Ent <1.0,1.0> 0)))\n"],
];

describe("user instances inside derived and built-in ones", () => {
  testPrograms(cases, prelude);
});

describe("user instances across modules", () => {
  test("an instance written in another module than its type is used inside a third module's derived struct", async () => {
    const got = await run(
      {
        "main.weft": `(import "./shows.weft")\n(import "./types.weft" Vec2)\n(defstruct Ent (pos Vec2))\n(defn main () (println (Ent (Vec2 1.0 2.0))))`,
        "types.weft": `(defstruct Vec2 (x Float) (y Float))`,
        "shows.weft": `(import "./types.weft" Vec2)\n(instance (Show Vec2) (defn show (v) (str "<" (.x v) ">")))`,
      },
      "main.weft",
    );
    expect(got.error).toBeUndefined();
    expect(got.stdout).toBe("(Ent <1.0>)\n");
  });
});
