import type { TypeInfo } from "./Env.js";
import { freshVar, GENERIC } from "./Ty.js";

/**
 * The standard library of LANGUAGE.md §4.1: the one table that types each function (the checker
 * merges it into `BUILTINS`) and documents it (`weft explain NAME` and docs/stdlib.md are
 * generated from it). `type` is a Weft type with lowercase variables; `constraints` are classes
 * on them; `callback` marks a higher-order function whose last argument it calls, so the call
 * suspends exactly when that function does.
 */
export interface StdlibEntry {
  readonly name: string;
  readonly group: "Numbers" | "Random numbers and time" | "Strings" | "Vectors" | "Maps";
  readonly type: string;
  readonly constraints?: readonly (readonly [string, string])[];
  /** `min`/`max`: any number (≥ 2) of arguments of the one type. */
  readonly variadic?: boolean;
  readonly callback?: boolean;
  readonly doc: string;
  readonly example: string;
}

const num = [["Num", "a"]] as const;
const ord = [["Ord", "a"]] as const;

const entry = (group: StdlibEntry["group"]) =>
  (name: string, type: string, doc: string, example: string, more: Partial<StdlibEntry> = {}): StdlibEntry => ({ name, group, type, doc, example, ...more });
const n = entry("Numbers");
const r = entry("Random numbers and time");
const s = entry("Strings");
const v = entry("Vectors");
const m = entry("Maps");

export const STDLIB: readonly StdlibEntry[] = [
  n("inc", "(Fn (a) a)", "x + 1 (Int wraps).", "(inc 41) ; 42", { constraints: num }),
  n("dec", "(Fn (a) a)", "x - 1 (Int wraps).", "(dec 1) ; 0", { constraints: num }),
  n("min", "(Fn (a a) a)", "The least of two or more values (the first of equals).", "(min 4 2 8) ; 2", { constraints: ord, variadic: true }),
  n("max", "(Fn (a a) a)", "The greatest of two or more values (the first of equals).", "(max 1.5 0.5) ; 1.5", { constraints: ord, variadic: true }),
  n("clamp", "(Fn (a a a) a)", "x limited to [lo, hi].", "(clamp 1.5 0.0 1.0) ; 1.0", { constraints: ord }),
  n("round", "(Fn (Float) Float)", "The nearest integer; halves go away from zero.", "(round 2.5) ; 3.0"),
  n("ceil", "(Fn (Float) Float)", "The least integer not below x.", "(ceil 2.1) ; 3.0"),
  n("pow", "(Fn (Float Float) Float)", "x to the power y.", "(pow 2.0 10.0) ; 1024.0"),
  n("exp", "(Fn (Float) Float)", "e to the power x.", "(exp 0.0) ; 1.0"),
  n("log", "(Fn (Float) Float)", "The natural logarithm (NaN below 0, -Infinity at 0).", "(log 1.0) ; 0.0"),
  n("tan", "(Fn (Float) Float)", "Tangent of an angle in radians.", "(tan 0.0) ; 0.0"),
  n("asin", "(Fn (Float) Float)", "Arc sine, in radians.", "(asin 1.0) ; 1.5707963267948966"),
  n("acos", "(Fn (Float) Float)", "Arc cosine, in radians.", "(acos 1.0) ; 0.0"),
  n("atan", "(Fn (Float) Float)", "Arc tangent, in radians.", "(atan 0.0) ; 0.0"),
  n("atan2", "(Fn (Float Float) Float)", "The angle of the point (x, y), called (atan2 y x), in radians.", "(atan2 1.0 1.0) ; 0.7853981633974483"),
  n("hypot", "(Fn (Float Float) Float)", "The length of the vector (x, y).", "(hypot 3.0 4.0) ; 5.0"),
  n("pi", "Float", "The ratio of a circle's circumference to its diameter.", "(* 2.0 pi)"),
  n("bit-and", "(Fn (Int Int) Int)", "Bitwise and of two Ints.", "(bit-and 6 3) ; 2"),
  n("bit-or", "(Fn (Int Int) Int)", "Bitwise or.", "(bit-or 5 2) ; 7"),
  n("bit-xor", "(Fn (Int Int) Int)", "Bitwise exclusive or.", "(bit-xor 7 2) ; 5"),
  n("bit-not", "(Fn (Int) Int)", "Bitwise complement.", "(bit-not 0) ; -1"),
  n("bit-shift-left", "(Fn (Int Int) Int)", "Shifts left by n mod 32 bits (wraps).", "(bit-shift-left 1 4) ; 16"),
  n("bit-shift-right", "(Fn (Int Int) Int)", "Arithmetic shift right by n mod 32 bits (keeps the sign).", "(bit-shift-right -16 2) ; -4"),
  r("random", "(Fn () Float)", "A Float in [0, 1) from this thread's generator (xoshiro128**).", "(random)"),
  r("random-int", "(Fn (Int) Int)", "An Int in [0, n) from this thread's generator; n <= 0 raises.", "(random-int 6)"),
  r("seed-random!", "(Fn (Int) ())", "Seeds this thread's generator: the same seed gives the same sequence on every platform. Workers are seeded from the main thread's generator when they start.", "(seed-random! 42)"),
  r("now-ms", "(Fn () Float)", "A monotonic clock in milliseconds, for frame timing.", "(now-ms)"),
  s("subs", "(Fn (String Int Int) String)", "The text from start to end (UTF-16 indices); raises unless 0 <= start <= end <= length.", '(subs "inventory" 2 5) ; "ven"'),
  s("split", "(Fn (String String) (Vec String))", "The pieces between separators (an empty separator splits into characters).", '(split "x=1;y=2" ";") ; ["x=1" "y=2"]'),
  s("join", "(Fn ((Vec a) String) String)", "The elements as `str` shows them, with sep between.", '(join ["a" "b"] ", ") ; "a, b"', { constraints: [["Show", "a"]] }),
  s("index-of", "(Fn (String String) (Option Int))", "Where sub first occurs.", '(index-of "abc" "c") ; (Some 2)'),
  s("includes?", "(Fn (String String) Bool)", "Whether sub occurs in s.", '(includes? "sword" "or") ; true'),
  s("starts-with?", "(Fn (String String) Bool)", "Whether s starts with p.", '(starts-with? "sprite.png" "spr") ; true'),
  s("ends-with?", "(Fn (String String) Bool)", "Whether s ends with p.", '(ends-with? "sprite.png" ".png") ; true'),
  s("upper-case", "(Fn (String) String)", "s in upper case.", '(upper-case "Orc") ; "ORC"'),
  s("lower-case", "(Fn (String) String)", "s in lower case.", '(lower-case "ORC") ; "orc"'),
  s("trim", "(Fn (String) String)", "s without leading and trailing whitespace.", '(trim "  hp ") ; "hp"'),
  s("replace", "(Fn (String String String) String)", "s with every occurrence of from replaced by to.", '(replace "a-b-c" "-" "+") ; "a+b+c"'),
  s("repeat-str", "(Fn (String Int) String)", "s repeated n times (empty when n <= 0).", '(repeat-str "ab" 3) ; "ababab"'),
  s("pad-left", "(Fn (String Int String) String)", "s with fill repeated on the left up to length n.", '(pad-left "7" 3 "0") ; "007"'),
  s("pad-right", "(Fn (String Int String) String)", "s with fill repeated on the right up to length n.", '(pad-right "hp" 5 ".") ; "hp..."'),
  s("parse-int", "(Fn (String) (Option Int))", "An optional sign and decimal digits in the Int range, else None.", '(parse-int "-12") ; (Some -12)'),
  s("parse-float", "(Fn (String) (Option Float))", "A decimal number with an optional exponent (or NaN, Infinity), else None.", '(parse-float "2.5") ; (Some 2.5)'),
  s("format-float", "(Fn (Float Int) String)", "Fixed-point text with 0 to 100 decimals (others raise), never exponent notation, however large.", '(format-float 3.14159 2) ; "3.14"'),
  v("first", "(Fn ((Vec a)) (Option a))", "The first element.", "(first [7 8]) ; (Some 7)"),
  v("last", "(Fn ((Vec a)) (Option a))", "The last element.", "(last [7 8]) ; (Some 8)"),
  v("rest", "(Fn ((Vec a)) (Vec a))", "All but the first element.", "(rest [1 2 3]) ; [2 3]"),
  v("reverse", "(Fn ((Vec a)) (Vec a))", "The elements in reverse order.", "(reverse [1 2 3]) ; [3 2 1]"),
  v("concat", "(Fn ((Vec a) (Vec a)) (Vec a))", "xs followed by ys.", "(concat [1 2] [3]) ; [1 2 3]"),
  v("take", "(Fn ((Vec a) Int) (Vec a))", "The first n elements (fewer if there are fewer).", "(take [1 2 3] 2) ; [1 2]"),
  v("drop", "(Fn ((Vec a) Int) (Vec a))", "All but the first n elements.", "(drop [1 2 3] 1) ; [2 3]"),
  v("slice", "(Fn ((Vec a) Int Int) (Vec a))", "Elements a (inclusive) to b (exclusive), both clamped to the vector.", "(slice [1 2 3 4] 1 3) ; [2 3]"),
  v("repeat", "(Fn (Int a) (Vec a))", "n copies of x.", "(repeat 3 0) ; [0 0 0]"),
  v("empty?", "(Fn (c) Bool)", "Whether a vector, MutVec, map or string has nothing in it.", "(empty? []) ; true", { constraints: [["Count", "c"]] }),
  v("any?", "(Fn ((Vec a) (LocalFn (a) Bool)) Bool)", "Whether f accepts some element (stops at the first).", "(any? [1 5] (fn (x) (> x 4))) ; true", { callback: true }),
  v("all?", "(Fn ((Vec a) (LocalFn (a) Bool)) Bool)", "Whether f accepts every element (stops at the first miss).", "(all? [1 5] (fn (x) (> x 4))) ; false", { callback: true }),
  v("find", "(Fn ((Vec a) (LocalFn (a) Bool)) (Option a))", "The first element f accepts.", "(find [1 5] (fn (x) (> x 4))) ; (Some 5)", { callback: true }),
  v("index-where", "(Fn ((Vec a) (LocalFn (a) Bool)) (Option Int))", "The index of the first element f accepts.", "(index-where [1 5] (fn (x) (> x 4))) ; (Some 1)", { callback: true }),
  v("map-indexed", "(Fn ((Vec a) (LocalFn (Int a) b)) (Vec b))", "map, calling (f i x) with each index.", '(map-indexed ["a" "b"] (fn (i s) (str i s))) ; ["0a" "1b"]', { callback: true }),
  v("sum", "(Fn ((Vec a)) a)", "The sum of the elements (0 for none; Int wraps).", "(sum [1 2 3]) ; 6", { constraints: num }),
  v("sort", "(Fn ((Vec a)) (Vec a))", "The elements in ascending order; equal elements keep their order; a Float NaN goes after every number.", "(sort [3 1 2]) ; [1 2 3]", { constraints: ord }),
  v("sort-by", "(Fn ((Vec a) (LocalFn (a) k)) (Vec a))", "The elements in ascending order of (key x), computed once each; stable.", "(sort-by items (fn (i) (.weight i)))", { constraints: [["Ord", "k"]], callback: true }),
  v("group-by", "(Fn ((Vec a) (LocalFn (a) k)) (Map k (Vec a)))", "The elements grouped by (key x), keys in order of first appearance.", "(group-by [1 2 3] (fn (x) (mod x 2))) ; {1 [1 3], 0 [2]}", { callback: true }),
  v("dedupe", "(Fn ((Vec a)) (Vec a))", "The elements without any equal to an earlier one (the first stays).", "(dedupe [1 2 1 3]) ; [1 2 3]", { constraints: [["Eq", "a"]] }),
  v("pop!", "(Fn ((MutVec a)) (Option a))", "Removes a MutVec's last element and returns it.", "(pop! mv)"),
  m("contains?", "(Fn ((Map k v) k) Bool)", "Whether k is a key of m.", "(contains? {:a 1} :a) ; true"),
  m("get-or", "(Fn ((Map k v) k v) v)", "The value at k, or the default.", "(get-or {:a 1} :b 0) ; 0"),
  m("update", "(Fn ((Map k v) k (LocalFn (v) v)) (Map k v))", "m with f applied to the value at k; unchanged when k is absent.", "(update {:hp 10} :hp inc) ; {:hp 11}", { callback: true }),
  m("entries", "(Fn ((Map k v)) (Vec (Entry k v)))", "The entries in insertion order; each has the fields .key and .val.", "(entries {:x 1}) ; [(Entry :x 1)]"),
  m("from-entries", "(Fn ((Vec (Entry k v))) (Map k v))", "A map of the entries (a later entry for a key wins).", "(from-entries (entries m))"),
  m("map-vals", "(Fn ((Map k v) (LocalFn (v) w)) (Map k w))", "The same keys with f of each value.", "(map-vals {:a 1} inc) ; {:a 2}", { callback: true }),
  m("merge", "(Fn ((Map k v) (Map k v)) (Map k v))", "Every entry of both maps; m2's value wins for a key in both.", "(merge {:a 1} {:a 2 :b 3}) ; {:a 2, :b 3}"),
  m("Entry", "(Fn (k v) (Entry k v))", "Makes an entry, as `entries` gives them.", "(Entry :x 1)"),
];

/** The stdlib's entries by name. */
export const STDLIB_BY_NAME: ReadonlyMap<string, StdlibEntry> = new Map(STDLIB.map((e) => [e.name, e]));

/**
 * The record types the stdlib adds, seeded into every module's type scope: `(Entry k v)` with
 * the fields `key` and `val`. They are built-in constructors (no module), like `Option`, so
 * they print, compare and cross threads through the runtime's own instances.
 */
export function stdlibTypes(): Map<string, TypeInfo> {
  const k = freshVar(GENERIC);
  const v = freshVar(GENERIC);
  const span = { file: "", start: 0, end: 0 };
  const entry: TypeInfo = {
    name: "Entry",
    module: undefined as unknown as string,
    kind: "struct",
    params: ["k", "v"],
    paramVars: [k, v],
    fields: [
      { name: "key", ty: k, span },
      { name: "val", ty: v, span },
    ],
    variants: [],
    span,
    userInstances: new Set(),
    decl: null,
    derives: null,
  };
  return new Map([["Entry", entry]]);
}

/** Whether a type of the type scope is one of the stdlib's (not the program's). */
export function isStdlibType(t: TypeInfo): boolean {
  return t.module === undefined;
}
