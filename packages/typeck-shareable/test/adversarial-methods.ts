/**
 * Class methods have escape summaries: a scope-bound value given to a method is rejected
 * exactly when the instance that runs keeps it. Every scope-bound value kind an instance can
 * name × what the instance's method does with its argument × how the method is reached; the
 * expected diagnostic follows from whether the method keeps the value (E0330 / E0311 at the
 * call in `main`) or not (accepted, and it runs).
 */
import type { Row } from "./adversarial.js";

interface Kind {
  readonly name: string;
  /** Wraps `main`'s use, binding `x`; one line each. */
  readonly bind: (body: string) => string[];
  /** The instance head, and the forms that type needs. */
  readonly type: string;
  readonly defs: readonly string[];
  /** An Int-valued use of `v`, and its value. */
  readonly touch: (v: string) => string;
  readonly touched: number;
  readonly code: "E0330" | "E0311";
}

const KINDS: readonly Kind[] = [
  { name: "an arena vector", bind: (b) => ["(with-arena (fr) (let ((x (arena-vec fr 2 0)))", b, "))"], type: "(MutVec Int)", defs: [], touch: (v) => `(count ${v})`, touched: 2, code: "E0330" },
  {
    name: "a struct holding a closure that spawns",
    bind: (b) => ["(with-tasks (let ((x (Job (fn () (spawn 1) 1))))", b, "))"],
    type: "Job",
    defs: ["(defstruct Job (run (Fn () Int)))"],
    touch: (v) => `((.run ${v}))`,
    touched: 1,
    code: "E0311",
  },
];

/** What the instance's `(cross o v)` does with `v`; `keeps`: it outlives the call. */
interface Behaviour {
  readonly name: string;
  readonly keeps: boolean;
  readonly body: (k: Kind) => string;
  readonly defs: (k: Kind) => string[];
  readonly value: (k: Kind) => number;
}

const BEHAVIOURS: readonly Behaviour[] = [
  { name: "pushes it into a MutVec made by the caller", keeps: true, body: () => "(do (push! o v) 1)", defs: () => [], value: () => 1 },
  { name: "gives it to a helper that pushes it into a MutVec made by the caller", keeps: true, body: () => "(do (stash o v) 1)", defs: () => ["(defn stash (o v) (push! o v))"], value: () => 1 },
  { name: "puts it in an atom", keeps: true, body: () => "(let ((at (atom None))) (reset! at (Some v)) 1)", defs: () => [], value: () => 1 },
  { name: "reads it", keeps: false, body: (k) => k.touch("v"), defs: () => [], value: (k) => k.touched },
  { name: "gives it to a helper that reads it", keeps: false, body: () => "(peek v)", defs: (k) => [`(defn peek (v) ${k.touch("v")})`], value: (k) => k.touched },
  { name: "gives it to reduce's function", keeps: false, body: (k) => `(reduce [v] 0 (fn (acc w) (+ acc ${k.touch("w")})))`, defs: () => [], value: (k) => k.touched },
  { name: "ignores it", keeps: false, body: () => "(count o)", defs: () => [], value: () => 0 },
];

/** How `main` reaches the method: `use` is its expression (on one line); `defs` the forms it needs. */
const CALLS: readonly { name: string; use: string; defs: string[] }[] = [
  { name: "called directly", use: "(cross o x)", defs: [] },
  { name: "given to a higher-order function", use: "(via cross o x)", defs: ["(defn via (f o v) (f o v))"] },
  { name: "called by a let-bound function", use: "(let ((go (fn (o v) (cross o v)))) (go o x))", defs: [] },
  // `reach` takes the instance as a dictionary parameter: its summary keeps the method call for its caller.
  { name: "called by a generic function", use: "(reach o x)", defs: ["(defn reach (o v) (cross o v))"] },
  { name: "called by a generic function given to a higher-order function", use: "(via reach o x)", defs: ["(defn reach (o v) (cross o v))", "(defn via (f o v) (f o v))"] },
];

const CLASS = "(defclass (Cross c) (cross (Fn ((MutVec c) c) Int)))";

export function methodRows(): Row[] {
  const rows: Row[] = [];
  for (const k of KINDS)
    for (const b of BEHAVIOURS)
      for (const c of CALLS) {
        const lines = [...k.defs, CLASS, ...b.defs(k), `(instance (Cross ${k.type}) (defn cross (o v) ${b.body(k)}))`, ...c.defs, "(defn main ()", "  (let ((o (mut-vec)))", ...k.bind(c.use).map((l) => `    ${l}`)];
        lines[lines.length - 1] += "))";
        const useLine = lines.findIndex((l) => l.includes(c.use)) + 1;
        rows.push({
          name: `${k.name} given to a class method whose instance ${b.name}, ${c.name}`,
          src: lines.join("\n"),
          expected: b.keeps ? [`${k.code} ${useLine}`] : [],
          value: b.value(k),
        });
      }
  return rows;
}
