// The compiler and the runtime name Weft files by absolute path; what a person or a tool reads
// names them as the `-->` line does, relative to the working directory.

/** `text` with each absolute Weft path in it passed through `shown` (e.g. made relative). */
export function pathsIn(text: string, shown: (path: string) => string): string {
  return text.replace(/\/[^\s:`'"]+\.weft/g, shown);
}
