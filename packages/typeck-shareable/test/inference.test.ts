import { describe, expect, test } from "vitest";
import { typesOf } from "./helpers.js";

describe("inferred top-level types", () => {
  test.each([
    ["the identity function is generic", `(defn id (x) x)`, "id", "(Fn (a) a)"],
    ["arithmetic on parameters asks for Num", `(defn add (a b) (+ a b))`, "add", "(Fn (a a) a) (Num a)"],
    ["a literal fixes the numeric type", `(defn inc (n) (+ n 1))`, "inc", "(Fn (Int) Int)"],
    ["comparison asks for Ord", `(defn smaller (a b) (if (< a b) a b))`, "smaller", "(Fn (a a) a) (Ord a)"],
    ["equality asks for Eq", `(defn same (a b) (= a b))`, "same", "(Fn (a a) Bool) (Eq a)"],
    ["printing asks for Show", `(defn say (x) (println "x =" x))`, "say", "(Fn (a) ()) (Show a)"],
    ["a sig with a constraint is kept as written", `(sig total (Fn ((Vec a)) a) (Num a))\n(defn total (xs) (reduce xs (- (nth xs 0) (nth xs 0)) +))`, "total", "(Fn ((Vec a)) a) (Num a)"],
    ["a closure-returning function is generic in its number type", `(defn make-adder (n) (fn (x) (+ x n)))`, "make-adder", "(Fn (a) (Fn (a) a)) (Num a)"],
    ["count works on any collection through an internal class", `(defn size (c) (count c))`, "size", "(Fn (a) Int) (Count a)"],
    ["nth defaults to a Vec", `(defn first (xs) (nth xs 0))`, "first", "(Fn ((Vec a)) a)"],
    ["map and filter keep the collection first", `(defn evens (xs) (filter xs (fn (x) (= (mod x 2) 0))))`, "evens", "(Fn ((Vec Int)) (Vec Int))"],
    ["a field access picks the one struct with that field", `(defstruct Vec2 (x Float) (y Float))\n(defn len2 (v) (+ (* (.x v) (.x v)) (* (.y v) (.y v))))`, "len2", "(Fn (Vec2) Float)"],
    ["a generic enum is inferred from its constructors", `(defenum (Tree a) Leaf (Node (Tree a) a (Tree a)))\n(defn size (t) (match t (Leaf 0) ((Node l _ r) (+ 1 (+ (size l) (size r))))))`, "size", "(Fn ((Tree a)) Int)"],
    ["Option values come from Some and None", `(defn half (n) (if (= (mod n 2) 0) (Some (/ n 2)) None))`, "half", "(Fn (Int) (Option Int))"],
    ["fail has any type", `(defn boom () (fail "no"))`, "boom", "(Fn () a)"],
    ["mutually recursive functions are inferred together", `(defn ev (n) (if (= n 0) true (od (- n 1))))\n(defn od (n) (if (= n 0) false (ev (- n 1))))`, "od", "(Fn (Int) Bool)"],
    ["a typed parameter fixes its type", `(defn scale ((x Float) k) (* x k))`, "scale", "(Fn (Float Float) Float)"],
    ["the annotates an expression", `(defn empty () (the (Vec String) []))`, "empty", "(Fn () (Vec String))"],
    ["a def is typed by its value", `(def gravity -9.8)`, "gravity", "Float"],
    ["maps are typed by keys and values", `(defn lookup (m) (get m :hp))`, "lookup", "(Fn ((Map Keyword a)) (Option a))"],
    ["a mut-vec is frozen into a Vec", `(defn squares (n) (let ((mv (mut-vec))) (for-each (range n) (fn (k) (push! mv (* k k)))) (freeze mv)))`, "squares", "(Fn (Int) (Vec Int))"],
    ["a closure may return what it counts", `(defn counter () (let ((mut n 0)) (fn () (set! n (+ n 1)) n)))`, "counter", "(Fn () (LocalFn () Int))"],
    ["a user class method asks for its class", `(defclass (Describe a) (describe (Fn (a) String)))\n(defn all (xs) (map xs describe))`, "all", "(Fn ((Vec a)) (Vec String)) (Describe a)"],
    ["arenas hand out MutVecs", `(defn total () (with-arena (a) (let ((v (arena-vec a 4 1.5))) (nth v 0))))`, "total", "(Fn () Float)"],
  ])("%s", (_name, src, name, expected) => {
    expect(typesOf(src)[name]).toBe(expected);
  });
});

describe("let-polymorphism", () => {
  test.each([
    ["a let-bound lambda is used at two types", `(defn main () (let ((f (fn (x) x))) (println (f 1) (f "s"))))`],
    ["an unused numeric closure defaults to Int even when equality is asked first", `(defn main () (let ((f (fn (a b) (if (= a b) (+ a b) a)))) 1))`],
    ["an empty vector prints with a defaulted element type", `(defn main () (println []))`],
    ["a constructor value is generalised", `(defn main () (let ((n None)) (println (= n (Some 1)) (= n (Some "a")))))`],
  ])("%s", (_name, src) => {
    expect(Object.keys(typesOf(src))).toContain("main");
  });
});

describe("sig variables keep their names", () => {
  test("a sig written with b prints with b", () => {
    expect(typesOf(`(sig keep (Fn (b) b))\n(defn keep (x) x)`)["keep"]).toBe("(Fn (b) b)");
  });
});
