import { GenMapping, addSegment, setSourceContent, toEncodedMap } from "@jridgewell/gen-mapping";
import { LineTable, type Span } from "@weft/reader";
import type { SourceMapV3 } from "./JsModule.js";

/**
 * Source positions travel inside the generated text as markers (`\uE000<n>\uE001`, never
 * produced otherwise: every string literal and name in the output is ASCII) and are turned into
 * source-map segments, and removed, once the module text is complete.
 */
export class Markers {
  readonly #spans: Span[] = [];

  /** A marker that maps the generated text after it to `span`'s start. */
  mark(span: Span): string {
    this.#spans.push(span);
    return `\uE000${this.#spans.length - 1}\uE001`;
  }

  /** The text without markers and its source map. */
  finish(text: string, file: string, sourcePath: string, source: string | undefined): { js: string; map: SourceMapV3 } {
    const table = source === undefined ? null : new LineTable(source);
    const gen = new GenMapping({ file });
    if (source !== undefined) setSourceContent(gen, sourcePath, source);
    let out = "";
    let line = 0;
    let col = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === "\uE000") {
        const end = text.indexOf("\uE001", i);
        const span = this.#spans[Number(text.slice(i + 1, end))]!;
        const pos = table ? table.position(span.start) : { line: 1, col: span.start + 1 };
        addSegment(gen, line, col, sourcePath, pos.line - 1, pos.col - 1);
        i = end;
        continue;
      }
      out += c;
      if (c === "\n") {
        line++;
        col = 0;
      } else col++;
    }
    const enc = toEncodedMap(gen);
    const map: SourceMapV3 = {
      version: 3,
      file,
      sources: [sourcePath],
      ...(source !== undefined ? { sourcesContent: [source] } : {}),
      names: [],
      mappings: enc.mappings,
    };
    return { js: out, map };
  }
}
