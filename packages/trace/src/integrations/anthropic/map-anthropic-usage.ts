/** SPEC §4.2 / §2.5.2 token normalisation for Anthropic `usage` objects. */
import type { NormalisedUsage } from "../../record/types.js";

/**
 * Anthropic reports `input_tokens` without the cache: input = `input_tokens +
 * cache_read_input_tokens + cache_creation_input_tokens`; cache read and write are kept as the
 * subsets. Output is `output_tokens` (thinking included by Anthropic).
 *
 * @example mapAnthropicUsage({ input_tokens: 150, cache_read_input_tokens: 1000, cache_creation_input_tokens: 50, output_tokens: 40 })
 * // { inputTokens: 1200, outputTokens: 40, cacheReadTokens: 1000, cacheWriteTokens: 50 }
 */
export function mapAnthropicUsage(usage: unknown): NormalisedUsage | undefined {
  if (typeof usage !== "object" || usage === null) return undefined;
  const record = usage as Record<string, unknown>;
  const input = toCount(record.input_tokens);
  const cacheRead = toCount(record.cache_read_input_tokens);
  const cacheWrite = toCount(record.cache_creation_input_tokens);
  const output = toCount(record.output_tokens);
  const result: NormalisedUsage = {};
  if (input !== undefined || cacheRead !== undefined || cacheWrite !== undefined) {
    result.inputTokens = (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  }
  if (output !== undefined) result.outputTokens = output;
  if (cacheRead !== undefined) result.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteTokens = cacheWrite;
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Streaming usage: `message_start.message.usage`, then each `message_delta.usage` overrides it
 * field by field (the last non-null value wins; `output_tokens` is cumulative).
 *
 * @example mergeAnthropicUsage({ input_tokens: 10, output_tokens: 1 }, { output_tokens: 25 })
 * // { input_tokens: 10, output_tokens: 25 }
 */
export function mergeAnthropicUsage(current: unknown, update: unknown): Record<string, unknown> | undefined {
  const base =
    typeof current === "object" && current !== null ? { ...(current as Record<string, unknown>) } : undefined;
  if (typeof update !== "object" || update === null) return base;
  const merged = base ?? {};
  for (const [key, value] of Object.entries(update as Record<string, unknown>)) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  return merged;
}

function toCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}
