/**
 * Token counts from several conventions, merged per field (SPEC §6.2: per row, the first present
 * source wins; each row is independent, so cache counts may come from another source than input).
 */
import type { TokenUsage } from "../../domain/span-record.js";

const FIELDS = [
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "total_tokens",
] as const satisfies ReadonlyArray<keyof TokenUsage>;

/**
 * @example
 * mergeTokenUsage([{ input_tokens: 10 }, { input_tokens: 99, output_tokens: 5 }])
 * // { input_tokens: 10, output_tokens: 5, …: null }
 */
export function mergeTokenUsage(sources: Array<Partial<TokenUsage> | undefined>): TokenUsage {
  const merged: TokenUsage = {
    input_tokens: null,
    output_tokens: null,
    cache_read_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    total_tokens: null,
  };
  for (const field of FIELDS) {
    for (const source of sources) {
      const value = source?.[field];
      if (value != null) {
        merged[field] = value;
        break;
      }
    }
  }
  return merged;
}

/** `total_tokens` = the provider's total, else input + output (SPEC §4.1); null without either. */
export function withTotalTokens(tokens: TokenUsage): TokenUsage {
  if (tokens.total_tokens !== null) return tokens;
  if (tokens.input_tokens === null && tokens.output_tokens === null) return tokens;
  return { ...tokens, total_tokens: (tokens.input_tokens ?? 0) + (tokens.output_tokens ?? 0) };
}

/** True when the span reported no token count at all (cost status `no_usage`). */
export function hasNoUsage(tokens: TokenUsage): boolean {
  return tokens.input_tokens === null && tokens.output_tokens === null && tokens.total_tokens === null;
}
