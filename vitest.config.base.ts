import { defineConfig } from "vitest/config";

// Workspace packages export a "source" condition pointing at src/*.ts, so a package's tests
// see its dependencies' current source: no stale dist, no build before `vitest`.
//
// `npm test` must pass on a slow, busy 2-core machine, so no test has a tight wall-clock limit:
// the timeout below only catches a hang. Big generated sweeps and soaks read `inject("long")`
// and run at full size only under `npm run test:long` (WEFT_LONG=1).
const long = process.env.WEFT_LONG === "1";

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    provide: { long },
  },
});
