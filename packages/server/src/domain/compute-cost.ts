/**
 * A call's cost (SPEC §4.3): provider-reported → project override → `@pydantic/genai-prices`.
 * An unknown price is `unpriced` with a null cost, never 0.
 */

import type { PriceOverride } from "./price-override.js";
import { findPriceOverride } from "./price-override.js";
import { genaiPricesDataVersion } from "./price-package-version.js";
import { toPricedTokens } from "./price-tokens.js";
import { priceWithGenaiPrices } from "./price-with-genai-prices.js";
import type { PriceBreakdown } from "./price-with-override.js";
import { priceWithOverride } from "./price-with-override.js";
import type { CostStatus, TokenUsage } from "./span-record.js";

export type { PriceOverride, PriceOverrideTier } from "./price-override.js";
export { genaiPricesDataVersion } from "./price-package-version.js";

export interface CostInput {
  /** Canonical provider (any alias is accepted). */
  provider: string | null;
  /** `model` of the record: response model, else request model. */
  model: string | null;
  /** Where OpenRouter routed the call (e.g. `Anthropic`), used to find the slug's price. */
  upstreamProvider?: string | null;
  tokens: TokenUsage;
  /** Provider-reported cost in USD (SPEC §4.3 step 1); null when none was reported. */
  reported: { total: number | null; input: number | null; output: number | null };
  /** The project's price rows, tried before the package's data. */
  overrides: readonly PriceOverride[];
  /** When the call happened, for dated and time-of-day prices; default now. */
  at?: Date;
}

export interface CostResult {
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: CostStatus;
  /** `override:<id>`, or `genai-prices@<version>:<provider id>/<model id>`; null unless computed. */
  price_ref: string | null;
}

// Float sums leave noise like 0.0022500000000000003; 12 decimals (a millionth of a cent) is far
// below any price step and keeps stored and displayed values exact.
function roundUsd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

function isCost(value: number | null): value is number {
  return value != null && Number.isFinite(value);
}

function computed(breakdown: PriceBreakdown, priceRef: string): CostResult {
  return {
    cost_usd: roundUsd(breakdown.total),
    input_cost_usd: roundUsd(breakdown.input),
    output_cost_usd: roundUsd(breakdown.output),
    cost_status: "computed",
    price_ref: priceRef,
  };
}

function withoutCost(status: CostStatus): CostResult {
  return {
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: status,
    price_ref: null,
  };
}

/**
 * Cost of one call. Order: a reported cost wins (`provider`, kept as reported); no token counts →
 * `no_usage`; a project override (`override:<id>`); the package's data with the provider, without a
 * provider prefix, without a date/version suffix (`computed`); else `unpriced`. Input tokens
 * include the cache partitions, output includes reasoning (SPEC §4.1).
 *
 * @example
 * computeCost({
 *   provider: "openai", model: "gpt-4o", overrides: [],
 *   tokens: { input_tokens: 1200, cache_read_tokens: 1000, output_tokens: 50, cache_write_tokens: null,
 *             reasoning_tokens: null, total_tokens: 1250 },
 *   reported: { total: null, input: null, output: null },
 * }) // { cost_usd: 0.00225, cost_status: "computed", price_ref: "genai-prices@0.1.8:openai/gpt-4o", … }
 */
export function computeCost(input: CostInput): CostResult {
  const { reported } = input;
  const reportedTotal = isCost(reported.total)
    ? reported.total
    : isCost(reported.input) && isCost(reported.output)
      ? reported.input + reported.output
      : null;
  if (reportedTotal !== null) {
    return {
      cost_usd: reportedTotal,
      input_cost_usd: isCost(reported.input) ? reported.input : null,
      output_cost_usd: isCost(reported.output) ? reported.output : null,
      cost_status: "provider",
      price_ref: null,
    };
  }

  const { tokens } = input;
  if (tokens.input_tokens == null && tokens.output_tokens == null) return withoutCost("no_usage");
  const model = input.model?.trim();
  if (!model) return withoutCost("unpriced");
  const priced = toPricedTokens(tokens);

  const override = findPriceOverride(input.overrides, input.provider, model);
  if (override) return computed(priceWithOverride(override, priced), `override:${override.id}`);

  const price = priceWithGenaiPrices(input.provider, model, input.upstreamProvider ?? null, priced, input.at);
  if (!price) return withoutCost("unpriced");
  const version = genaiPricesDataVersion();
  return computed(price, `genai-prices${version ? `@${version}` : ""}:${price.match}`);
}
