import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { vi } from "vitest";

/**
 * One ```ts block of a README and the lines its `console.log(...) // text` comments promise
 * (text after ` — ` in such a comment explains, it is not output).
 */
export interface ReadmeExample {
  readonly code: string;
  readonly expected: string[];
}

/**
 * Every ```ts block of `packageDir`/README.md that imports one of `modules` and promises output
 * (a block without `console.log(...) // text` is a fragment, not an example).
 */
export function readmeExamples(packageDir: string, modules: string[]): ReadmeExample[] {
  const readme = readFileSync(join(packageDir, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? "")
    .filter((code) => modules.some((module) => code.includes(`from "${module}"`)))
    .map((code) => ({
      code,
      expected: [...code.matchAll(/console\.log\(.*\/\/ (.*)$/gm)].map((m) => (m[1] ?? "").split(" — ")[0]!.trim()),
    }))
    .filter((example) => example.expected.length > 0);
}

/**
 * Runs an example as a module of `packageDir` (so its imports resolve as a user's would) and
 * returns what it logged, one string per `console.log` call.
 */
export async function runExample(packageDir: string, example: ReadmeExample, name: string): Promise<string[]> {
  const dir = join(packageDir, ".readme-examples");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, example.code);
  const logged: string[] = [];
  const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
    rmSync(file);
  }
  return logged;
}
