/**
 * SPEC §4.2 row "Google `usageMetadata` / `usage_metadata`": output excludes thoughts there, so
 * they are added.
 */
import type { Json } from "./json-value.js";
import type { TokenUsage } from "./span-record.js";
import { firstCount, sumPresent, toTokenUsage } from "./to-token-usage.js";

/** Keys that mark a Google usage object, camelCase (JS SDKs) and snake_case (Python SDKs). */
export const GOOGLE_USAGE_KEYS = [
  "promptTokenCount",
  "candidatesTokenCount",
  "totalTokenCount",
  "cachedContentTokenCount",
  "thoughtsTokenCount",
  "toolUsePromptTokenCount",
  "prompt_token_count",
  "candidates_token_count",
  "total_token_count",
  "cached_content_token_count",
  "thoughts_token_count",
  "tool_use_prompt_token_count",
] as const;

/**
 * @example mapGoogleUsage({ promptTokenCount: 10, candidatesTokenCount: 2, thoughtsTokenCount: 5 })?.output_tokens // 7
 */
export function mapGoogleUsage(usage: Json): TokenUsage | null {
  const count = (camel: string, snake: string) => firstCount(usage, camel, snake);
  const thoughts = count("thoughtsTokenCount", "thoughts_token_count");
  return toTokenUsage(
    sumPresent(
      count("promptTokenCount", "prompt_token_count"),
      count("toolUsePromptTokenCount", "tool_use_prompt_token_count"),
    ),
    sumPresent(count("candidatesTokenCount", "candidates_token_count"), thoughts),
    count("cachedContentTokenCount", "cached_content_token_count"),
    null,
    thoughts,
    count("totalTokenCount", "total_token_count"),
  );
}
