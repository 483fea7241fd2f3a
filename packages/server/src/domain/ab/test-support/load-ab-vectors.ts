/**
 * Loads `protocol/ab-test-vectors.json` (repository root), the one file every SDK and the server
 * test assignment and templating against.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelVariant, Targeting } from "../model-config.js";

export const AB_VECTORS_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../../../../protocol/ab-test-vectors.json",
);

export interface AbVectors {
  description: string;
  version: number;
  hashing: Array<{ session_id: string; md5_prefix: string; bucket: number }>;
  assignment: Array<{
    name: string;
    session_id: string;
    variants: ModelVariant[];
    targeting: Targeting | null;
    customer_id?: string;
    context?: Record<string, unknown>;
    expected: { variant_index: number; model: string; via: "individual_target" | "rule" | "hash" };
  }>;
  prompt_ab: Array<{
    name: string;
    session_id: string;
    variants: Array<{ prompt_key: string; prompt_version: number | null; weight: number }>;
    expected_variant_index: number;
  }>;
  templating: Array<{
    name: string;
    system: string;
    user: string;
    variables: Record<string, unknown>;
    expected: { system: string; user: string };
  }>;
}

export function loadAbVectors(): AbVectors {
  return JSON.parse(readFileSync(AB_VECTORS_PATH, "utf8")) as AbVectors;
}
