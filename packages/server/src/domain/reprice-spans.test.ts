import { describe, expect, it } from "vitest";
import type { PriceOverride } from "./compute-cost.js";
import { repriceCall, type StoredCallCost } from "./reprice-spans.js";

const override: PriceOverride = {
  id: "p1",
  model_pattern: "acme-1",
  is_regex: false,
  provider: null,
  input_mtok: 2,
  output_mtok: 8,
  cache_read_mtok: null,
  cache_write_mtok: null,
  tiers: null,
};

function stored(overrides: Partial<StoredCallCost> = {}): StoredCallCost {
  return {
    start_time: Date.parse("2026-11-20T10:00:00Z") * 1000,
    provider: null,
    upstream_provider: null,
    model: "acme-1",
    input_tokens: 1_000_000,
    output_tokens: 250_000,
    cache_read_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    total_tokens: 1_250_000,
    cost_usd: null,
    input_cost_usd: null,
    output_cost_usd: null,
    cost_status: "unpriced",
    price_ref: null,
    ...overrides,
  };
}

describe("repriceCall", () => {
  it("prices an unpriced call with a matching override", () => {
    expect(repriceCall(stored(), [override])).toEqual({
      cost_usd: 4,
      input_cost_usd: 2,
      output_cost_usd: 2,
      cost_status: "computed",
      price_ref: "override:p1",
    });
  });

  it("returns null when the price is unchanged", () => {
    const priced = stored({
      cost_usd: 4,
      input_cost_usd: 2,
      output_cost_usd: 2,
      cost_status: "computed",
      price_ref: "override:p1",
    });
    expect(repriceCall(priced, [override])).toBeNull();
    expect(repriceCall(stored(), [])).toBeNull(); // still unpriced
  });

  it("never re-prices a provider-reported cost", () => {
    expect(repriceCall(stored({ cost_status: "provider", cost_usd: 0.5 }), [override])).toBeNull();
  });

  it("marks a computed call unpriced once its price is gone, never 0", () => {
    const priced = stored({
      cost_usd: 4,
      input_cost_usd: 2,
      output_cost_usd: 2,
      cost_status: "computed",
      price_ref: "override:p1",
    });
    expect(repriceCall(priced, [])).toEqual({
      cost_usd: null,
      input_cost_usd: null,
      output_cost_usd: null,
      cost_status: "unpriced",
      price_ref: null,
    });
  });
});
