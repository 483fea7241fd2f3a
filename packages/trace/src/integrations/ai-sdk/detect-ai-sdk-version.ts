import { isRecord } from "./values.js";

const MAJOR_BY_SPECIFICATION: Record<string, string> = { v1: "4", v2: "5", v3: "6", v4: "7" };

/**
 * The `ai` package's major version (`fallom.ai_sdk_version`). The package exports no version, so
 * it is recognised by an export each major introduced: `registerTelemetry` (7), `ToolLoopAgent`
 * (6), `stepCountIs` (5), `createDataStream` (4). For a hand-made object of functions, the model's specification
 * version decides (v1 → 4, v2 → 5, v3 → 6, v4 → 7).
 *
 * @example detectAiSdkVersion(await import("ai"), undefined) // "6"
 */
export function detectAiSdkVersion(
  ai: unknown,
  specificationVersion: string | undefined,
): string | undefined {
  if (isRecord(ai)) {
    if ("registerTelemetry" in ai) return "7";
    if ("ToolLoopAgent" in ai) return "6";
    if ("stepCountIs" in ai) return "5";
    if ("createDataStream" in ai || "StreamData" in ai) return "4";
  }
  return specificationVersion ? MAJOR_BY_SPECIFICATION[specificationVersion] : undefined;
}
