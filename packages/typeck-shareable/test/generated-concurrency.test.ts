import type { Form } from "@weft/reader";
import { expect, inject, test } from "vitest";
import { check } from "../src/index.js";
import { int, kw, list, rng, SPAN, sym } from "./helpers.js";

const NAMES = ["x", "m", "ch", "a", "t", "f", "buf", "job", "ar", "helper", "main"];
const CALLEES = ["await", "sleep", "yield", "send", "try-send", "recv", "try-recv", "close!", "par-map", "par-for-each", "swap!", "reset!",
  "atom", "deref", "mut-vec", "push!", "freeze", "count", "map", "for-each", "println", "+", "helper", "arena-vec", "thread-id", "cancel-tasks", "Job", ".run"];
const TYPES: Form[] = [sym("Int"), sym("String"), list(sym("MutVec"), sym("Int")), list(sym("Fn"), list(), sym("Int")), list(sym("LocalFn"), list(), sym("Int")),
  list(sym("Channel"), sym("Int")), sym("Job"), sym("a"), sym("Nope")];

/** Well-formed programs (every form has its shape) that mix the concurrency forms at random types. */
function expr(r: () => number, depth: number): Form {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sub = () => expr(r, depth - 1);
  const k = depth <= 0 ? Math.floor(r() * 4) : Math.floor(r() * 22);
  switch (k) {
    case 0: return int(Math.floor(r() * 5));
    case 1: return sym(pick(NAMES));
    case 2: return { kind: "string", value: "s", span: SPAN };
    case 3: return list(sym("fn"), list(), sym(pick(NAMES)));
    case 4: case 5: return list(sym(pick(CALLEES)), ...Array.from({ length: Math.floor(r() * 3) + 1 }, sub));
    case 6: return list(sym("with-tasks"), sub(), sub());
    case 7: return list(sym(r() < 0.5 ? "spawn" : "spawn-thread"), sub());
    case 8: return list(sym("channel"), pick(TYPES), ...(r() < 0.3 ? [] : r() < 0.5 ? [kw("unbounded")] : [int(2), ...(r() < 0.5 ? [kw(pick(["dropping", "sliding"]))] : [])]));
    case 9: return list(sym("select"),
      list(list(sym("recv"), sub()), list(sym("m")), sub()),
      ...(r() < 0.5 ? [list(list(sym("send"), sub(), sub()), list(), sub())] : []),
      ...(r() < 0.5 ? [list(list(sym("after"), int(1)), list(), sub())] : []),
      ...(r() < 0.5 ? [list(sym("default"), sub())] : []));
    case 10: return list(sym("for-msg"), list(sym("m"), sub()), sub());
    case 11: return list(sym("timeout"), int(5), sub());
    case 12: return list(sym("race"), sub(), sub());
    case 13: return list(sym("let"), list(r() < 0.4 ? list(sym("mut"), sym(pick(NAMES)), sub()) : list(sym(pick(NAMES)), sub())), sub());
    case 14: return list(sym("set!"), sym(pick(NAMES)), sub());
    case 15: return list(sym("fn"), list(sym(pick(NAMES))), sub());
    case 16: return list(sym("with-arena"), list(sym("ar")), sub());
    case 17: return list(sym("swap!"), sub(), list(sym("fn"), list(sym("v")), sub()));
    case 18: return list(sym("par-map"), sub(), list(sym("fn"), list(sym("e")), sub()));
    case 19: return list(sym("the"), pick(TYPES), sub());
    case 20: return list(sub(), sub());
    default: return { kind: "vector", items: [sub(), sub()], span: SPAN };
  }
}

function program(seed: number): Form[] {
  const r = rng(seed);
  const field = TYPES[Math.floor(r() * 5)]!;
  return [
    list(sym("defstruct"), sym("Job"), list(sym("run"), field)),
    list(sym("defn"), sym("helper"), list(sym("x"), sym("f")), expr(r, 3)),
    list(sym("defn"), sym("main"), list(), expr(r, 3)),
  ];
}

// 1,000 programs in `npm test`, 10,000 under `npm run test:long`.
const PROGRAMS = inject("long") ? 10_000 : 1_000;

test(`${PROGRAMS} generated concurrency programs are checked without throwing`, () => {
  let withErrors = 0;
  for (let seed = 1; seed <= PROGRAMS; seed++) {
    const files = new Map([["gen.weft", program(seed)]]);
    let result: ReturnType<typeof check> | undefined;
    try {
      result = check({ entry: "gen.weft", files });
    } catch (e) {
      throw new Error(`seed ${seed} threw: ${(e as Error).message}`);
    }
    const internal = result.diagnostics.find((d) => d.message.startsWith("internal checker error"));
    if (internal) throw new Error(`seed ${seed}: ${internal.message}`);
    if ((result.program === undefined) !== result.diagnostics.some((d) => d.severity === "error")) throw new Error(`seed ${seed}: program/diagnostics disagree`);
    if (result.diagnostics.length > 0) withErrors++;
  }
  expect(withErrors).toBeGreaterThan(PROGRAMS * 0.7);
});
