/** Token counts in the shape both pricing paths take (SPEC §4.1 / §4.2 semantics). */
import type { TokenUsage } from "./span-record.js";

/**
 * Counts ready to price: `input` includes `cacheRead` and `cacheWrite` (they are partitions of it),
 * `output` includes reasoning. Missing counts are 0.
 */
export interface PricedTokens {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

function count(value: number | null): number {
  return value != null && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Normalised usage → counts to price. When the cache partitions exceed the input total (a source
 * that reported input without its cached part), input is raised to their sum: the cached tokens
 * are then priced at their own rates and nothing is charged twice, and the price data never sees
 * impossible usage (`@pydantic/genai-prices` throws on it).
 *
 * @example
 * toPricedTokens({ input_tokens: 1200, cache_read_tokens: 1000, output_tokens: 50, ... })
 * // { input: 1200, cacheRead: 1000, cacheWrite: 0, output: 50 }
 */
export function toPricedTokens(tokens: TokenUsage): PricedTokens {
  const cacheRead = count(tokens.cache_read_tokens);
  const cacheWrite = count(tokens.cache_write_tokens);
  const input = Math.max(count(tokens.input_tokens), cacheRead + cacheWrite);
  return { input, cacheRead, cacheWrite, output: count(tokens.output_tokens) };
}
