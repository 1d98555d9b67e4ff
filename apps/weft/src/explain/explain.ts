import { pages } from "./pages.js";

/** The text of `weft explain CODE`, or `undefined` for a code Weft does not have. */
export function explain(code: string): string | undefined {
  const key = code.toUpperCase();
  const page = pages[key];
  if (!page) return undefined;
  const indent = (s: string) => s.split("\n").map((l) => `    ${l}`).join("\n");
  return `${key}: ${page.title}\n\n${page.why}\n\nWrong:\n\n${indent(page.wrong)}\n\nRight:\n\n${indent(page.right)}\n`;
}

export const knownCodes: readonly string[] = Object.keys(pages);
