import type { Form, Span } from "@weft/reader";
import type { TestDecl } from "../IR.js";
import type { Reporter } from "./Errors.js";

/**
 * `weft test`'s forms (LANGUAGE.md §9) as rewrites into core forms, like the sugar of §4.1:
 * a top-level `(deftest "name" body...)` becomes a function of no arguments whose name cannot
 * be written in Weft, and `(assert c)` / `(assert= expected actual)` become a `fail` at the
 * assertion's span, so the runtime error's Weft location is the assertion.
 */

const sym = (name: string, span: Span): Form => ({ kind: "symbol", name, span });
const str = (value: string, span: Span): Form => ({ kind: "string", value, span });
const list = (span: Span, ...items: Form[]): Form => ({ kind: "list", items, span });
const unit = (span: Span): Form => ({ kind: "list", items: [], span });

/** The first line of every assertion failure's message; `weft test` recognises it. */
export const ASSERTION_FAILED = "assertion failed";

/** The function a `deftest` named `name` compiles to (a name no Weft source can spell). */
export const testFunctionName = (name: string): string => `deftest ${JSON.stringify(name)}`;

/**
 * Replaces each top-level `deftest` of `forms` by its function; returns the new forms and the
 * tests in source order. A malformed `deftest` is reported and dropped.
 */
export function collectTests(forms: readonly Form[], rep: Reporter): { forms: Form[]; tests: TestDecl[] } {
  const out: Form[] = [];
  const tests: TestDecl[] = [];
  for (const f of forms) {
    if (f.kind !== "list" || f.items[0]?.kind !== "symbol" || f.items[0].name !== "deftest") {
      out.push(f);
      continue;
    }
    const name = f.items[1];
    if (name?.kind !== "string") {
      rep.report("E0107", '`deftest` is (deftest "name" body...)', f.span, { help: 'name the test with a string: (deftest "loader times out" ...)' });
      continue;
    }
    const fn = testFunctionName(name.value);
    // The body's value is discarded: a test passes by finishing.
    out.push(list(f.span, sym("defn", f.span), sym(fn, name.span), list(name.span), ...f.items.slice(2), unit(f.span)));
    tests.push({ name: name.value, fn, span: f.span });
  }
  return { forms: out, tests };
}

/** `(assert c)` and `(assert= expected actual)`; `null` for any other head. */
export function desugarAssertion(head: string, args: readonly Form[], span: Span): Form | { readonly malformed: string } | null {
  if (head === "assert") {
    if (args.length !== 1) return { malformed: "`assert` takes one condition: (assert (> hp 0))" };
    const message = str(`${ASSERTION_FAILED}: ${formText(args[0]!)}`, span);
    return list(span, sym("if", span), args[0]!, unit(span), list(span, sym("fail", span), message));
  }
  if (head === "assert=") {
    if (args.length !== 2) return { malformed: "`assert=` takes the expected value and the actual one: (assert= 3 (count xs))" };
    const [expected, actual] = args as [Form, Form];
    // Both are evaluated once, expected first; the names cannot be written in Weft.
    const e = sym("assert= expected", expected.span);
    const a = sym("assert= actual", actual.span);
    const message = list(
      span,
      sym("str", span),
      str(`${ASSERTION_FAILED}: ${formText(actual)} is not what was expected\n  expected: `, span),
      list(span, sym("show", span), e),
      str("\n    actual: ", span),
      list(span, sym("show", span), a),
    );
    const check = list(span, sym("if", span), list(span, sym("=", span), e, a), unit(span), list(span, sym("fail", span), message));
    return list(span, sym("let", span), list(span, list(expected.span, e, expected), list(actual.span, a, actual)), check);
  }
  return null;
}

/** A form as the source would spell it, for assertion messages. */
function formText(f: Form): string {
  switch (f.kind) {
    case "list":
      return `(${f.items.map(formText).join(" ")})`;
    case "vector":
      return `[${f.items.map(formText).join(" ")}]`;
    case "map":
      return `{${f.entries.map(([k, v]) => `${formText(k)} ${formText(v)}`).join(", ")}}`;
    case "int":
      return String(f.value);
    case "float":
      return Number.isInteger(f.value) ? `${f.value}.0` : String(f.value);
    case "string":
      return JSON.stringify(f.value);
    case "bool":
      return String(f.value);
    case "keyword":
      return `:${f.name}`;
    case "symbol":
      return f.name;
  }
}
