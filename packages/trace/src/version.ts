/**
 * The package version, read once from package.json (the single version source, SPEC §10 #15).
 * `../package.json` resolves from both `src/` (tests) and `dist/` (published).
 */
import { createRequire } from "node:module";

function readVersion(): string {
  try {
    const manifest = createRequire(import.meta.url)("../package.json") as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** `telemetry.sdk.version` of every export. @example SDK_VERSION // "0.3.0" */
export const SDK_VERSION: string = readVersion();
