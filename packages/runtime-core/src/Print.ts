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
