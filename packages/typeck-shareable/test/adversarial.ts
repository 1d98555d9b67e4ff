/**
 * The adversarial table of issue 8, generated rather than hand-picked: every value kind crosses
 * at every crossing point along every path, and the expected diagnostic (code and line, or
 * none) follows from three rules written once below. Shared with codegen's tests, which run
 * every accepted row.
 */

/** What is made, how a crossing touches it, and what it is. */
interface Kind {
  readonly name: string;
  /** Wraps the rest of `main`'s body, binding `x` (one line). */
  readonly bind: (body: string) => string[];
  /** An Int-valued use of a value `v` of this kind, and what it evaluates to. */
  readonly touch: (v: string) => string;
  readonly touched: number;
  /** The diagnostic when it crosses by capture and when it is sent; null: it is Shareable. */
  readonly captured: string | null;
  readonly sent: string | null;
  /** A copy (`let` alias, vector element, argument) of a `mut` binding is its value: Shareable. */
  readonly copies?: boolean;
}

const KINDS: readonly Kind[] = [
  { name: "a mut Int binding", bind: (b) => ["(let ((mut x 1))", b, ")"], touch: (v) => `(+ ${v} 1)`, touched: 2, captured: "E0303", sent: null, copies: true },
  { name: "a MutVec", bind: (b) => ["(let ((x (mut-vec)))", b, ")"], touch: (v) => `(count ${v})`, touched: 0, captured: "E0301", sent: "E0302" },
  { name: "a closure over a mut binding", bind: (b) => ["(let ((mut n 1) (x (fn () (set! n 2) n)))", b, ")"], touch: (v) => `(${v})`, touched: 2, captured: "E0301", sent: "E0302" },
  { name: "an arena vector", bind: (b) => ["(with-arena (fr) (let ((x (arena-vec fr 2 0)))", b, "))"], touch: (v) => `(count ${v})`, touched: 2, captured: "E0330", sent: "E0330" },
  { name: "an Int", bind: (b) => ["(let ((x 1))", b, ")"], touch: (v) => `(+ ${v} 1)`, touched: 2, captured: null, sent: null },
  { name: "an atom", bind: (b) => ["(let ((x (atom 1)))", b, ")"], touch: (v) => `(deref ${v})`, touched: 1, captured: null, sent: null },
  { name: "a Vec of Ints", bind: (b) => ["(let ((x [1 2]))", b, ")"], touch: (v) => `(count ${v})`, touched: 2, captured: null, sent: null },
  { name: "a closure over an Int", bind: (b) => ["(let ((k 1) (x (fn () k)))", b, ")"], touch: (v) => `(${v})`, touched: 1, captured: null, sent: null },
];

/** How the value reaches the crossing: `use` names it there, `around` binds what `use` needs. */
interface Path {
  readonly name: string;
  readonly around: (k: Kind, body: string) => string[];
  readonly use: (k: Kind) => string;
  /** What the use evaluates to. */
  readonly used: (k: Kind) => number;
  /** The value that crosses is a copy of `x` (so a `mut` binding's value, not the binding). */
  readonly copy: boolean;
}

const PATHS: readonly Path[] = [
  { name: "directly", around: (_k, b) => [b], use: (k) => k.touch("x"), used: (k) => k.touched, copy: false },
  { name: "through a let alias", around: (_k, b) => ["(let ((y x))", b, ")"], use: (k) => k.touch("y"), used: (k) => k.touched, copy: true },
  { name: "inside a vector", around: (_k, b) => ["(let ((y [x]))", b, ")"], use: () => `(count y)`, used: () => 1, copy: true },
  { name: "through a closure that captures it", around: (k, b) => [`(let ((g (fn () ${k.touch("x")})))`, b, ")"], use: () => "(g)", used: (k) => k.touched, copy: false },
];

/** Where it crosses: `cross(use)` is one line, the line the diagnostic must point at. */
interface Point {
  readonly name: string;
  readonly cross: (use: string) => string;
  /** What the crossing evaluates to when the use evaluates to `v`. */
  readonly value: (v: number) => number;
  /** How many times it crosses (each is reported). */
  readonly times?: number;
}

const POINTS: readonly Point[] = [
  { name: "spawn", cross: (u) => `(with-tasks (await (spawn ${u})))`, value: (v) => v },
  { name: "spawn-thread", cross: (u) => `(with-tasks (await (spawn-thread ${u})))`, value: (v) => v },
  { name: "par-map", cross: (u) => `(reduce (par-map [1 2] (fn (i) ${u})) 0 +)`, value: (v) => 2 * v },
  { name: "par-for-each", cross: (u) => `(do (par-for-each [1 2] (fn (i) ${u})) 0)`, value: () => 0 },
  { name: "timeout", cross: (u) => `(match (timeout 60000 ${u}) ((Some r) r) (None -1))`, value: (v) => v },
  { name: "race", cross: (u) => `(race ${u} ${u})`, value: (v) => v, times: 2 },
];

export interface Row {
  readonly name: string;
  readonly src: string;
  /** `CODE line`, or empty when the program is accepted. */
  readonly expected: readonly string[];
  /** What `main` returns when the program is accepted. */
  readonly value: number;
}

function program(k: Kind, p: Path, crossing: string): { src: string; line: number } {
  const body = [...k.bind([...p.around(k, crossing)].join("\n")).join("\n").split("\n")];
  const lines = ["(defn main ()", ...body.map((l) => `  ${l}`)];
  lines[lines.length - 1] += ")";
  const line = lines.findIndex((l) => l.includes(crossing)) + 1;
  return { src: lines.join("\n"), line };
}

/** The rules: a copy of a `mut` binding is its value; a closure capturing a non-Shareable value (a `mut` binding included) is not Shareable (E0301), except an arena-scoped one (E0330). */
function expectedCode(k: Kind, p: Path, send: boolean): string | null {
  if (k.copies && p.copy) return null;
  if (p.name.startsWith("through a closure") && k.captured === "E0303") return send ? "E0302" : "E0301";
  return send ? k.sent : k.captured;
}

export function adversarialRows(): Row[] {
  const rows: Row[] = [];
  for (const k of KINDS)
    for (const p of PATHS) {
      for (const pt of POINTS) {
        const { src, line } = program(k, p, pt.cross(p.use(k)));
        const code = expectedCode(k, p, false);
        rows.push({ name: `${k.name} ${p.name}, captured by ${pt.name}`, src, expected: code ? Array(pt.times ?? 1).fill(`${code} ${line}`) : [], value: pt.value(p.used(k)) });
      }
      // Sending: the value itself (or its alias, vector, closure) is what crosses.
      const sent = p.name === "directly" ? "x" : p.name.startsWith("through a closure") ? "g" : "y";
      const { src, line } = program(k, p, `(let ((ch (channel a 1))) (send ch ${sent}) 0)`);
      const code = expectedCode(k, p, true);
      rows.push({ name: `${k.name} ${p.name}, sent on a channel`, src, expected: code ? [`${code} ${line}`] : [], value: 0 });
    }
  // Through a top-level helper that lets its parameter cross: the call passes a copy of a `mut`
  // binding's value; anything else is checked at the call against the helper's inferred
  // `(Shareable a)` (E0301, or E0302 when the helper sends it), or its escape summary (E0330).
  for (const k of KINDS)
    for (const pt of [...POINTS, SEND]) {
      const helper = `(defn cross (v) ${pt === SEND ? pt.cross("v") : pt.cross(k.touch("v"))})`;
      const { src, line } = program(k, PATHS[0]!, "(cross x)");
      const code = k.copies ? null : k.captured === "E0330" ? "E0330" : k.captured ? (pt === SEND ? "E0302" : "E0301") : null;
      rows.push({ name: `${k.name} given to a helper that lets it cross by ${pt.name}`, src: `${helper}\n${src}`, expected: code ? [`${code} ${line + 1}`] : [], value: pt.value(k.touched) });
    }
  return rows;
}

/** Sending inside a helper: the value is sent, then the helper returns 0. */
const SEND: Point = { name: "send", cross: (u) => `(let ((ch (channel a 1))) (send ch ${u}) 0)`, value: () => 0 };
