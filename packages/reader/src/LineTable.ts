/**
 * Turns byte offsets into 1-based lines and columns (columns in Unicode code points), only when
 * a diagnostic is rendered.
 */
export class LineTable {
  readonly #bytes: Uint8Array;
  /** Byte offset at which each line starts. */
  readonly #lineStarts: number[];

  constructor(readonly text: string) {
    this.#bytes = new TextEncoder().encode(text);
    this.#lineStarts = [0];
    for (let i = 0; i < this.#bytes.length; i++) if (this.#bytes[i] === 0x0a) this.#lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }

  /** `{ line, col }` of a byte offset, both 1-based. */
  position(offset: number): { line: number; col: number } {
    const clamped = Math.max(0, Math.min(offset, this.#bytes.length));
    let lo = 0;
    let hi = this.#lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const start = this.#lineStarts[lo]!;
    let col = 1;
    for (let i = start; i < clamped; i++) if ((this.#bytes[i]! & 0xc0) !== 0x80) col++;
    return { line: lo + 1, col };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.#lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.#lineStarts[line];
    const end = next === undefined ? this.#bytes.length : next - 1;
    return new TextDecoder().decode(this.#bytes.subarray(start, end)).replace(/\r$/, "");
  }
}
