import { describe, expect, test } from "vitest";
import { decodeSource } from "../src/index.js";

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : p)));

describe("decoding a source file's bytes", () => {
  test.each([
    ["plain UTF-8, accents and emoji included", bytes("(println \"café 😀\")"), null],
    ["a U+FFFD written in the file", bytes("\"", [0xef, 0xbf, 0xbd], "\""), null],
    ["a BOM, kept for the reader to skip", bytes([0xef, 0xbb, 0xbf], "(f)"), null],
    ["a Latin-1 é", bytes("caf", [0xe9], "!"), { byte: "0xE9", offset: 3, start: 3 }],
    ["a lone continuation byte", bytes("a", [0x80]), { byte: "0x80", offset: 1, start: 1 }],
    ["a sequence cut short by the end of the file", bytes("ab", [0xe2, 0x82]), { byte: "0xE2", offset: 2, start: 2 }],
    ["an encoded surrogate", bytes([0xed, 0xa0, 0x80]), { byte: "0xED", offset: 0, start: 0 }],
    ["an overlong encoding", bytes("x", [0xc0, 0xaf]), { byte: "0xC0", offset: 1, start: 1 }],
  ])("%s", (_name, input, problem) => {
    const { text, diagnostics } = decodeSource("f.weft", input);
    expect(text).toBe(new TextDecoder("utf-8", { ignoreBOM: true }).decode(input));
    if (problem === null) return expect(diagnostics).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe("E0007");
    expect(diagnostics[0]!.message).toContain(`byte ${problem.byte} at offset ${problem.offset}`);
    // The span is where U+FFFD stands in `text`, in UTF-8 bytes of the text.
    expect(diagnostics[0]!.span).toEqual({ file: "f.weft", start: problem.start, end: problem.start + 3 });
    expect(Buffer.from(text).subarray(problem.start, problem.start + 3)).toEqual(Buffer.from("\ufffd"));
  });

  test("several bad places are counted in one diagnostic at the first", () => {
    const { diagnostics } = decodeSource("f.weft", bytes([0xff], "ok", [0xfe], [0xfd]));
    expect(diagnostics.map((d) => d.message)).toEqual(["this file is not valid UTF-8: byte 0xFF at offset 0 cannot be decoded (and 2 more places)"]);
  });
});
