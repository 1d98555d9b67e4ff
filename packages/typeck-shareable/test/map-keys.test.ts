import { describe, expect, test } from "vitest";
import { checkSource, runEach, weftBuilt, type TableRow } from "./helpers.js";

/**
 * LANGUAGE.md §4: map keys are Int, String, Keyword, Bool or structs/enums of them. Every way a
 * map comes to be (a literal, `insert`, `group-by`, `from-entries`) asks `(MapKey k)` of its
 * key type, through every path a key type travels: in place, a helper, a generic function
 * (top-level, let-bound, through another), a higher-order builtin, a struct field, a class
 * method, an instance, a sig, a `def`, mutual recursion. `expected` is `CODE line` per
 * diagnostic; an accepted row also runs under `weft run` and prints `stdout`.
 */
const P = "(defstruct P (x Int) (y Int))";
const REG = "(defstruct (Reg k) (m (Map k Int)))";
const MK = "(defclass (Mk a) (mk (Fn (Int) a)))";

const rows: TableRow[] = [
  // Direct: the literal itself.
  { name: "a Float key in a literal", src: `(defn main () (println {1.5 1}))`, expected: ["E0108 1"] },
  { name: "a function key in a literal", src: `(defn main () (println (count {inc 1})))`, expected: ["E0108 1"] },
  { name: "a vector key in a literal", src: `(defn main () (println {[1] 1}))`, expected: ["E0108 1"] },
  { name: "a () key in a literal", src: `(defn main () (println {() 1}))`, expected: ["E0108 1"] },
  { name: "a struct key with a Float field", src: `(defstruct Q (x Float))\n(defn main () (println {(Q 1.0) "a"}))`, expected: ["E0108 2"] },
  { name: "Int, String, Keyword and Bool keys", src: `(defn main () (println {1 1} {"a" 1} {:a 1} {true 1}))`, expected: [], stdout: '{1 1} {"a" 1} {:a 1} {true 1}' },
  { name: "a struct of Ints as a key", src: `${P}\n(defn main () (println (get {(P 1 2) "a"} (P 1 2))))`, expected: [], stdout: '(Some "a")' },
  { name: "an enum as a key", src: `(defenum Dir N S)\n(defn main () (println (get {N 1 S 2} S)))`, expected: [], stdout: "(Some 2)" },
  { name: "a generic struct of keys as a key", src: `(defstruct (Two a) (a a) (b a))\n(defn main () (println (count {(Two :x :y) 1 (Two :x :y) 2})))`, expected: [], stdout: "1" },
  { name: "a generic struct of Floats as a key", src: `(defstruct (Two a) (a a) (b a))\n(defn main () (println {(Two 1.0 2.0) 1}))`, expected: ["E0108 2"] },
  { name: "Option keys", src: `(defn main () (println (get {(Some 1) 1 None 2} None)))`, expected: [], stdout: "(Some 2)" },
  { name: "an empty map's keys default to Int", src: `(defn main () (println (count {})))`, expected: [], stdout: "0" },
  // The map builtins.
  { name: "insert with a Float key into {}", src: `(defn main () (println (insert {} 1.5 2)))`, expected: ["E0108 1"] },
  { name: "insert with a Keyword key into {}", src: `(defn main () (println (insert {} :a 2)))`, expected: [], stdout: "{:a 2}" },
  { name: "group-by on a Float key", src: `(defn main () (println (group-by [1.5 2.5] (fn (x) x))))`, expected: ["E0108 1"] },
  { name: "group-by on an Int key", src: `(defn main () (println (group-by [1 2 3] (fn (x) (mod x 2)))))`, expected: [], stdout: "{1 [1 3], 0 [2]}" },
  { name: "from-entries of Float keys", src: `(defn main () (println (from-entries (map [1.5] (fn (x) (Entry x 1))))))`, expected: ["E0108 1"] },
  { name: "get with a Float on an Int map", src: `(defn main () (println (get {1 2} 1.5)))`, expected: ["E0101 1"] },
  // Through functions.
  { name: "a helper that makes a map, given a Float", src: `(defn mk (k) {k 1})\n(defn main () (println (mk 1.5)))`, expected: ["E0108 2"] },
  { name: "a helper that makes a map, at four key types", src: `(defn mk (k) {k 1})\n(defn main () (println (mk :a) (mk 1) (mk "s") (mk true)))`, expected: [], stdout: '{:a 1} {1 1} {"s" 1} {true 1}' },
  { name: "a helper that inserts, given a function", src: `(defn put (m k) (insert m k 1))\n(defn main () (println (count (put {} inc))))`, expected: ["E0108 2"] },
  { name: "a generic function through another, given a Float", src: `(defn pair (a b) {a b})\n(defn twice (k) (pair k k))\n(defn main () (println (twice 2.0)))`, expected: ["E0108 3"] },
  { name: "a generic function through another, given a String", src: `(defn pair (a b) {a b})\n(defn twice (k) (pair k k))\n(defn main () (println (twice "k")))`, expected: [], stdout: '{"k" "k"}' },
  { name: "mutual recursion that makes a map, given a Float", src: `(defn a1 (k n) (if (= n 0) {k 1} (b1 k (- n 1))))\n(defn b1 (k n) (a1 k n))\n(defn main () (println (a1 1.5 2)))`, expected: ["E0108 3"] },
  { name: "mutual recursion that makes a map, given an Int", src: `(defn a1 (k n) (if (= n 0) {k 1} (b1 k (- n 1))))\n(defn b1 (k n) (a1 k n))\n(defn main () (println (a1 7 2)))`, expected: [], stdout: "{7 1}" },
  { name: "a let-bound function that makes a map, given a Float", src: `(defn main () (let ((mk (fn (k) {k 1}))) (println (mk 1.5))))`, expected: ["E0108 1"] },
  { name: "a let-bound function that makes a map, given a Keyword", src: `(defn main () (let ((mk (fn (k) {k 1}))) (println (mk :z))))`, expected: [], stdout: "{:z 1}" },
  { name: "a let-bound function that makes maps, used at two key types", src: `(defn main ()\n  (let ((mk (fn (k) {k 1})))\n    (println (mk 1) (mk "a"))))`, expected: [], stdout: '{1 1} {"a" 1}' },
  { name: "a let-bound function that makes maps, used at a Keyword and a Float", src: `(defn main ()\n  (let ((mk (fn (k) {k 1})))\n    (println (mk :a)\n      (mk 2.5))))`, expected: ["E0108 4"] },
  { name: "a let-bound function that makes and shows maps, given a Float", src: `(defn main ()\n  (let ((mk (fn (k) (str {k 1}))))\n    (println (mk 1.5))))`, expected: ["E0108 2"] },
  { name: "a lambda given to map that makes Float-keyed maps", src: `(defn main () (println (map [1.5] (fn (x) {x 1}))))`, expected: ["E0108 1"] },
  { name: "a higher-order function whose callback makes the map", src: `(defn apply-to (f x) (f x))\n(defn main () (println (apply-to (fn (k) {k 1}) 1.5)))`, expected: ["E0108 2"] },
  // Sigs.
  { name: "a sig over (Map k v), given a Float", src: `(sig put (Fn ((Map k v) k v) (Map k v)))\n(defn put (m k v) (insert m k v))\n(defn main () (println (put {} 1.5 2)))`, expected: ["E0108 3"] },
  { name: "a sig over (Map k v), given an Int", src: `(sig put (Fn ((Map k v) k v) (Map k v)))\n(defn put (m k v) (insert m k v))\n(defn main () (println (put {} 1 2)))`, expected: [], stdout: "{1 2}" },
  { name: "a sig without a map that makes one of its variable", src: `(sig single (Fn (k) Int))\n(defn single (k) (count {k 1}))\n(defn main () (println (single 1)))`, expected: ["E0108 2"] },
  { name: "a sig that says (MapKey k), given a Float", src: `(sig single (Fn (k) Int) (MapKey k))\n(defn single (k) (count {k 1}))\n(defn main () (println (single 1.5)))`, expected: ["E0108 3"] },
  { name: "a sig that says (MapKey k), given a Bool", src: `(sig single (Fn (k) Int) (MapKey k))\n(defn single (k) (count {k 1}))\n(defn main () (println (single false)))`, expected: [], stdout: "1" },
  { name: "a sig naming (Map Float Int)", src: `(sig f (Fn ((Map Float Int)) Int))\n(defn f (m) (count m))\n(defn main () (println 1))`, expected: ["E0108 1"] },
  // Struct fields.
  { name: "a struct field of (Map Float Int)", src: `(defstruct R (m (Map Float Int)))\n(defn main () (println 1))`, expected: ["E0108 1"] },
  { name: "an enum variant holding (Map (Fn () Int) Int)", src: `(defenum E (Holds (Map (Fn () Int) Int)))\n(defn main () (println 1))`, expected: ["E0108 1"] },
  { name: "a generic struct field of (Map k Int) given a Float map", src: `${REG}\n(defn main () (println (count (.m (Reg {1.5 1})))))`, expected: ["E0108 2"] },
  { name: "a generic struct field of (Map k Int) given a Keyword map", src: `${REG}\n(defn main () (println (get (.m (Reg {:a 1})) :a)))`, expected: [], stdout: "(Some 1)" },
  // Classes and instances.
  { name: "an instance method that makes maps of the instance's Float", src: `(defclass (Key a) (key (Fn (a) (Map a Int))))\n(instance (Key Float) (defn key (x) {x 1}))\n(defn main () (println 1))`, expected: ["E0108 2"] },
  { name: "an instance over (Reg k) that makes a map, used at Float", src: `${MK}\n${REG}\n(instance (Mk (Reg k)) (defn mk (n) (Reg {})))\n(defn main () (println (count (.m (the (Reg Float) (mk 1))))))`, expected: ["E0108 4"] },
  { name: "an instance over (Reg k) that makes a map, used at Int", src: `${MK}\n${REG}\n(instance (Mk (Reg k)) (defn mk (n) (Reg {})))\n(defn main () (println (count (.m (the (Reg Int) (mk 1))))))`, expected: [], stdout: "0" },
  { name: "an instance method inserting into its value's map", src: `(defclass (Add a) (add1 (Fn (a) a)))\n(defstruct (Reg2 k) (m (Map k Int)) (k k))\n(instance (Add (Reg2 k)) (defn add1 (r) (Reg2 (insert (.m r) (.k r) 1) (.k r))))\n(defn main () (println (count (.m (add1 (Reg2 {:a 1} :b))))))`, expected: [], stdout: "2" },
  { name: "a class method whose instance makes maps, through a generic function", src: `(defclass (Key a) (key (Fn (a) (Map a Int))))\n(instance (Key Int) (defn key (x) {x 1}))\n(defn keyed (x) (key x))\n(defn main () (println (keyed 3)))`, expected: [], stdout: "{3 1}" },
  { name: "a user instance of MapKey", src: `(defstruct Q (x Float))\n(instance (MapKey Q))\n(defn main () 1)`, expected: ["E0107 2"] },
  // Top-level values.
  { name: "a def of a Float-keyed map", src: `(def m {1.5 1})\n(defn main () (println m))`, expected: ["E0108 1"] },
  { name: "a def of an empty map in an atom, given String keys later", src: `(def cache (atom {}))\n(defn main () (swap! cache (fn (m) (insert m "a" 1))) (println @cache))`, expected: [], stdout: '{"a" 1}' },
  { name: "a def of an empty map in an atom, given Float keys later", src: `(def cache (atom {}))\n(defn main () (swap! cache (fn (m) (insert m 1.5 1))) (println @cache))`, expected: ["E0108 1", "E0108 2"] },
];

describe("map keys (LANGUAGE.md §4)", () => {
  test.each(rows.map((r) => [r.name, r] as const))("%s", (_name, r) => {
    expect(checkSource(r.src).errors).toEqual(r.expected);
  });

  test("a map key that is not one is E0108 naming the type, the place that makes the map and what keys may be", () => {
    const r = checkSource(`(defn mk (k) {k 1})\n(defn main () (println (mk 1.5)))`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "no instance of `MapKey` for `Float`: `mk` makes a map keyed by a Float, but a map key must be an Int, a String, a Keyword, a Bool, or a struct or enum of them (LANGUAGE.md §4)",
    ]);
    const inner = checkSource(`(defstruct Q (x Int) (y Float))\n(defn main () (println {(Q 1 2.0) 1}))`);
    expect(inner.diagnostics.map((d) => d.message)).toEqual([
      "no instance of `MapKey` for `Float` (needed for `(MapKey Q)`): this map literal makes a map keyed by a Float, but a map key must be an Int, a String, a Keyword, a Bool, or a struct or enum of them (LANGUAGE.md §4)",
    ]);
  });

  test("a sig whose body makes a map of a variable it does not declare a key is told to add (MapKey k)", () => {
    const r = checkSource(`(sig single (Fn (k) Int))\n(defn single (k) (count {k 1}))`);
    expect(r.diagnostics.map((d) => [d.code, d.help])).toEqual([["E0108", "add the constraint to the sig: (MapKey k)"]]);
  });

  test("MapKey is never a dictionary: a generic map maker has no dictionary parameter", () => {
    const r = checkSource(`(defn mk (k) {k 1})\n(defn main () (println (mk 1)))`);
    const mk = r.program!.modules[0]!.values.find((v) => v.name === "mk")!;
    expect(mk.kind === "fn" && mk.dictParams).toEqual([]);
  });

  test.skipIf(!weftBuilt())("every accepted row runs under `weft run` and prints what the table says", () => {
    const accepted = rows.filter((r) => r.expected.length === 0);
    expect(runEach(accepted)).toEqual(accepted.map((r) => `${r.name}: 0 ${r.stdout}`));
  }, 120_000);
});
