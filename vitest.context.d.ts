// What vitest.config.base.ts `provide`s to every package's tests, typed for `inject`.
import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** True under `npm run test:long`: generated sweeps and soaks run at full size. */
    long: boolean;
  }
}
