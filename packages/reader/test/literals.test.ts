import { describe, expect, test } from "vitest";
import { read, type Form } from "../src/index.js";

/** Reads one form that must come back without diagnostics. */
function one(text: string): Form {
  const { forms, diagnostics } = read("t.weft", text);
  expect(diagnostics).toEqual([]);
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

/** A form with its spans removed, as `[kind, value-or-children]`, for short expectations. */
function shape(form: Form): unknown {
  switch (form.kind) {
    case "list":
    case "vector":
      return [form.kind, form.items.map(shape)];
    case "map":
      return ["map", form.entries.map(([k, v]) => [shape(k), shape(v)])];
    case "keyword":
    case "symbol":
      return [form.kind, form.name];
    default:
      return [form.kind, form.value];
  }
}

describe("numbers", () => {
  test.each([
    ["42", "int", 42],
    ["-7", "int", -7],
    ["0", "int", 0],
    ["-0", "int", 0],
    ["1_000", "int", 1000],
    ["1_000_000", "int", 1_000_000],
    ["0xFF", "int", 255],
    ["0xff_ff", "int", 65535],
    ["-0x10", "int", -16],
    ["0b1010", "int", 10],
    ["-0b1", "int", -1],
    ["2147483647", "int", 2147483647],
    ["-2147483648", "int", -2147483648],
    ["0x7FFFFFFF", "int", 2147483647],
    ["-0x80000000", "int", -2147483648],
    ["1.0", "float", 1],
    ["-2.5e3", "float", -2500],
    ["6.0e-1", "float", 0.6],
    ["1e+21", "float", 1e21],
    ["1e3", "float", 1000],
    ["2E2", "float", 200],
    ["0.000001", "float", 0.000001],
    ["1_000.5", "float", 1000.5],
    ["-0.0", "float", -0],
  ] as const)("%s reads as the %s %d", (text, kind, value) => {
    const form = one(text);
    expect(form.kind).toBe(kind);
    expect(form).toMatchObject({ value, span: { file: "t.weft", start: 0, end: text.length } });
    if (kind === "int") expect(Object.is((form as { value: number }).value, -0)).toBe(false);
  });
});

describe("other literals", () => {
  test.each([
    ["true", ["bool", true]],
    ["false", ["bool", false]],
    [":name", ["keyword", "name"]],
    [":hp", ["keyword", "hp"]],
    ['"hi"', ["string", "hi"]],
    ['""', ["string", ""]],
    ['"a\\nb\\tc\\rd\\0e"', ["string", "a\nb\tc\rd\0e"]],
    ['"q\\"x\\" \\\\"', ["string", 'q"x" \\']],
    ['"\\u{1F600}"', ["string", "\u{1F600}"]],
    ['"\\u{41}\\u{e9}"', ["string", "Aé"]],
    ['"two\nlines"', ["string", "two\nlines"]],
  ] as const)("%s reads as %j", (text, expected) => {
    expect(shape(one(text))).toEqual(expected);
  });

  test.each(["+", "-", "->", ".x", "swap!", "Vec2", "vec+", "not=", "<=", "update-position", "*", "/", "a'b", "nil", ":", "#foo"])(
    "%s reads as a symbol",
    (text) => {
      expect(shape(one(text))).toEqual(["symbol", text]);
    },
  );
});

describe("collections and sugar", () => {
  test.each([
    ["(f a b)", ["list", [["symbol", "f"], ["symbol", "a"], ["symbol", "b"]]]],
    ["()", ["list", []]],
    ["[1 2 3]", ["vector", [["int", 1], ["int", 2], ["int", 3]]]],
    ["[1, 2, 3]", ["vector", [["int", 1], ["int", 2], ["int", 3]]]],
    ["{:hp 10 :mp 3}", ["map", [[["keyword", "hp"], ["int", 10]], [["keyword", "mp"], ["int", 3]]]]],
    ["{}", ["map", []]],
    ["@a", ["list", [["symbol", "deref"], ["symbol", "a"]]]],
    ["'x", ["list", [["symbol", "quote"], ["symbol", "x"]]]],
    ["@ a", ["list", [["symbol", "deref"], ["symbol", "a"]]]],
    ["'(1 2)", ["list", [["symbol", "quote"], ["list", [["int", 1], ["int", 2]]]]]],
    ["@@a", ["list", [["symbol", "deref"], ["list", [["symbol", "deref"], ["symbol", "a"]]]]]],
    ["(a #_ b c)", ["list", [["symbol", "a"], ["symbol", "c"]]]],
    ["(a #_#_ b c d)", ["list", [["symbol", "a"], ["symbol", "d"]]]],
    ["{:a 1 #_ :b}", ["map", [[["keyword", "a"], ["int", 1]]]]],
    ["(a ; comment ) here\n b)", ["list", [["symbol", "a"], ["symbol", "b"]]]],
    ["(a\"s\"b)", ["list", [["symbol", "a"], ["string", "s"], ["symbol", "b"]]]],
  ] as const)("%j reads as %j", (text, expected) => {
    expect(shape(one(text))).toEqual(expected);
  });

  test("a file of several forms, comments and discards reads every form in order", () => {
    const { forms, diagnostics } = read("t.weft", "; head\n(a)\n#_ (gone (entirely))\n[b] ; tail\n:c");
    expect(diagnostics).toEqual([]);
    expect(forms.map(shape)).toEqual([["list", [["symbol", "a"]]], ["vector", [["symbol", "b"]]], ["keyword", "c"]]);
  });

  test("sugar puts the span of the whole `@a` on the list and the `@` on the head symbol", () => {
    const form = one("  @abc");
    expect(form).toMatchObject({
      kind: "list",
      span: { start: 2, end: 6 },
      items: [{ name: "deref", span: { start: 2, end: 3 } }, { name: "abc", span: { start: 3, end: 6 } }],
    });
  });

  test("a collection's span runs from its opener through its closer", () => {
    const form = one(" (f [1] {:a 2}) ");
    expect(form.span).toEqual({ file: "t.weft", start: 1, end: 15 });
    if (form.kind !== "list") throw new Error("expected a list");
    expect(form.items.map((f) => [f.span.start, f.span.end])).toEqual([[2, 3], [4, 7], [8, 14]]);
  });
});

describe("byte offsets", () => {
  test("spans after an emoji count its four UTF-8 bytes", () => {
    const { forms } = read("t.weft", '("😀" x)');
    const list = forms[0]!;
    if (list.kind !== "list") throw new Error("expected a list");
    expect(list.items[0]!.span).toMatchObject({ start: 1, end: 7 });
    expect(list.items[1]!.span).toMatchObject({ start: 8, end: 9 });
    expect(list.span).toMatchObject({ start: 0, end: 10 });
  });

  test("spans after two-byte and three-byte characters count their bytes", () => {
    const { forms } = read("t.weft", "é € x");
    expect(forms.map((f) => [f.span.start, f.span.end])).toEqual([[0, 2], [3, 6], [7, 8]]);
  });

  test("a lone surrogate counts as the three bytes of U+FFFD", () => {
    const { forms } = read("t.weft", '"\uD800" x');
    expect(forms[1]!.span).toMatchObject({ start: 6, end: 7 });
  });
});
