import { describe, expect, test } from "vitest";
import { read } from "../src/index.js";

/** The diagnostics of `text` reduced to what a user sees: code, span, message and label. */
function errors(text: string) {
  return read("t.weft", text).diagnostics.map((d) => ({
    code: d.code,
    start: d.span.start,
    end: d.span.end,
    message: d.message,
    label: d.label,
  }));
}

describe("each error code", () => {
  test.each([
    // E0001 unclosed delimiter: the span is the opener.
    ["(f a", "E0001", 0, 1, "unclosed delimiter `(`", "this `(` is never closed"],
    ["x [1 2", "E0001", 2, 3, "unclosed delimiter `[`", "this `[` is never closed"],
    ["{:a 1", "E0001", 0, 1, "unclosed delimiter `{`", "this `{` is never closed"],
    ["(a (b (c))", "E0001", 0, 1, "unclosed delimiter `(`", "this `(` is never closed"],
    ["(f @", "E0001", 0, 1, "unclosed delimiter `(`", "this `(` is never closed"],
    ["@", "E0001", 0, 1, "expected a form after `@`, found the end of the file", "`@` is never followed by a form"],
    ["x #_", "E0001", 2, 4, "expected a form after `#_`, found the end of the file", "`#_` is never followed by a form"],
    // E0002 unterminated string: the span is the opening quote.
    ['"abc', "E0002", 0, 1, "unterminated string", "this string is never closed"],
    ['(a "b\\q', "E0002", 3, 4, "unterminated string", "this string is never closed"],
    ['"ends in a backslash\\', "E0002", 0, 1, "unterminated string", "this string is never closed"],
    // E0003 invalid escape: the span is the escape.
    ['"a\\qb"', "E0003", 2, 4, "invalid escape `\\q` in string", "unknown escape"],
    ['"\\x41"', "E0003", 1, 3, "invalid escape `\\x` in string", "unknown escape"],
    ['"\\😀"', "E0003", 1, 6, "invalid escape `\\😀` in string", "unknown escape"],
    ['"\\u{110000}"', "E0003", 1, 11, "invalid code point `\\u{110000}`", "beyond the last code point, 10FFFF"],
    ['"\\u{D800}"', "E0003", 1, 9, "invalid code point `\\u{D800}`", "a surrogate is not a character"],
    ['"\\u41"', "E0003", 1, 3, "malformed unicode escape", "expected `\\u{HEX}`"],
    ['"\\u{}"', "E0003", 1, 5, "malformed unicode escape", "expected `\\u{HEX}`"],
    ['"\\u{zz}"', "E0003", 1, 7, "malformed unicode escape", "expected `\\u{HEX}`"],
    ['"\\u{41"', "E0003", 1, 6, "malformed unicode escape", "expected `\\u{HEX}`"],
    // E0004 invalid number literal: the span is the whole token.
    ["2147483648", "E0004", 0, 10, "integer literal `2147483648` is out of range", "does not fit in a 32-bit signed Int"],
    ["-2147483649", "E0004", 0, 11, "integer literal `-2147483649` is out of range", "does not fit in a 32-bit signed Int"],
    ["0x80000000", "E0004", 0, 10, "integer literal `0x80000000` is out of range", "does not fit in a 32-bit signed Int"],
    ["12abc", "E0004", 0, 5, "invalid number literal `12abc`", "not a valid number"],
    ["(f 1.)", "E0004", 3, 5, "invalid number literal `1.`", "not a valid number"],
    [".5", "E0004", 0, 2, "invalid number literal `.5`", "not a valid number"],
    ["-.5", "E0004", 0, 3, "invalid number literal `-.5`", "not a valid number"],
    ["1.2.3", "E0004", 0, 5, "invalid number literal `1.2.3`", "not a valid number"],
    ["1_", "E0004", 0, 2, "invalid number literal `1_`", "not a valid number"],
    ["1__0", "E0004", 0, 4, "invalid number literal `1__0`", "not a valid number"],
    ["0xZZ", "E0004", 0, 4, "invalid number literal `0xZZ`", "not a valid number"],
    ["0b102", "E0004", 0, 5, "invalid number literal `0b102`", "not a valid number"],
    ["1e", "E0004", 0, 2, "invalid number literal `1e`", "not a valid number"],
    ["-1x", "E0004", 0, 3, "invalid number literal `-1x`", "not a valid number"],
    ["1e400", "E0004", 0, 5, "float literal `1e400` is out of range", "too large for a 64-bit Float"],
    // E0005 unexpected closing delimiter: the span is the closer.
    [")", "E0005", 0, 1, "unexpected closing delimiter `)`", "no `(` is open here"],
    ["(a)]", "E0005", 3, 4, "unexpected closing delimiter `]`", "no `[` is open here"],
    ["(a]", "E0005", 2, 3, "mismatched closing delimiter `]`", "expected `)` here"],
    ["(a @)", "E0005", 4, 5, "expected a form after `@`, found `)`", "`@` needs a form before this `)`"],
    ["[#_]", "E0005", 3, 4, "expected a form after `#_`, found `]`", "`#_` needs a form before this `]`"],
    // E0006 odd map literal: the span is the map.
    ["{:a 1 :b}", "E0006", 0, 9, "map literal has an odd number of forms", "3 forms: a key is missing its value"],
    ["(x {:a})", "E0006", 3, 7, "map literal has an odd number of forms", "1 form: a key is missing its value"],
  ] as const)("%j reports %s at %i..%i: %s", (text, code, start, end, message, label) => {
    expect(errors(text)).toEqual([{ code, start, end, message, label }]);
  });

  test("every diagnostic is an error with help", () => {
    for (const text of ["(", '"', '"\\q"', "1x", ")", "{1}", "@"]) {
      for (const d of read("t.weft", text).diagnostics) {
        expect(d.severity).toBe("error");
        expect(d.help).toBeTruthy();
      }
    }
  });
});

describe("recovery", () => {
  test("a string that runs to the end of the file reports E0002 alone", () => {
    expect(errors('(defn main () (println "never \\q ends))\n(next [form').map((e) => e.code)).toEqual(["E0002"]);
  });

  test("every unclosed opener is named, the outermost as the primary span", () => {
    const [d, ...rest] = read("t.weft", "(a [b {c").diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "E0001", span: { start: 0, end: 1 } });
    expect(d!.notes.map((n) => [n.span.start, n.message])).toEqual([
      [3, "this `[` is never closed either"],
      [6, "this `{` is never closed either"],
    ]);
  });

  test("an unclosed form points at a later line that starts with an opener", () => {
    const [d, ...rest] = read("t.weft", "(defn a ()\n  (f 1)\n\n(defn b () 2)").diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "E0001", span: { start: 0, end: 1 } });
    expect(d!.notes).toEqual([
      { span: { file: "t.weft", start: 20, end: 21 }, message: "this `(` starts a line: is a closing delimiter missing before it?" },
    ]);
  });

  test("an unterminated string points at an earlier string that ran over several lines", () => {
    const [d, ...rest] = read("t.weft", '(a "x)\n(b "y")').diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "E0002", span: { start: 12, end: 13 } });
    expect(d!.notes).toEqual([
      { span: { file: "t.weft", start: 3, end: 4 }, message: 'this string runs over several lines: is its closing `"` missing?' },
    ]);
  });

  test("the reader goes on after each error and finds the next one", () => {
    const text = '(a "\\q")\n(b))\n(c 12abc)\n(d {:a})\n(e 1.)\n]';
    expect(errors(text).map((e) => e.code)).toEqual(["E0003", "E0005", "E0004", "E0006", "E0004", "E0005"]);
    expect(read("t.weft", text).forms).toHaveLength(5);
  });

  test("a mismatched closer closes the open form, so what follows reads normally", () => {
    const { forms, diagnostics } = read("t.weft", "(a [1 2)) (b)");
    expect(diagnostics.map((d) => d.code)).toEqual(["E0005"]);
    expect(forms.map((f) => f.kind)).toEqual(["list", "list"]);
  });

  test("the partial forms of an unclosed top-level form are kept", () => {
    const { forms } = read("t.weft", "(ok) (defn main () (x)");
    expect(forms).toHaveLength(2);
    expect(forms[1]!.span).toMatchObject({ start: 5, end: 22 });
  });

  test("errors inside a discarded form are still reported", () => {
    expect(errors("#_ (a 12abc) b").map((e) => e.code)).toEqual(["E0004"]);
  });

  test("a deeply nested input does not overflow the stack", () => {
    const deep = "(".repeat(200_000) + ")".repeat(200_000);
    const { forms, diagnostics } = read("t.weft", deep);
    expect(diagnostics).toEqual([]);
    expect(forms).toHaveLength(1);
  });
});
