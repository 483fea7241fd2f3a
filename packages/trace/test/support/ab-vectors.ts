/**
 * Loads `protocol/ab-test-vectors.json` from the repository root: the one file the server, this
 * SDK and the Python SDK all test assignment and templating against (docs/protocol-ab.md).
 */
import { readFileSync } from "node:fs";

export interface AbVectors {
  version: number;
  hashing: Array<{ session_id: string; md5_prefix: string; bucket: number }>;
  assignment: Array<{
    name: string;
    session_id: string;
    variants: Array<{ model: string; weight: number }>;
    targeting: unknown;
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
  const file = new URL("../../../../protocol/ab-test-vectors.json", import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as AbVectors;
}
