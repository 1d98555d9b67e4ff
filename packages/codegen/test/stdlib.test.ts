import { describe, expect, test } from "vitest";
import { runInNode, runtimesBuilt, testPrograms } from "./run.js";

/**
 * The standard library of LANGUAGE.md §4.1, compiled and run: every function, its edge cases,
 * and each higher-order one in both colours (a callback that suspends gets the `…Async` runtime
 * function; a wrong colour prints a Promise). [what it shows, main.weft, exact stdout].
 */
const numbers: [string, string, string][] = [
  ["inc and dec on Int wrap, and work on Float", `(defn main () (println (inc 41) (dec 0) (inc 2147483647) (inc 1.5) (dec 0.5)))`, "42 -1 -2147483648 2.5 -0.5\n"],
  ["inc works as a function value", `(defn main () (println (map [1 2] inc)))`, "[2 3]\n"],
  ["min and max take two or more values of any Ord type", `(defn main () (println (min 4 2 8) (max 1 9 3 7) (min 2.5 0.5) (max "ant" "bee") (min :b :a)))`, '2 9 0.5 bee :a\n'],
  ["clamp limits a value to a range", `(defn main () (println (clamp 1.5 0.0 1.0) (clamp -3 0 10) (clamp 5 0 10) (clamp "m" "a" "k")))`, "1.0 0 5 k\n"],
  ["round goes half away from zero and ceil up", `(defn main () (println (round 2.5) (round -2.5) (round 2.4) (ceil 2.1) (ceil -2.1)))`, "3.0 -3.0 2.0 3.0 -2.0\n"],
  ["pow exp log tan and the inverse functions", `(defn main () (println (pow 2.0 10.0) (exp 0.0) (log 1.0) (tan 0.0) (asin 1.0) (acos 1.0) (atan 0.0)))`, "1024.0 1.0 0.0 0.0 1.5707963267948966 0.0 0.0\n"],
  ["atan2 takes y then x, hypot a vector's length, pi a Float", `(defn main () (println (atan2 1.0 1.0) (hypot 3.0 4.0) pi (* 2.0 pi)))`, "0.7853981633974483 5.0 3.141592653589793 6.283185307179586\n"],
  ["bit operations work on 32-bit Ints", `(defn main () (println (bit-and 6 3) (bit-or 5 2) (bit-xor 7 2) (bit-not 0) (bit-shift-left 1 31) (bit-shift-right -16 2) (bit-shift-left 1 33)))`, "2 7 5 -1 -2147483648 -4 2\n"],
  ["sum adds Ints with wrapping and Floats, zero for none", `(defn main () (println (sum [1 2 3]) (sum [2147483647 1]) (sum [0.5 0.25]) (sum (the (Vec Int) [])) (sum (the (Vec Float) []))))`, "6 -2147483648 0.75 0 0.0\n"],
  ["a generic function over Num uses inc and sum through the dictionary", `(sig total-plus-one (Fn ((Vec a)) a) (Num a))\n(defn total-plus-one (xs) (inc (sum xs)))\n(defn main () (println (total-plus-one [1 2]) (total-plus-one [0.5])))`, "4 1.5\n"],
];

const random: [string, string, string][] = [
  ["seed-random! makes the sequence repeat, random stays in [0, 1), random-int in [0, n)", `(defn draw () (seed-random! 2026) [(random-int 100) (random-int 100) (random-int 6)])
(defn main ()
  (println (= (draw) (draw)))
  (seed-random! 1)
  (println (all? (map (range 1000) (fn (_) (random))) (fn (x) (and (>= x 0.0) (< x 1.0)))))
  (println (all? (map (range 1000) (fn (_) (random-int 3))) (fn (x) (and (>= x 0) (< x 3))))))`, "true\ntrue\ntrue\n"],
  ["the same seed gives the same numbers on every platform", `(defn main () (seed-random! 42) (println (random-int 1000000) (random-int 1000000) (random-int 1000000)))`, "322924 945897 756282\n"],
  ["random-int with a bound of zero raises", `(defn main () (println (try (show (random-int 0)) (catch e (error-message e)))))`, "random-int needs a positive bound, got 0\n"],
  ["now-ms is a monotonic clock", `(defn main () (let ((a (now-ms)) (b (now-ms))) (println (>= b a) (> a 0.0))))`, "true true\n"],
];

const strings: [string, string, string][] = [
  ["subs takes UTF-16 indices and raises out of range", `(defn main () (println (subs "inventory" 2 5) (subs "abc" 3 3) (try (subs "abc" 2 9) (catch e (error-message e)))))`, "ven  subs range 2..9 out of bounds for a string of length 3\n"],
  ["split keeps empty pieces and splits into characters on an empty separator", `(defn main () (println (split "a,,b" ",") (split "hé" "") (split "" ",")))`, '["a" "" "b"] ["h" "é"] [""]\n'],
  ["join shows its elements as str does", `(defn main () (println (join ["a" "b"] ", ") (join [1 2 3] "-") (join (the (Vec String) []) ",")))`, "a, b 1-2-3 \n"],
  ["index-of includes? starts-with? ends-with?", `(defn main () (println (index-of "abcabc" "c") (index-of "abc" "z") (includes? "sword" "or") (starts-with? "sprite" "spr") (ends-with? "a.png" ".jpg")))`, "(Some 2) None true true false\n"],
  ["upper-case lower-case and trim", `(defn main () (println (upper-case "Orc") (lower-case "ORC") (str "[" (trim "  hp \\n") "]")))`, "ORC orc [hp]\n"],
  ["replace replaces every occurrence", `(defn main () (println (replace "a-b-c" "-" "+") (replace "aaa" "aa" "b") (replace "abc" "" "x")))`, "a+b+c ba abc\n"],
  ["repeat-str and padding", `(defn main () (println (repeat-str "ab" 3) (str "[" (repeat-str "x" -1) "]") (pad-left "7" 3 "0") (pad-right "hp" 5 ".") (pad-left "long" 2 " ")))`, "ababab [] 007 hp... long\n"],
  ["parse-int accepts a sign and digits in range, nothing else", `(defn main () (println (parse-int "42") (parse-int "-7") (parse-int "+3") (parse-int "2147483648") (parse-int " 1") (parse-int "1.0") (parse-int "")))`, "(Some 42) (Some -7) (Some 3) None None None None\n"],
  ["parse-float accepts decimals, exponents and what show prints", `(defn main () (println (parse-float "2.5") (parse-float "-1e3") (parse-float ".5") (parse-float "Infinity") (parse-float "abc") (parse-float "1.5x")))`, "(Some 2.5) (Some -1000.0) (Some 0.5) (Some Infinity) None None\n"],
  ["format-float rounds to fixed digits", `(defn main () (println (format-float 3.14159 2) (format-float 2.0 3) (format-float 2.5 0) (format-float -0.001 2) (try (format-float 1.0 101) (catch e (error-message e)))))`, "3.14 2.000 3 -0.00 format-float takes 0 to 100 digits, got 101\n"],
];

const vectors: [string, string, string][] = [
  ["first last and rest, empty-safe", `(defn main () (println (first [7 8]) (last [7 8]) (first (the (Vec Int) [])) (rest [1 2 3]) (rest (the (Vec Int) []))))`, "(Some 7) (Some 8) None [2 3] []\n"],
  ["reverse concat take drop slice clamp to the vector", `(defn main () (println (reverse [1 2 3]) (concat [1] [2 3]) (take [1 2 3] 2) (take [1 2] 5) (drop [1 2 3] 1) (drop [1] -1) (slice [1 2 3 4] 1 3) (slice [1 2 3] 2 99) (slice [1 2 3] 2 1)))`, "[3 2 1] [1 2 3] [1 2] [1 2] [2 3] [1] [2 3] [3] []\n"],
  ["repeat and empty? on vectors, maps, strings and MutVecs", `(defn main () (let ((mv (mut-vec))) (println (repeat 3 :x) (repeat 0 1) (empty? []) (empty? [1]) (empty? {}) (empty? "") (empty? mv))))`, "[:x :x :x] [] true false true true true\n"],
  ["any? all? find and index-where stop at the first answer", `(defn main () (let ((xs [1 5 2 7])) (println (any? xs (fn (x) (> x 6))) (all? xs (fn (x) (> x 0))) (find xs (fn (x) (> x 4))) (index-where xs (fn (x) (> x 4))) (find xs (fn (x) (> x 9))) (all? (the (Vec Int) []) (fn (x) false)))))`, "true true (Some 5) (Some 1) None true\n"],
  ["map-indexed calls f with the index first", `(defn main () (println (map-indexed ["a" "b"] (fn (i s) (str i s)))))`, '["0a" "1b"]\n'],
  ["sort orders by Ord and is stable; sort-by calls the key once per element", `(defstruct Item (name String) (weight Int))
(defn main ()
  (let ((mut calls 0) (items [(Item "c" 2) (Item "a" 1) (Item "b" 2)]))
    (println (sort [3 1 2]) (sort ["b" "a"]) (sort [2.5 -1.0]))
    (println (map (sort-by items (fn (i) (set! calls (+ calls 1)) (.weight i))) (fn (i) (.name i))) calls)))`, '[1 2 3] ["a" "b"] [-1.0 2.5]\n["a" "c" "b"] 3\n'],
  ["group-by keeps first-appearance order of keys and of each group", `(defstruct P (team Keyword) (n Int))
(defn main () (println (group-by [1 2 3 4 5] (fn (x) (mod x 2)))) (println (group-by [(P :red 1) (P :blue 2) (P :red 3)] (fn (p) (.team p)))))`, "{1 [1 3 5], 0 [2 4]}\n{:red [(P :red 1) (P :red 3)], :blue [(P :blue 2)]}\n"],
  ["dedupe removes elements equal to an earlier one", `(defn main () (println (dedupe [1 2 1 3 2]) (dedupe [(Some 1) None (Some 1)])))`, "[1 2 3] [(Some 1) None]\n"],
  ["pop! removes the last element of a MutVec and count counts it", `(defn main () (let ((mv (mut-vec))) (push! mv 1) (push! mv 2) (println (pop! mv) (count mv) (pop! mv) (pop! mv) (count mv))))`, "(Some 2) 1 (Some 1) None 0\n"],
];

const maps: [string, string, string][] = [
  ["contains? get-or and update", `(defn main () (let ((m {:hp 10})) (println (contains? m :hp) (contains? m :mp) (get-or m :mp 0) (update m :hp inc) (update m :mp inc))))`, "true false 0 {:hp 11} {:hp 10}\n"],
  ["entries have .key and .val, and from-entries rebuilds the map", `(defn main () (let ((es (entries {:a 1 :b 2}))) (println es (map es (fn (e) (.key e))) (map es (fn (e) (.val e))) (from-entries (reverse es)) (from-entries [(Entry "x" 1) (Entry "x" 2)]))))`, '[(Entry :a 1) (Entry :b 2)] [:a :b] [1 2] {:b 2, :a 1} {"x" 2}\n'],
  ["entries compare by value and print inside structures", `(defstruct Row (e (Entry String Int)))
(defn main () (println (= (Entry :a 1) (Entry :a 1)) (= (Entry :a 1) (Entry :a 2)) (Row (Entry "k" 3))))`, 'true false (Row (Entry "k" 3))\n'],
  ["with updates an entry, and Entry is a function value", `(defn main () (let ((e (Entry :a 1))) (println (with e :val 5) e (map-indexed [:x :y] Entry))))`, "(Entry :a 5) (Entry :a 1) [(Entry 0 :x) (Entry 1 :y)]\n"],
  ["map-vals keeps keys and order; merge lets the second map win", `(defn main () (println (map-vals {:a 1 :b 2} (fn (v) (* v 10))) (merge {:a 1 :b 1} {:b 2 :c 3})))`, "{:a 10, :b 20} {:a 1, :b 2, :c 3}\n"],
];

const syntax: [string, string, string][] = [
  ["-> threads a value as the first argument of each step", `(defstruct V (x Int))
(defn main () (println (-> [1 2 3] (map inc) (filter (fn (x) (> x 2))) sum)) (println (-> (V 4) .x (+ 1))) (println (-> 5)))`, "7\n5\n5\n"],
  ["dotimes runs its body n times with the counter and evaluates n once", `(defn main () (let ((mut total 0) (mut evals 0)) (dotimes (i (do (set! evals (+ evals 1)) 4)) (set! total (+ total i))) (dotimes (i 0) (println "never")) (println total evals)))`, "6 1\n"],
  ["closures made in dotimes each keep their own counter", `(defn main () (let ((fs (mut-vec))) (dotimes (i 3) (push! fs (fn () i))) (println (map (freeze fs) (fn (f) (f))))))`, "[0 1 2]\n"],
  ["when-let runs its body only for Some and nests several bindings", `(defn main () (when-let ((x (first [7]))) (println "got" x)) (when-let ((x (first (the (Vec Int) [])))) (println "never")) (when-let ((a (Some 1)) (b (Some 2))) (println (+ a b))) (when-let ((a (Some 1)) (b (the (Option Int) None))) (println "never")))`, "got 7\n3\n"],
  ["if-let picks then for Some and else for None", `(defn label (o) (if-let ((n o)) (str "n=" n) "none"))
(defn main () (println (label (Some 3)) (label None)))`, "n=3 none\n"],
];

const SLOW = "(defn slow-pos? (x) (sleep 1) (> x 0))\n(defn slow-key (x) (yield) (- x))\n";
const colours: [string, string, string][] = [
  ["any? all? find index-where await a callback that suspends", `${SLOW}(defn main () (println (any? [-1 2] slow-pos?) (all? [-1 2] slow-pos?) (find [-1 2] slow-pos?) (index-where [-1 2] slow-pos?)))`, "true false (Some 2) (Some 1)\n"],
  ["sort-by group-by and map-indexed await a callback that suspends", `${SLOW}(defn main () (println (sort-by [1 3 2] slow-key) (group-by [1 -1 2] slow-pos?) (map-indexed [5] (fn (i x) (yield) (+ i x)))))`, "[3 2 1] {true [1 2], false [-1]} [5]\n"],
  ["update and map-vals await a callback that suspends", `${SLOW}(defn main () (println (update {:a 1} :a slow-key) (map-vals {:a 1 :b 2} slow-key)))`, "{:a -1} {:a -1, :b -2}\n"],
];

describe("numbers", () => testPrograms(numbers));
describe("random numbers and the clock", () => testPrograms(random));
describe("strings", () => testPrograms(strings));
describe("vectors", () => testPrograms(vectors));
describe("maps and entries", () => testPrograms(maps));
describe("syntax: ->, dotimes, when-let, if-let", () => testPrograms(syntax));
describe("higher-order functions in the suspending colour", () => testPrograms(colours));

describe.skipIf(!runtimesBuilt())("random numbers on worker threads (built runtimes)", () => {
  const program = `(defn draw () [(random-int 1000000) (random-int 1000000)])
(defn main ()
  (seed-random! 7)
  (let ((t (with-tasks (await (spawn-thread (draw))))))
    (println t (= t (draw)) (= t (with-tasks (await (spawn-thread (draw))))))
    (println (count (dedupe (par-map (range 4) (fn (_) (random-int 1000000))))))))`;
  test("a seeded main thread gives its spawned threads the same seeds on every run, and a thread's sequence is its own", () => {
    const a = runInNode({ "main.weft": program });
    const b = runInNode({ "main.weft": program });
    expect(a.stderr).toBe("");
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split("\n")[0]).toMatch(/^\[\d+ \d+\] false false$/);
  });
  test("entries cross to the worker pool and back", () => {
    const got = runInNode({ "main.weft": `(defn main () (println (par-map (entries {:a 1 :b 2}) (fn (e) (Entry (.val e) (.key e))))))` });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("[(Entry 1 :a) (Entry 2 :b)]\n");
  });

  test("threads spawned one after another draw different seeds", () => {
    const got = runInNode({ "main.weft": `(defn main () (seed-random! 1) (println (with-tasks (let ((a (spawn-thread (random-int 1000000))) (b (spawn-thread (random-int 1000000)))) (not= (await a) (await b))))))` });
    expect(got.stderr).toBe("");
    expect(got.stdout).toBe("true\n");
  });
});
