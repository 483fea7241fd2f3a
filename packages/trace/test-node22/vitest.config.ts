import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * The newest client majors (`openai` 7, `ai` 7, `@ai-sdk/openai` 4, `@google/genai` 3) need
 * Node >= 22. Run by `scripts/test-node22.sh` under Node 22 from the npm registry; the root
 * `vitest run` never sees these files (its include is packages/*\/test and packages/*\/src).
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
