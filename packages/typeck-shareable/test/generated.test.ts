import type { Form } from "@weft/reader";
import { expect, inject, test } from "vitest";
import { check } from "../src/index.js";
import { list, rng, SPAN, sym } from "./helpers.js";

const NAMES = ["x", "y", "f", "g", "xs", "n", "acc", "v", "main", "helper", "nope"];
const CALLEES = ["+", "-", "*", "/", "mod", "=", "<", "str", "println", "show", "count", "nth", "conj", "map", "filter", "reduce",
  "range", "get", "insert", "float", "int", "not", "push!", "mut-vec", "freeze", "fail", "error-message", "atom", "deref", "swap!",
  "helper", "main", "f", "g", "x", "P", "Some", "None", "Ok", "Node", "Leaf", "Describe", "describe", ".a", ".b", "arena-vec"];
const TYPES = ["Int", "Float", "String", "(Vec a)", "P", "(Tree Int)", "(Option Int)", "Nope", "(Fn (Int) Int)", "a"];

function typeForm(r: () => number): Form {
  const t = TYPES[Math.floor(r() * TYPES.length)]!;
  if (!t.startsWith("(")) return sym(t);
  const parts = t.slice(1, -1).split(" ");
  if (parts[0] === "Fn") return list(sym("Fn"), list(sym("Int")), sym("Int"));
  return list(...parts.map(sym));
}

function expr(r: () => number, depth: number): Form {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const k = depth <= 0 ? Math.floor(r() * 6) : Math.floor(r() * 26);
  const sub = () => expr(r, depth - 1);
  const subs = (n: number) => Array.from({ length: n }, sub);
  switch (k) {
    case 0: return { kind: "int", value: Math.floor(r() * 10) - 3, span: SPAN };
    case 1: return { kind: "float", value: r() * 4, span: SPAN };
    case 2: return { kind: "string", value: "s", span: SPAN };
    case 3: return { kind: "bool", value: r() < 0.5, span: SPAN };
    case 4: return sym(pick(NAMES));
    case 5: return { kind: "keyword", name: "a", span: SPAN };
    case 6: case 7: case 8: return list(sym(pick(CALLEES)), ...subs(Math.floor(r() * 4)));
    case 9: return list(sym("let"), list(...Array.from({ length: 1 + Math.floor(r() * 2) }, () => r() < 0.3 ? list(sym("mut"), sym(pick(NAMES)), sub()) : list(sym(pick(NAMES)), sub()))), ...subs(1 + Math.floor(r() * 2)));
    case 10: return list(sym("if"), ...subs(r() < 0.9 ? 3 : 1));
    case 11: return list(sym("fn"), list(...Array.from({ length: Math.floor(r() * 3) }, () => r() < 0.2 ? list(sym(pick(NAMES)), typeForm(r)) : sym(pick(NAMES)))), sub());
    case 12: return list(sym("match"), sub(), ...Array.from({ length: 1 + Math.floor(r() * 3) }, () => list(pattern(r, 2), sub())));
    case 13: return list(sym("loop"), list(list(sym("i"), sub())), list(sym("if"), sub(), list(sym("recur"), ...subs(Math.floor(r() * 2) + (r() < 0.8 ? 0 : 1))), sub()));
    case 14: return list(sym(pick(["when", "unless", "while", "do", "and", "or"])), ...subs(1 + Math.floor(r() * 3)));
    case 15: return list(sym("cond"), list(sub(), sub()), list(sym("else"), sub()));
    case 16: return list(sym("set!"), sym(pick(NAMES)), sub());
    case 17: return list(sym("try"), sub(), list(sym("catch"), sym("e"), sub()));
    case 18: return list(sym("the"), typeForm(r), sub());
    case 19: return list(sym("with"), sub(), { kind: "keyword", name: pick(["a", "b", "z"]), span: SPAN }, sub());
    case 20: return { kind: "vector", items: subs(Math.floor(r() * 3)), span: SPAN };
    case 21: return { kind: "map", entries: [[sub(), sub()]], span: SPAN };
    case 22: return list(sym("recur"), ...subs(Math.floor(r() * 2)));
    case 23: return list(sym("with-arena"), list(sym("ar")), list(sym("arena-vec"), sym("ar"), sub(), sub()));
    case 24: return list(sub(), ...subs(Math.floor(r() * 3)));
    default: return list(sym(pick(["fn", "let", "match", "loop", "the", "with", "cond", "try", "set!", "defn"])));
  }
}

function pattern(r: () => number, depth: number): Form {
  const k = Math.floor(r() * (depth > 0 ? 7 : 4));
  switch (k) {
    case 0: return sym("_");
    case 1: return sym("p");
    case 2: return { kind: "int", value: 1, span: SPAN };
    case 3: return sym(["None", "Leaf", "Nope"][Math.floor(r() * 3)]!);
    case 4: return list(sym("Some"), pattern(r, depth - 1));
    case 5: return list(sym("Node"), pattern(r, depth - 1), pattern(r, depth - 1), pattern(r, depth - 1));
    default: return list(sym("Ok"), pattern(r, depth - 1), pattern(r, depth - 1));
  }
}

function program(seed: number): Form[] {
  const r = rng(seed);
  const forms: Form[] = [
    list(sym("defstruct"), sym("P"), list(sym("a"), sym("Int")), list(sym("b"), r() < 0.5 ? sym("Float") : typeForm(r))),
    list(sym("defenum"), list(sym("Tree"), sym("a")), sym("Leaf"), list(sym("Node"), list(sym("Tree"), sym("a")), sym("a"), list(sym("Tree"), sym("a")))),
    list(sym("defclass"), list(sym("Describe"), sym("a")), list(sym("describe"), list(sym("Fn"), list(sym("a")), sym("String")))),
  ];
  if (r() < 0.3) forms.push(list(sym("instance"), list(sym(r() < 0.8 ? "Describe" : "Shareable"), typeForm(r)), list(sym("defn"), sym("describe"), list(sym("q")), expr(r, 2))));
  if (r() < 0.3) forms.push(list(sym("sig"), sym("helper"), list(sym("Fn"), list(typeForm(r)), typeForm(r)), list(sym("Num"), sym("a"))));
  forms.push(list(sym("defn"), sym("helper"), list(sym("x")), expr(r, 4)));
  if (r() < 0.3) forms.push(list(sym("def"), sym("g"), expr(r, 3)));
  forms.push(list(sym("defn"), sym("main"), list(), ...Array.from({ length: 1 + Math.floor(r() * 3) }, () => expr(r, 4))));
  return forms;
}

// 300 programs in `npm test`, 2,000 under `npm run test:long`.
const PROGRAMS = inject("long") ? 2_000 : 300;

test(`${PROGRAMS} generated ill-typed programs are checked without throwing`, () => {
  let errors = 0;
  for (let seed = 1; seed <= PROGRAMS; seed++) {
    const files = new Map([["gen.weft", program(seed)]]);
    let result: ReturnType<typeof check> | undefined;
    expect(() => (result = check({ entry: "gen.weft", files })), `seed ${seed}`).not.toThrow();
    const internal = result!.diagnostics.find((d) => d.message.startsWith("internal checker error"));
    expect(internal?.message, `seed ${seed}`).toBeUndefined();
    expect(result!.program === undefined, `seed ${seed}`).toBe(result!.diagnostics.some((d) => d.severity === "error"));
    if (result!.diagnostics.length > 0) errors++;
  }
  // Almost every generated program has a mistake; the test is that none of them crashes the checker.
  expect(errors).toBeGreaterThan(PROGRAMS * 0.75);
});
