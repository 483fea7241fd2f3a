/**
 * Cost recompute (SPEC §4.3 step 4), the pure part: a stored call's tokens priced again with the
 * project's current overrides and the bundled price data, kept only when something changed.
 * Provider-reported costs are never re-priced; the caller selects `computed` and `unpriced` rows.
 */
import { type CostResult, computeCost, type PriceOverride } from "./compute-cost.js";
import type { CostStatus, TokenUsage } from "./span-record.js";

/** What a stored call contributes to its price, and the price it has now. */
export interface StoredCallCost extends TokenUsage {
  /** µs since the epoch: dated prices apply as of the call, not as of the recompute. */
  start_time: number;
  provider: string | null;
  upstream_provider: string | null;
  model: string | null;
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: CostStatus;
  price_ref: string | null;
}

export type RepricedCost = Omit<CostResult, "cost_status"> & { cost_status: Exclude<CostStatus, "provider"> };

function sameCost(stored: StoredCallCost, next: CostResult): boolean {
  return (
    stored.cost_usd === next.cost_usd &&
    stored.input_cost_usd === next.input_cost_usd &&
    stored.output_cost_usd === next.output_cost_usd &&
    stored.cost_status === next.cost_status &&
    stored.price_ref === next.price_ref
  );
}

/**
 * The call's new cost, or null when it is unchanged or must not be re-priced (a provider-reported
 * cost). Reported costs are not consulted: a row with one is `provider` and never reaches here.
 *
 * @example
 * repriceCall({ ...row, model: "acme-1", input_tokens: 1_000_000, output_tokens: 0, cost_status: "unpriced" },
 *   [{ id: "p1", model_pattern: "acme-1", is_regex: false, provider: null, input_mtok: 2, output_mtok: 8,
 *      cache_read_mtok: null, cache_write_mtok: null, tiers: null }])
 * // { cost_usd: 2, input_cost_usd: 2, output_cost_usd: 0, cost_status: "computed", price_ref: "override:p1" }
 */
export function repriceCall(
  stored: StoredCallCost,
  overrides: readonly PriceOverride[],
): RepricedCost | null {
  if (stored.cost_status === "provider") return null;
  const next = computeCost({
    provider: stored.provider,
    model: stored.model,
    upstreamProvider: stored.upstream_provider,
    tokens: stored,
    reported: { total: null, input: null, output: null },
    overrides,
    at: new Date(Math.floor(stored.start_time / 1000)),
  });
  if (next.cost_status === "provider" || sameCost(stored, next)) return null;
  return next as RepricedCost;
}
