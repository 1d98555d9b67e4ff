/**
 * The third part of issue 8's adversarial table: a *function* reaching a place that must not
 * wait (`par-map`, `par-for-each`, `swap!`: E0320), a function type declared without
 * `:suspends` (a struct field: E0322), or `swap!` with a function that prints (W0321), along
 * every path a function can take. What the function does decides the diagnostic; the path
 * decides nothing, which is the point: no path may hide a suspension or a print.
 */
import type { Row } from "./adversarial.js";

/** What the function does with its Int argument `i`. */
interface Body {
  readonly name: string;
  readonly body: string;
  readonly suspends: boolean;
  readonly prints: boolean;
}

const BODIES: readonly Body[] = [
  { name: "sleeps", body: "(do (sleep 1) (+ i 1))", suspends: true, prints: false },
  { name: "prints", body: `(do (print "") (+ i 1))`, suspends: false, prints: true },
  { name: "computes", body: "(+ i 1)", suspends: false, prints: false },
];

/** Where it goes: one line in `main` given the function `F` (Int → Int); what it evaluates to for `F = inc`. */
interface Point {
  readonly name: string;
  readonly line: (f: string) => string;
  readonly value: number;
  /** The diagnostic for a function that suspends, and for one that prints. */
  readonly suspends: string;
  readonly prints: string | null;
}

const POINTS: readonly Point[] = [
  { name: "par-map", line: (f) => `(reduce (par-map [1 2] ${f}) 0 +)`, value: 5, suspends: "E0320", prints: null },
  { name: "par-for-each", line: (f) => `(do (par-for-each [1 2] ${f}) 0)`, value: 0, suspends: "E0320", prints: null },
  { name: "swap!", line: (f) => `(let ((at (atom 1))) (swap! at ${f}))`, value: 2, suspends: "E0320", prints: "W0321" },
  { name: "a struct field declared (Fn (Int) Int)", line: (f) => `((.run (Holder ${f})) 1)`, value: 2, suspends: "E0322", prints: null },
  // §2: in every annotation, a function type without `:suspends` is one that does not suspend.
  { name: "a sig's parameter declared (Fn (Int) Int)", line: (f) => `(apply-sigd ${f} 1)`, value: 2, suspends: "E0322", prints: null },
  { name: "a (the (Fn (Int) Int) …) annotation", line: (f) => `((the (Fn (Int) Int) ${f}) 1)`, value: 2, suspends: "E0322", prints: null },
  { name: "a lambda parameter annotated (Fn (Int) Int)", line: (f) => `((fn ((h (Fn (Int) Int))) (h 1)) ${f})`, value: 2, suspends: "E0322", prints: null },
];

/** How the function reaches it: top-level forms (given the body) and the expression `F`. */
interface Path {
  readonly name: string;
  readonly defs: (body: string) => string[];
  readonly f: string;
  /** Its type says it suspends whatever it does (a class method declared `:suspends`). */
  readonly declaredSuspends?: boolean;
  /** A function that suspends is already rejected where it is defined (E0322 at this line of the defs). */
  readonly rejectsSuspendingAt?: number;
}

const PATHS: readonly Path[] = [
  { name: "written in place", defs: () => [], f: "" },
  { name: "a helper named", defs: (b) => [`(defn f (i) ${b})`], f: "f" },
  { name: "a lambda calling a helper", defs: (b) => [`(defn f (i) ${b})`], f: "(fn (i) (f i))" },
  { name: "a closure returned by a function", defs: (b) => [`(defn make () (fn (i) ${b}))`], f: "(make)" },
  { name: "a lambda giving a helper to a higher-order function", defs: (b) => [`(defn f (i) ${b})`, "(defn apply-to (g i) (g i))"], f: "(fn (i) (apply-to f i))" },
  { name: "a class method declared :suspends", defs: (b) => ["(defclass (Step a) (step (Fn (a) Int :suspends)))", `(instance (Step Int) (defn step (i) ${b}))`], f: "step", declaredSuspends: true },
  { name: "a lambda calling a class method declared :suspends", defs: (b) => ["(defclass (Step a) (step (Fn (a) Int :suspends)))", `(instance (Step Int) (defn step (i) ${b}))`], f: "(fn (i) (step i))", declaredSuspends: true },
  { name: "a class method", defs: (b) => ["(defclass (Step a) (step (Fn (a) Int)))", `(instance (Step Int) (defn step (i) ${b}))`], f: "step", rejectsSuspendingAt: 2 },
  { name: "a lambda calling a class method", defs: (b) => ["(defclass (Step a) (step (Fn (a) Int)))", `(instance (Step Int) (defn step (i) ${b}))`], f: "(fn (i) (step i))", rejectsSuspendingAt: 2 },
  { name: "a helper kept in a generic struct field", defs: (b) => ["(defstruct (Box a) (val a))", `(defn f (i) ${b})`], f: "(.val (Box f))" },
  { name: "a helper through a let-polymorphic identity", defs: (b) => [`(defn f (i) ${b})`], f: `(let ((pass (fn (y) y)) (s (pass "s"))) (pass f))` },
  { name: "a function held by a top-level def", defs: (b) => [`(def f (fn (i) ${b}))`], f: "f" },
  { name: "a helper kept in an atom", defs: (b) => [`(defn f (i) ${b})`], f: "(deref (atom f))" },
  { name: "a helper kept in a vector", defs: (b) => [`(defn f (i) ${b})`], f: "(nth [f] 0)" },
  { name: "a vector of helpers held by a top-level def", defs: (b) => [`(defn f (i) ${b})`, "(def fs [f])"], f: "(nth fs 0)" },
  { name: "a helper sent through a channel", defs: (b) => [`(defn f (i) ${b})`, "(defn through (g) (let ((ch (channel (Fn (Int) Int) 1))) (do (send ch g) (match (recv ch) ((Some h) h) (None (fn (i) i))))))"], f: "(through f)" },
  { name: "mutually recursive helpers", defs: (b) => [`(defn f (i) (if (> i 100) (f2 i) ${b}))`, "(defn f2 (i) (f (- i 1)))"], f: "f" },
];

/** Top-level forms every row starts with: what its crossing points name. */
const PRELUDE = ["(defstruct Holder (run (Fn (Int) Int)))", "(sig apply-sigd (Fn ((Fn (Int) Int) Int) Int))", "(defn apply-sigd (g x) (g x))"];

export function functionRows(): Row[] {
  const rows: Row[] = [];
  for (const b of BODIES)
    for (const p of PATHS)
      for (const pt of POINTS) {
        const f = p.f || `(fn (i) ${b.body})`;
        const defs = [...PRELUDE, ...p.defs(b.body)];
        const src = [...defs, "(defn main ()", `  ${pt.line(f)})`].join("\n");
        const line = defs.length + 2;
        const expected = [
          ...(b.suspends && p.rejectsSuspendingAt ? [`E0322 ${p.rejectsSuspendingAt + PRELUDE.length}`] : b.suspends || p.declaredSuspends ? [`${pt.suspends} ${line}`] : []),
          ...(b.prints && pt.prints ? [`${pt.prints} ${line}`] : []),
        ].sort();
        rows.push({ name: `a function that ${b.name}, ${p.name}, given to ${pt.name}`, src, expected, value: pt.value });
      }
  return rows;
}

/** The issue's own examples of holes and false positives, each pinned (rejected rows by code and line). */
export function issueRows(): Row[] {
  const row = (name: string, lines: string[], expected: string[], value = 0): Row => ({ name, src: lines.join("\n"), expected, value });
  const note = ["(def log (mut-vec))", "(defclass (Note a) (note (Fn (a) Int)))", "(instance (Note Int) (defn note (i) (do (push! log i) (count log))))"];
  return [
    row("an instance over a type parameter needs no class on it when its methods use none", ["(defclass (Size a) (size (Fn (a) Int)))", "(instance (Size (Vec b)) (defn size (v) (count v)))", `(defn main () (size ["a" "b"]))`], [], 2),
    row("a top-level MutVec used by an instance method keeps the element type the method gives it", [...note, "(defn main () (do (note 3) (note 4)))"], [], 2),
    row("a function that calls a method whose instance uses a top-level MutVec is not Shareable", [...note, "(defn work (i) (do (note i) ()))", "(defn main () (do (par-for-each [1 2] work) 0))"], ["E0301 5"]),
    row("a lambda that calls such a method is not Shareable either", [...note, "(defn main () (do (par-for-each [1 2] (fn (i) (do (note i) ()))) 0))"], ["E0301 4"]),
    row("a let-bound sending function is generalised over its element type", [
      "(defn main ()",
      "  (let ((put (fn (ch v) (send ch v))) (a (channel Int 1)) (b (channel String 1)))",
      "    (with-tasks (put a 1) (put b \"x\") (match (recv a) ((Some v) v) (None 0)))))",
    ], [], 1),
    row("an instance whose head names a function type does not hide a suspending closure from swap!", [
      "(defstruct (Cb f) (run f))",
      "(defclass (Fire a) (fire (Fn (a) Int)))",
      "(instance (Fire (Cb (Fn () Int))) (defn fire (c) ((.run c))))",
      "(defn main () (let ((at (atom 0))) (swap! at (fn (old) (fire (Cb (fn () (sleep 1) 1)))))))",
    ], ["E0322 4"]),
    row("a class method declared :suspends may suspend, and its callers wait for it", ["(defclass (Run a) (run-it (Fn (a) Int :suspends)))", "(instance (Run Int) (defn run-it (i) (do (sleep 1) i)))", "(defn main () (+ (run-it 3) 1))"], [], 4),
  ];
}
