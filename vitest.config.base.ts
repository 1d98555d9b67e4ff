import { defineConfig } from "vitest/config";

// Workspace packages export a "source" condition pointing at src/*.ts, so a package's tests
// see its dependencies' current source: no stale dist, no build before `vitest`.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: { include: ["test/**/*.test.ts"], testTimeout: 20_000 },
});
