/** Prices a call with a project override row (SPEC §4.3 step 2). */
import type { PriceOverride } from "./price-override.js";
import type { PricedTokens } from "./price-tokens.js";

/** Costs in USD, before rounding. */
export interface PriceBreakdown {
  input: number;
  output: number;
  total: number;
}

const PER_MTOK = 1_000_000;

/**
 * Cost of `tokens` under `override`. The highest tier whose `above_input_tokens` the input total
 * exceeds prices the whole call (as the provider price pages and `@pydantic/genai-prices` do).
 * Uncached input pays the input price; cache reads and writes pay their own price, falling back to
 * the tier's, then the row's cache price, then the applicable input price.
 *
 * @example
 * // row: input_mtok 2.5, output_mtok 10, cache_read_mtok 1.25
 * priceWithOverride(row, { input: 1200, cacheRead: 1000, cacheWrite: 0, output: 50 })
 * // { input: 0.00175, output: 0.0005, total: 0.00225 } (up to float rounding)
 */
export function priceWithOverride(override: PriceOverride, tokens: PricedTokens): PriceBreakdown {
  let inputMtok = override.input_mtok;
  let outputMtok = override.output_mtok;
  let cacheReadMtok = override.cache_read_mtok;
  let cacheWriteMtok = override.cache_write_mtok;
  let tierStart = Number.NEGATIVE_INFINITY;
  for (const tier of override.tiers ?? []) {
    if (tokens.input <= tier.above_input_tokens || tier.above_input_tokens < tierStart) continue;
    tierStart = tier.above_input_tokens;
    inputMtok = tier.input_mtok;
    outputMtok = tier.output_mtok;
    cacheReadMtok = tier.cache_read_mtok ?? override.cache_read_mtok;
    cacheWriteMtok = tier.cache_write_mtok ?? override.cache_write_mtok;
  }
  const uncached = tokens.input - tokens.cacheRead - tokens.cacheWrite;
  const input =
    (uncached * inputMtok +
      tokens.cacheRead * (cacheReadMtok ?? inputMtok) +
      tokens.cacheWrite * (cacheWriteMtok ?? inputMtok)) /
    PER_MTOK;
  const output = (tokens.output * outputMtok) / PER_MTOK;
  return { input, output, total: input + output };
}
