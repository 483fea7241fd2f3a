/**
 * SPEC §4.2 rows "OpenAI chat" (also the legacy TraceData / LangChain `prompt_tokens` row) and
 * "OpenAI Responses". Both are cache- and reasoning-inclusive already.
 */
import { asRecord, type Json } from "./json-value.js";
import type { TokenUsage } from "./span-record.js";
import { toCount, toTokenUsage } from "./to-token-usage.js";

/**
 * @example mapOpenAiChatUsage({ prompt_tokens: 10, completion_tokens: 2 })?.total_tokens // 12
 */
export function mapOpenAiChatUsage(usage: Json): TokenUsage | null {
  return toTokenUsage(
    toCount(usage.prompt_tokens),
    toCount(usage.completion_tokens),
    toCount(asRecord(usage.prompt_tokens_details).cached_tokens),
    null,
    toCount(asRecord(usage.completion_tokens_details).reasoning_tokens),
    toCount(usage.total_tokens),
  );
}

/**
 * @example mapOpenAiResponsesUsage({ input_tokens: 10, output_tokens: 2 })?.total_tokens // 12
 */
export function mapOpenAiResponsesUsage(usage: Json): TokenUsage | null {
  return toTokenUsage(
    toCount(usage.input_tokens),
    toCount(usage.output_tokens),
    toCount(asRecord(usage.input_tokens_details).cached_tokens),
    null,
    toCount(asRecord(usage.output_tokens_details).reasoning_tokens),
    toCount(usage.total_tokens),
  );
}
