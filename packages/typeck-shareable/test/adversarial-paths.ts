/**
 * The second half of issue 8's adversarial table: every crossing point reached along every path
 * a value can take through a program — written in place, given to a helper, to a higher-order
 * function, kept in a generic struct field, to a class method, to an instance over a type
 * parameter, through a let-polymorphic binding, a let-bound function, a top-level `def`, and
 * mutual recursion. The expected diagnostic follows from two rules written once below: what the
 * value kind is at each crossing point, and where a path makes the checker report it.
 */
import type { Row } from "./adversarial.js";

/** What crossing a value does, by crossing point. */
type Crossing = "capture" | "send" | "store";

interface Kind {
  readonly name: string;
  /** Wraps the rest of `main`'s body, binding `x`; one line each. */
  readonly bind: (body: string) => string[];
  /** Its type, for an instance head (null: a function type, which instances cannot name). */
  readonly type: string | null;
  readonly touch: (v: string) => string;
  readonly touched: number;
  /** The diagnostic at each kind of crossing; absent: accepted. */
  readonly codes: Partial<Record<Crossing, string>>;
}

const KINDS: readonly Kind[] = [
  { name: "a MutVec", bind: (b) => ["(let ((x (mut-vec)))", b, ")"], type: "(MutVec Int)", touch: (v) => `(count ${v})`, touched: 0, codes: { capture: "E0301", send: "E0302" } },
  { name: "a closure over a mut binding", bind: (b) => ["(let ((mut n 1) (x (fn () (set! n 2) n)))", b, ")"], type: null, touch: (v) => `(${v})`, touched: 2, codes: { capture: "E0301", send: "E0302" } },
  { name: "an arena vector", bind: (b) => ["(with-arena (fr) (let ((x (arena-vec fr 2 0)))", b, "))"], type: "(MutVec Int)", touch: (v) => `(count ${v})`, touched: 2, codes: { capture: "E0330", send: "E0330", store: "E0330" } },
  { name: "a closure that spawns", bind: (b) => ["(with-tasks (let ((x (fn () (spawn 1) 1)))", b, "))"], type: null, touch: (v) => `(${v})`, touched: 1, codes: { capture: "E0311", send: "E0311", store: "E0311" } },
  { name: "an Int", bind: (b) => ["(let ((x 1))", b, ")"], type: "Int", touch: (v) => `(+ ${v} 1)`, touched: 2, codes: {} },
  { name: "an atom", bind: (b) => ["(let ((x (atom 1)))", b, ")"], type: "(Atom Int)", touch: (v) => `(deref ${v})`, touched: 1, codes: {} },
  { name: "a Vec of Ints", bind: (b) => ["(let ((x [1 2]))", b, ")"], type: "(Vec Int)", touch: (v) => `(count ${v})`, touched: 2, codes: {} },
  { name: "a closure over an Int", bind: (b) => ["(let ((k 1) (x (fn () k)))", b, ")"], type: null, touch: (v) => `(${v})`, touched: 1, codes: {} },
];

/** A crossing point: one line given the value `v` (what is sent or stored) and `t`, an Int-valued use of it. */
interface Point {
  readonly name: string;
  readonly crossing: Crossing;
  readonly line: (v: string, t: string) => string;
  readonly value: (touched: number) => number;
  /** How many times the value crosses on that line (each is reported). */
  readonly times?: number;
}

const POINTS: readonly Point[] = [
  { name: "spawn", crossing: "capture", line: (_v, t) => `(with-tasks (await (spawn ${t})))`, value: (n) => n },
  { name: "spawn-thread", crossing: "capture", line: (_v, t) => `(with-tasks (await (spawn-thread ${t})))`, value: (n) => n },
  { name: "par-map", crossing: "capture", line: (_v, t) => `(reduce (par-map [1 2] (fn (i) ${t})) 0 +)`, value: (n) => 2 * n },
  { name: "par-for-each", crossing: "capture", line: (_v, t) => `(do (par-for-each [1 2] (fn (i) ${t})) 0)`, value: () => 0 },
  { name: "send", crossing: "send", line: (v) => `(let ((ch (channel a 1))) (send ch ${v}) 0)`, value: () => 0 },
  { name: "reset!", crossing: "store", line: (v) => `(let ((at (atom None))) (reset! at (Some ${v})) 0)`, value: () => 0 },
  { name: "swap!", crossing: "store", line: (v) => `(let ((at (atom None))) (swap! at (fn (old n) (Some n)) ${v}) 0)`, value: () => 0 },
  { name: "push! into a MutVec made outside", crossing: "store", line: (v) => `(do (push! o ${v}) (count o))`, value: () => 1 },
  { name: "set-nth! into a MutVec made outside", crossing: "store", line: (v) => `(do (push! o ${v}) (set-nth! o 0 ${v}) 0)`, value: () => 0, times: 2 },
];

/**
 * How the value reaches the crossing. `defs` are top-level forms (one line each) given the
 * crossing line for a parameter; `use` is `main`'s expression.
 */
interface Path {
  readonly name: string;
  readonly defs: (cross: Cross, k: Kind) => string[] | null;
  readonly use: (cross: Cross) => string;
  /** The crossing is written in `main` itself (on the use's line), not in a function it calls. */
  readonly inMain?: boolean;
  /**
   * Where a value that is not Shareable is reported: at the crossing (`sink`, it is checked at
   * the value's own type) or at the use (a generic function's `(Shareable a)` is checked at its
   * call, with the crossing's code: E0302 for a value the function sends), or `instance`: an instance over a type parameter cannot
   * require it, so the instance is rejected whatever the value (at the crossing, its own code).
   */
  readonly shareable: (k: Kind, pt: Point) => "sink" | "use" | "instance";
  /** An arena value is not Shareable either: at these crossing points both are reported (the crossing is not the escape's own span). */
  readonly crossingToo?: (pt: Point) => boolean;
}

type Cross = (v: string, t: (v: string) => string) => string;

/** Its methods may suspend (`with-tasks`, `par-map` and `send` wait), so the class says so. */
const CLASS = "(defclass (Cross c) (cross (Fn ((MutVec c) c) Int :suspends)))";

const HELPER = (cross: Cross, k: Kind): string => `(defn cross (o v) ${cross("v", k.touch)})`;

const PATHS: readonly Path[] = [
  { name: "directly", defs: () => [], use: (c) => c("x", (v) => v), inMain: true, shareable: () => "sink" },
  { name: "given to a helper", defs: (c, k) => [HELPER(c, k)], use: () => "(cross o x)", shareable: () => "use" },
  { name: "given with a helper to a higher-order function", defs: (c, k) => [HELPER(c, k), "(defn via (f o v) (f o v))"], use: () => "(via cross o x)", shareable: () => "use", crossingToo: (pt) => pt.crossing !== "store" },
  { name: "given to a helper kept in a generic struct field", defs: (c, k) => ["(defstruct (Box a) (val a))", HELPER(c, k)], use: () => "((.val (Box cross)) o x)", shareable: () => "use", crossingToo: (pt) => pt.crossing !== "store" },
  { name: "inside a generic struct given to a helper", defs: (c, k) => ["(defstruct (Box a) (val a))", `(defn cross (o b) ${c("b", () => k.touch("(.val b)"))})`], use: () => "(cross o (Box x))", shareable: () => "use" },
  {
    name: "given to a class method",
    defs: (c, k) => (k.type ? [CLASS, `(instance (Cross ${k.type}) (defn cross (o v) ${c("v", k.touch)}))`] : null),
    use: () => "(cross o x)",
    shareable: () => "sink",
    crossingToo: (pt) => pt.crossing !== "store",
  },
  {
    name: "inside a vector given to a method of an instance over a type parameter",
    defs: (c) => [CLASS, `(instance (Cross (Vec a)) (defn cross (o w) ${c("w", () => "(count w)")}))`],
    use: () => "(cross o [x])",
    shareable: () => "instance",
  },
  // Scope-bound kinds escape into the atom itself: the `reset!` crossing point covers them.
  { name: "kept in an atom and read back", defs: (_c, k) => (k.codes.store ? null : []), use: (c) => `(let ((cell (atom x))) ${c("(deref cell)", (v) => v)})`, inMain: true, shareable: () => "sink" },
  { name: "through a let-polymorphic identity", defs: () => [], use: (c) => `(let ((pass (fn (y) y)) (s (pass "s"))) ${c("(pass x)", (v) => v)})`, inMain: true, shareable: () => "sink" },
  // A lambda the checker can see is walked again at its call with its parameters holding the
  // arguments: every escape inside it is reported where it happens, as if written in place.
  { name: "given to a let-bound function", defs: () => [], use: (c) => `(let ((cross (fn (o v) ${c("v", (v) => v)}))) (cross o x))`, inMain: true, shareable: () => "sink", crossingToo: (pt) => pt.crossing === "send" },
  // A builtin's callback is walked with its parameters holding the collection's values.
  { name: "inside a vector whose elements reduce's function receives", defs: () => [], use: (c) => `(reduce [x] 0 (fn (acc v) (+ acc ${c("v", (v) => v)})))`, inMain: true, shareable: () => "sink" },
  // A `def` is not generalised: its parameter takes the one type the program gives it (written
  // down where the body needs to know it); a function's flag is set where a closure is given.
  {
    name: "given to a function held by a top-level def",
    defs: (c, k) => [`(def cross (fn (o ${k.type ? `(v ${k.type})` : "v"}) ${c("v", k.touch)}))`],
    use: () => "(cross o x)",
    shareable: (k, pt) => (!k.type && pt.crossing === "capture" ? "use" : "sink"),
    crossingToo: (pt) => pt.crossing !== "store",
  },
  {
    name: "given to mutually recursive functions",
    defs: (c, k) => [`(defn cross (o v n) (if (> n 0) (cross2 o v (- n 1)) ${c("v", k.touch)}))`, "(defn cross2 (o v n) (cross o v n))"],
    use: () => "(cross o x 1)",
    shareable: () => "use",
  },
];

/** The program, the line of its crossing (in `main`, or the function holding it) and of the use. */
function build(k: Kind, p: Path, pt: Point): { src: string; sinkLine: number; useLine: number } | null {
  const local = p.inMain;
  const cross: Cross = (v, t) => pt.line(v, local ? k.touch(t(v)) : t(v));
  const defs = p.defs(cross, k);
  if (!defs) return null;
  const use = p.use(cross);
  const lines = [...defs, "(defn main ()", "  (let ((o (mut-vec)))", ...k.bind(use).map((l) => `    ${l}`)];
  lines[lines.length - 1] += "))";
  const useLine = lines.findIndex((l) => l.includes(use)) + 1;
  const sinkLine = local ? useLine : lines.findIndex((l) => /^\((defn|def|instance) \(?cross/i.test(l)) + 1;
  return { src: lines.join("\n"), sinkLine, useLine };
}

/** The diagnostics of one row, sorted (each a code and a line). */
function expected(k: Kind, p: Path, pt: Point, b: { sinkLine: number; useLine: number }): string[] {
  const code = k.codes[pt.crossing];
  const out: string[] = [];
  const own = pt.crossing === "send" ? "E0302" : "E0301";
  const where = p.shareable(k, pt);
  if (code === "E0330" || code === "E0311") {
    // Written in `main`, each crossing of the value is reported; through a function, its call is.
    out.push(...Array<string>(p.inMain ? (pt.times ?? 1) : 1).fill(`${code} ${b.useLine}`));
    if (code === "E0330" && p.crossingToo?.(pt) && where !== "instance")
      out.push(where === "use" ? `${own} ${b.useLine}` : `${own} ${b.sinkLine}`);
  } else if (code && where !== "instance") out.push(where === "use" ? `${code} ${b.useLine}` : `${code} ${b.sinkLine}`);
  if (where === "instance" && pt.crossing !== "store") out.push(`${own} ${b.sinkLine}`);
  return out.sort();
}

export function pathRows(): Row[] {
  const rows: Row[] = [];
  for (const k of KINDS)
    for (const p of PATHS)
      for (const pt of POINTS) {
        const b = build(k, p, pt);
        if (!b) continue;
        rows.push({ name: `${k.name} ${p.name}, crossing by ${pt.name}`, src: b.src, expected: expected(k, p, pt, b), value: pt.value(p.name.includes("type parameter") && pt.crossing === "capture" ? 1 : k.touched) });
      }
  return rows;
}
