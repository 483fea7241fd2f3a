/**
 * Version of the installed `@pydantic/genai-prices`, which dates its bundled price data.
 *
 * Why this one file in `domain/` touches the file system: the package exports no version and its
 * `exports` map hides `package.json`, so the installed manifest is read once, lazily and
 * synchronously, then memoised. Nothing here runs per span after the first call.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const PACKAGE_NAME = "@pydantic/genai-prices";
let memo: string | null | undefined;

function readInstalledVersion(): string | null {
  try {
    // Resolves to <package>/dist/index.cjs; the manifest sits one folder up from dist/.
    const entry = createRequire(import.meta.url).resolve(PACKAGE_NAME);
    const manifest: unknown = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8"));
    if (typeof manifest !== "object" || manifest === null) return null;
    const { name, version } = manifest as { name?: unknown; version?: unknown };
    return name === PACKAGE_NAME && typeof version === "string" ? version : null;
  } catch {
    // A bundled or vendored build may not ship the manifest: price refs then carry no version.
    return null;
  }
}

/**
 * The installed `@pydantic/genai-prices` version (e.g. `"0.1.8"`), or null when it cannot be read.
 * It identifies the bundled price data; data fetched later through the package's `updatePrices`
 * hook carries no version of its own.
 *
 * @example genaiPricesDataVersion() // "0.1.8"
 */
export function genaiPricesDataVersion(): string | null {
  if (memo === undefined) memo = readInstalledVersion();
  return memo;
}
