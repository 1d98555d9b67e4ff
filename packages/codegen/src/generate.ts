import type { Diagnostic } from "@weft/reader";
import type { Program } from "@weft/typeck-shareable";
import type { GenerateOptions, JsModule } from "./JsModule.js";
import { ModuleGen } from "./ModuleGen.js";
import { ProgramIndex } from "./Program.js";

/**
 * Compiles a checked program to one ES module per Weft module, each with its source map.
 * Pure: no file system, no process. Each module imports the runtime through
 * `options.runtimeSpecifier` and the other modules as `./<fileName>`; each exports its
 * top-level names (see `JsModule.exports`), its function table `$fn` and lambda table `$lambdas`.
 *
 * ```ts
 * const { modules } = generate(program, { sources });
 * ```
 */
export function generate(program: Program, options: GenerateOptions = {}): { modules: JsModule[]; diagnostics: Diagnostic[] } {
  const index = new ProgramIndex(program);
  const modules: JsModule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const m of program.modules) {
    const gen = new ModuleGen(index, m, options);
    modules.push(gen.generate(index.modules.get(m.path)!.fileName));
    diagnostics.push(...gen.diagnostics);
  }
  return { modules, diagnostics };
}
