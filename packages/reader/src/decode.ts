import { error, type Diagnostic } from "./Diagnostic.js";

/** A source file's text and what was wrong with its bytes. */
export interface Decoded {
  readonly text: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Decodes a source file's bytes as UTF-8 (LANGUAGE.md: source files are UTF-8). Each byte
 * sequence that is not UTF-8 becomes U+FFFD in `text`, as the WHATWG decoder does, and the
 * first is reported as E0007 at its place in `text` (spans are UTF-8 offsets of `text`, where
 * U+FFFD takes 3 bytes). A U+FFFD written in the file is not an error. A BOM is kept (the
 * reader skips it as whitespace), so offsets match what an editor shows.
 */
export function decodeSource(file: string, bytes: Uint8Array): Decoded {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const bad: { at: number; byte: number; offset: number }[] = [];
  let tb = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      tb++;
      continue;
    }
    const [need, lower, upper] =
      b >= 0xc2 && b <= 0xdf ? [1, 0x80, 0xbf]
      : b === 0xe0 ? [2, 0xa0, 0xbf]
      : b === 0xed ? [2, 0x80, 0x9f]
      : b >= 0xe1 && b <= 0xef ? [2, 0x80, 0xbf]
      : b === 0xf0 ? [3, 0x90, 0xbf]
      : b === 0xf4 ? [3, 0x80, 0x8f]
      : b >= 0xf1 && b <= 0xf3 ? [3, 0x80, 0xbf]
      : [0, 0, 0];
    let j = i + 1;
    let ok = need > 0;
    for (let k = 0; ok && k < need; k++, j++) {
      const c = bytes[j];
      if (c === undefined || c < (k === 0 ? lower : 0x80) || c > (k === 0 ? upper : 0xbf)) ok = false;
    }
    if (ok) {
      tb += need + 1;
      i = j;
    } else {
      // The decoder replaces the longest valid prefix (at least one byte) with one U+FFFD.
      const end = need === 0 ? i + 1 : Math.max(i + 1, firstBad(bytes, i, need, lower, upper));
      bad.push({ at: tb, byte: b, offset: i });
      tb += 3;
      i = end;
    }
  }
  if (bad.length === 0) return { text, diagnostics: [] };
  const first = bad[0]!;
  const more = bad.length > 1 ? ` (and ${bad.length - 1} more place${bad.length > 2 ? "s" : ""})` : "";
  return {
    text,
    diagnostics: [
      error("E0007", `this file is not valid UTF-8: byte 0x${first.byte.toString(16).toUpperCase().padStart(2, "0")} at offset ${first.offset} cannot be decoded${more}`, { file, start: first.at, end: first.at + 3 }, {
        label: "not UTF-8",
        help: "save the file as UTF-8",
      }),
    ],
  };
}

/** Where the continuation bytes after the lead byte at `i` stop being valid. */
function firstBad(bytes: Uint8Array, i: number, need: number, lower: number, upper: number): number {
  let j = i + 1;
  for (let k = 0; k < need; k++, j++) {
    const c = bytes[j];
    if (c === undefined || c < (k === 0 ? lower : 0x80) || c > (k === 0 ? upper : 0xbf)) return j;
  }
  return j;
}
