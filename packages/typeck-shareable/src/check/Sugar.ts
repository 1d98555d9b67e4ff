import type { Form, Span } from "@weft/reader";
import { desugarAssertion } from "./Tests.js";

/**
 * The everyday syntax of LANGUAGE.md §4.1 as rewrites into core forms, so the checker types
 * and codegen compiles only the core: `->` into nested calls, `dotimes` into a `loop`,
 * `when-let`/`if-let` into a `match` on `Some`. Each built form carries the span of the source it
 * came from, so a diagnostic inside points at what the user wrote.
 */
export type Sugar = Form | { readonly malformed: string };

type List = Extract<Form, { kind: "list" }>;

/** The sugar forms, documented for `weft explain` (their types are those of what they expand to). */
export const SUGAR_FORMS: readonly { readonly name: string; readonly usage: string; readonly doc: string; readonly example: string }[] = [
  { name: "->", usage: "(-> x step...)", doc: "Threads x as the first argument of each step: a name f is (f acc), a call (f a) is (f acc a).", example: "(-> ents (map step) (filter alive?))" },
  { name: "dotimes", usage: "(dotimes (i n) body...)", doc: "Runs body with i = 0, 1, ... n-1 (n is evaluated once); returns Unit.", example: "(dotimes (i 3) (println i))" },
  { name: "when-let", usage: "(when-let ((x opt)...) body...)", doc: "Runs body with x bound to the value of a Some (every binding must be a Some); returns Unit.", example: "(when-let ((e (first enemies))) (attack e))" },
  { name: "if-let", usage: "(if-let ((x opt)) then else)", doc: "then with x bound to the value of a Some, else when opt is None.", example: '(if-let ((n (parse-int s))) n 0)' },
];

const sym = (name: string, span: Span): Form => ({ kind: "symbol", name, span });
const list = (span: Span, ...items: Form[]): Form => ({ kind: "list", items, span });
const unit = (span: Span): Form => ({ kind: "list", items: [], span });

/** Rewrites `f` when its head names a sugar form; `null` when it is not one. */
export function desugar(f: List): Sugar | null {
  const head = f.items[0];
  if (head?.kind !== "symbol") return null;
  const args = f.items.slice(1);
  switch (head.name) {
    case "->":
      return thread(args);
    case "dotimes":
      return dotimes(args, f.span);
    case "when-let":
      return whenLet(args, f.span);
    case "if-let":
      return ifLet(args, f.span);
  }
  return desugarAssertion(head.name, args, f.span);
}

function thread(args: readonly Form[]): Sugar {
  const [first, ...steps] = args;
  if (!first) return { malformed: "`->` needs a value to thread: (-> x (f a) g)" };
  let acc = first;
  for (const step of steps) {
    if (step.kind === "symbol") acc = list(step.span, step, acc);
    else if (step.kind === "list" && step.items.length > 0) acc = list(step.span, step.items[0]!, acc, ...step.items.slice(1));
    else return { malformed: "each step of `->` is a function name or a call missing its first argument: (-> x (f a) g)" };
  }
  return acc;
}

function dotimes(args: readonly Form[], span: Span): Sugar {
  const spec = args[0];
  if (!spec || spec.kind !== "list" || spec.items.length !== 2 || spec.items[0]!.kind !== "symbol")
    return { malformed: "`dotimes` binds a counter and a count: (dotimes (i n) body...)" };
  const [i, n] = spec.items as [Form, Form];
  // The count is evaluated once, before the first iteration; its name cannot be written in Weft.
  const end = sym("dotimes end", n.span);
  const loop = list(
    span,
    sym("loop", span),
    list(spec.span, list(i.span, i, { kind: "int", value: 0, span: i.span })),
    list(span, sym("when", span), list(n.span, sym("<", n.span), i, end), ...args.slice(1), list(span, sym("recur", span), list(i.span, sym("+", i.span), i, { kind: "int", value: 1, span: i.span }))),
  );
  return list(span, sym("let", span), list(spec.span, list(n.span, end, n)), loop, unit(span));
}

/** The `((pattern option) ...)` bindings of `when-let`/`if-let`. */
function bindings(form: Form | undefined, what: string): { pattern: Form; value: Form; span: Span }[] | string {
  const usage = what === "when-let" ? "(when-let ((x opt)) body...)" : "(if-let ((x opt)) then else)";
  if (!form || form.kind !== "list" || form.items.length === 0) return `\`${what}\` binds the value of a \`Some\`: ${usage}`;
  const out: { pattern: Form; value: Form; span: Span }[] = [];
  for (const b of form.items) {
    if (b.kind !== "list" || b.items.length !== 2) return `each binding of \`${what}\` is a name and an Option: ${usage}`;
    out.push({ pattern: b.items[0]!, value: b.items[1]!, span: b.span });
  }
  return out;
}

function whenLet(args: readonly Form[], span: Span): Sugar {
  const bs = bindings(args[0], "when-let");
  if (typeof bs === "string") return { malformed: bs };
  // Nested: the body runs only when every binding is a `Some`.
  let body: Form[] = [...args.slice(1), unit(span)];
  for (const b of [...bs].reverse()) body = [someMatch(b, body, [unit(span)], span)];
  return body[0]!;
}

function ifLet(args: readonly Form[], span: Span): Sugar {
  const bs = bindings(args[0], "if-let");
  if (typeof bs === "string") return { malformed: bs };
  if (bs.length !== 1 || args.length !== 3) return { malformed: "`if-let` takes one binding, a then and an else: (if-let ((x opt)) then else)" };
  return someMatch(bs[0]!, [args[1]!], [args[2]!], span);
}

function someMatch(b: { pattern: Form; value: Form; span: Span }, then: Form[], otherwise: Form[], span: Span): Form {
  return list(
    span,
    sym("match", span),
    b.value,
    list(b.span, list(b.pattern.span, sym("Some", b.pattern.span), b.pattern), ...then),
    list(span, sym("None", span), ...otherwise),
  );
}
