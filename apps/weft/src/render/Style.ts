/** Terminal styling; `plain` is used when colour is off (not a TTY, or NO_COLOR is set). */
export interface Style {
  readonly error: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly note: (s: string) => string;
  readonly gutter: (s: string) => string;
  readonly bold: (s: string) => string;
}

const ansi = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const plain: Style = { error: id, warning: id, note: id, gutter: id, bold: id };

export const colored: Style = {
  error: ansi(31, 39),
  warning: ansi(33, 39),
  note: ansi(36, 39),
  gutter: ansi(34, 39),
  bold: ansi(1, 22),
};

function id(s: string): string {
  return s;
}

/**
 * Colour when writing to a terminal and the user has not opted out (https://no-color.org).
 * `FORCE_COLOR` decides first, as in Node itself: `0` or `false` turns colour off, any other
 * non-empty value turns it on even when the output is piped (CI logs).
 */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Style {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force === "0" || force === "false" ? plain : colored;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return plain;
  return stream.isTTY ? colored : plain;
}
