import { error, warning, type Diagnostic, type Label, type Span } from "@weft/reader";

/** The checker's diagnostics, accumulated; one place builds every `Diagnostic`. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  report(code: string, message: string, span: Span, extra: { label?: string; notes?: readonly Label[]; help?: string } = {}): void {
    this.#add(error(code, message, span, extra));
  }
  warn(code: string, message: string, span: Span, extra: { label?: string; notes?: readonly Label[]; help?: string } = {}): void {
    this.#add(warning(code, message, span, extra));
  }
  /**
   * Where the next diagnostics go: at `index` and after (a solve replaying a group's
   * constraints puts its reports where inference generated the constraint), or at the end.
   */
  insertAt(index: number | null): void {
    this.#at = index;
  }
  #at: number | null = null;
  #add(d: Diagnostic): void {
    if (this.#at === null) this.diagnostics.push(d);
    else this.diagnostics.splice(this.#at++, 0, d);
  }
  /**
   * An error a later pass may find to be the consequence of one it reports itself (a value that
   * escapes its arena also crosses to another task): reported now, under `causes`, and dropped
   * by `dropCaused` — at once, or when it is reported after the pass has run.
   */
  reportCaused(causes: readonly string[], code: string, message: string, span: Span, extra: { label?: string; notes?: readonly Label[]; help?: string } = {}): void {
    if (causes.some((c) => this.#dropped.has(c))) return;
    const d = error(code, message, span, extra);
    this.#add(d);
    for (const c of causes) (this.#caused.get(c) ?? this.#caused.set(c, []).get(c)!).push(d);
  }
  /** Drops the errors reported under these causes, and those reported under them from now on. */
  dropCaused(causes: Iterable<string>): void {
    const gone = new Set<Diagnostic>();
    for (const c of causes) {
      this.#dropped.add(c);
      for (const d of this.#caused.get(c) ?? []) gone.add(d);
    }
    if (gone.size === 0) return;
    const kept = this.diagnostics.filter((d) => !gone.has(d));
    this.diagnostics.splice(0, this.diagnostics.length, ...kept);
  }
  readonly #caused = new Map<string, Diagnostic[]>();
  readonly #dropped = new Set<string>();
  get count(): number {
    return this.diagnostics.length;
  }
  get errors(): number {
    return this.diagnostics.filter((d) => d.severity === "error").length;
  }
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** The closest candidate within a small edit distance, for "did you mean" help. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = name.length <= 3 ? 1 : name.length <= 6 ? 2 : 3;
  for (const c of candidates) {
    if (c === name) continue;
    const dist = distance(name, c);
    if (dist <= bestD && (best === undefined || dist < bestD)) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}
