/**
 * SPEC §4.2 token normalisation for provider-native usage objects (`fallom.raw.usage`, TraceData).
 * STUB: owned by the native-normaliser work; signature is fixed, body to be written.
 */
import type { TokenUsage } from "./span-record.js";

/**
 * Detects the usage shape by its keys (OpenAI chat, OpenAI Responses, Anthropic, Google
 * `usageMetadata`/`usage_metadata`, Vercel v4/v5/v6+, OpenRouter `providerMetadata.openrouter.usage`,
 * legacy `prompt_tokens`) and returns normalised counts; `provider` breaks ties (e.g. Vercel v5
 * anthropic adds cache counts to input). Returns null when the object carries no token counts.
 */
export function mapProviderUsage(_usage: unknown, _provider: string | null): TokenUsage | null {
  throw new Error("not implemented");
}
