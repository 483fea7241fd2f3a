/**
 * Token usage of a native TraceData record (SPEC §4.2, §5.3, §6.2 token rows).
 */
import { mapProviderUsage } from "../../domain/map-provider-usage.js";
import type { TokenUsage } from "../../domain/span-record.js";
import type { TraceData } from "../native-trace-data.js";
import { GEN_AI_KEYS, OPENLLMETRY_KEYS } from "./attribute-keys.js";
import { firstAttribute } from "./read-native-value.js";

/** Legacy 0.1.x count attributes, each list in priority order. */
const INPUT_TOKEN_KEYS = [GEN_AI_KEYS.inputTokens, GEN_AI_KEYS.promptTokens] as const;
const OUTPUT_TOKEN_KEYS = [GEN_AI_KEYS.outputTokens, GEN_AI_KEYS.completionTokens] as const;
const TOTAL_TOKEN_KEYS = [GEN_AI_KEYS.totalTokens, OPENLLMETRY_KEYS.totalTokens] as const;

function legacyUsage(input: unknown, output: unknown, total: unknown): TokenUsage | null {
  return mapProviderUsage({ prompt_tokens: input, completion_tokens: output, total_tokens: total }, null);
}

/**
 * `fallom.raw.usage` as normalised by the shared raw-payload mapper (it alone tells
 * cache-exclusive Anthropic counts apart, E4, so it comes first); then the legacy `gen_ai.usage.*`
 * attributes; then the 0.1.x top-level `prompt_tokens`.
 *
 * @example toNativeUsage({ …, prompt_tokens: 642, completion_tokens: 118 }, {}, null)?.total_tokens // 760
 */
export function toNativeUsage(
  td: TraceData,
  attributes: Record<string, unknown>,
  rawTokens: TokenUsage | null,
): TokenUsage | null {
  return (
    rawTokens ??
    legacyUsage(
      firstAttribute(attributes, INPUT_TOKEN_KEYS),
      firstAttribute(attributes, OUTPUT_TOKEN_KEYS),
      firstAttribute(attributes, TOTAL_TOKEN_KEYS),
    ) ??
    legacyUsage(td.prompt_tokens, td.completion_tokens, td.total_tokens)
  );
}
