/**
 * Provider-reported cost inside a raw usage object (SPEC §2.5.1, §4.3).
 */
import { asRecord, isRecord, parseJsonString } from "./json-value.js";
import { toCount } from "./to-token-usage.js";

/**
 * OpenRouter's OpenAI-compatible `usage.cost`, else `usage.cost_details.upstream_inference_cost`
 * for BYOK keys. null when absent. Accepts the parsed object or its JSON string.
 *
 * @example readUsageCost({ prompt_tokens: 5, cost: 0.00001 }) // 0.00001
 */
export function readUsageCost(usage: unknown): number | null {
  const record = parseJsonString(usage);
  if (!isRecord(record)) return null;
  return toCount(record.cost) ?? toCount(asRecord(record.cost_details).upstream_inference_cost);
}
