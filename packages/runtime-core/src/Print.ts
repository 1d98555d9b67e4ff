/** Where printed text goes; tests and embedders may replace it with `setOutput`. */
let write: (text: string) => void = (text) => {
  process.stdout.write(text);
};

/** Sends every later `print`/`println` to `w` (returns the previous writer). */
export function setOutput(w: (text: string) => void): (text: string) => void {
  const prev = write;
  write = w;
  return prev;
}

/** `(println a b ...)` with its arguments already displayed: joined by one space, one write per line. */
export function println(...parts: string[]): undefined {
  write(parts.join(" ") + "\n");
  return undefined;
}

/** `(print a b ...)`: like `println` without the newline. */
export function print(...parts: string[]): undefined {
  write(parts.join(" "));
  return undefined;
}

/** `(str a b ...)` with its arguments already displayed. */
export function str(...parts: string[]): string {
  return parts.join("");
}

/**
 * Ends the process with `code` once everything written to stdout and stderr has reached them:
 * on a pipe Node writes asynchronously, and `process.exit` drops what is still queued (a
 * program's last lines, lost under `weft run game.weft | tee log`).
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => (s.writableLength === 0 ? done() : s.write("", () => done())))));
  process.exit(code);
}
