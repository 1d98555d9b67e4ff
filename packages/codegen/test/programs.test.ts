import { describe, expect, test } from "vitest";
import { run, testPrograms } from "./run.js";

/** Small whole programs, compiled and run: [what they show, source of main.weft, exact stdout]. */
const cases: [string, string, string][] = [
  [
    "nested patterns, literal patterns and a wildcard pick the right arm",
    `(defn kind (o) (match o ((Some 0) "zero") ((Some n) (str "some " n)) (None "none")))
     (defn word (s) (match s ("a" 1) ("b" 2) (_ 0)))
     (defn main () (println (kind (Some 0)) (kind (Some 5)) (kind None) (word "b") (word "z")))`,
    "zero some 5 none 2 0\n",
  ],
  [
    "strings nested in structures print quoted with escapes, bare when alone",
    `(defstruct Name (n String))
     (defn main () (println (Name "a\\"b") ["y\\n"] "bare") (println (show "q") (str "s" 1 2.0 :k)))`,
    '(Name "a\\"b") ["y\\n"] bare\n"q" s12.0:k\n',
  ],
  [
    "maps keep insertion order and compare struct keys by value",
    `(defstruct P (x Int) (y Int))
     (defn main ()
       (let ((m (insert (insert {} (P 1 2) "a") (P 1 2) "b")))
         (println (count m) (get m (P 1 2)) (vals (insert {:a 1 :b 2} :a 3)) (keys {:x 1 :y 2}))))`,
    '1 (Some "b") [3 2] [:x :y]\n',
  ],
  [
    "a generic function with a Num constraint works on Int and Float",
    `(sig twice (Fn (a) a) (Num a))
     (defn twice (x) (+ x x))
     (defn main () (println (twice 21) (twice 1.5) (twice 2147483647)))`,
    "42 3.0 -2\n",
  ],
  [
    "a program's Show instance with a context dictionary prints nested values",
    `(defenum (Box a) (Box a))
     (instance (Show (Box a)) (defn show (b) (match b ((Box x) (str "<" (show x) ">")))))
     (defn main () (println (Box 1) (Box "s") [(Box 2.0)]))`,
    '<1> <"s"> [<2.0>]\n',
  ],
  [
    "loops, cond and try compose in expression position",
    `(defn classify (n) (cond ((< n 0) "neg") ((= n 0) "zero") (else "pos")))
     (defn main ()
       (println (+ 1 (loop ((i 0) (acc 0)) (if (= i 4) acc (recur (+ i 1) (+ acc i)))))
                (classify -3) (classify 0) (classify 9)
                (try (nth [1 2] 5) (catch e (count (error-message e))))))`,
    "7 neg zero pos 42\n",
  ],
  [
    "a while loop whose condition needs statements still re-evaluates it each time",
    `(defn main ()
       (let ((mut i 0))
         (while (let ((j (+ i 1))) (< j 4)) (set! i (+ i 1)))
         (println i)))`,
    "3\n",
  ],
  [
    "closures capture values, not variables, unless the binding is mut",
    `(defn main ()
       (let ((fs (map (range 3) (fn (i) (fn () (* i 10)))))
             (mut n 1)
             (get-n (fn () n)))
         (set! n 2)
         (println (map fs (fn (f) (f))) (get-n))))`,
    "[0 10 20] 2\n",
  ],
  [
    "with, field access and derived equality on enums",
    `(defstruct V (x Float) (y Float))
     (defenum Shape (Circle V Float) Dot)
     (defn main ()
       (let ((v (V 1.0 2.0)))
         (println (with v :y 0.5 :x 3.0) (= (Circle v 1.0) (Circle (V 1.0 2.0) 1.0)) (= Dot (Circle v 1.0)) (not= Dot Dot))))`,
    "(V 3.0 0.5) true false false\n",
  ],
  [
    "Int division and mod follow the spec at the edges",
    `(defn main () (println (/ -2147483648 -1) (mod -7 3) (mod 7 -3) (- 5) (abs -4) (min 2 3) (max 2.5 1.0) (floor 2.7) (int -2.5)))`,
    "-2147483648 2 -2 -5 4 2 2.5 2.0 -2\n",
  ],
  [
    "Float printing follows LANGUAGE.md §3",
    `(defn main () (println 1.0 0.1 0.000001 1e+21 -0.0 2.5e3 (/ 0.0 0.0) (/ 1.0 0.0)))`,
    "1.0 0.1 0.000001 1e+21 0.0 2500.0 NaN Infinity\n",
  ],
  [
    "MutVec push!, set-nth!, nth and freeze",
    `(defn main () (let ((mv (mut-vec))) (push! mv 1) (push! mv 2) (set-nth! mv 0 9) (println (nth mv 0) (count mv) (freeze mv))))`,
    "9 2 [9 2]\n",
  ],
  [
    "print writes without a newline and println with no arguments ends the line",
    `(defn main () (print "a" 1) (print "") (println) (println () true))`,
    "a 1\n() true\n",
  ],
  [
    "an argument read before a later argument's set! keeps the value it had",
    `(defn main () (let ((mut i 0)) (println i (do (set! i 5) i) i)))`,
    "0 5 5\n",
  ],
  [
    "a lambda recurs to itself and captures a dictionary of its generic function",
    `(sig sum-all (Fn ((Vec a)) a) (Num a))
     (defn sum-all (xs) (reduce xs (- (nth xs 0) (nth xs 0)) (fn (acc x) (+ acc x))))
     (defn main ()
       (let ((count-down (fn (n acc) (if (= n 0) acc (recur (- n 1) (+ acc 1))))))
         (println (count-down 100000 0) (sum-all [1 2 3]) (sum-all [0.5 0.25]))))`,
    "100000 6 0.75\n",
  ],
  [
    "a program's Eq and Ord instances drive =, <, >, <=, >=, min and max",
    `(defstruct Hp (v Int))
     (instance (Eq Hp) (defn = (a b) (= (.v a) (.v b))))
     (instance (Ord Hp) (defn < (a b) (< (.v a) (.v b))))
     (defn main ()
       (let ((a (Hp 1)) (b (Hp 2)))
         (println (= a (Hp 1)) (< a b) (> a b) (<= a a) (>= a b) (.v (min b a)) (.v (max a b)))))`,
    "true true false true false 1 2\n",
  ],
  [
    "def and defonce values are computed once, in order, and usable from functions",
    `(def gravity -9.8)
     (def scaled (let ((g gravity)) (* g 2.0)))
     (defonce high-score (atom 3))
     (defn main () (println gravity scaled @high-score))`,
    "-9.8 -19.6 3\n",
  ],
];

describe("whole programs", () => {
  testPrograms(cases);

  test("a function imported from another module is called through that module's table", async () => {
    const got = await run(
      {
        "main.weft": `(import "math.weft" vec+ origin V) (defn main () (println (vec+ origin (V 1.0 2.0))))`,
        "math.weft": `(defstruct V (x Float) (y Float)) (def origin (V 0.5 0.5)) (defn vec+ (a b) (V (+ (.x a) (.x b)) (+ (.y a) (.y b))))`,
      },
      "main.weft",
    );
    expect(got.error).toBeUndefined();
    expect(got.stdout).toBe("(V 1.5 2.5)\n");
    const main = got.modules.find((m) => m.path === "main.weft")!;
    expect(main.js).toMatch(/\$m\d+\.\$fn\.vec\$plus\(/);
    expect(main.js).toContain('from "./math.js"');
  });

  test("an uncaught fail raises a WeftError with its message after earlier output", async () => {
    const got = await run({ "main.weft": `(defn main () (println "before") (fail "boss not found") (println "after"))` });
    expect(got.stdout).toBe("before\n");
    expect((got.error as Error).message).toBe("boss not found");
  });
});
