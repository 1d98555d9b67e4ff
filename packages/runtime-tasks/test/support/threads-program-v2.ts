// The next version of threads-program.ts after a live reload: `answer` is redefined. Like a
// regenerated module, it registers its own function table under the same path.
import { registry } from "@weft/gc";
import { $fn, $path } from "./threads-program.js";

export const $fn2 = { ...$fn, answer: (): number => 2 };
registry.registerFunctions($path, $fn2);
