import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Servers started by tests (in-process or spawned) never download live price data, which would
    // change the costs the tests assert.
    env: { FALLOM_PRICE_REFRESH: "off" },
  },
});
