import { describe, expect, it } from "vitest";
import type { CostInput, PriceOverride } from "./compute-cost.js";
import { computeCost, genaiPricesDataVersion } from "./compute-cost.js";
import type { TokenUsage } from "./span-record.js";

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return {
    input_tokens: null,
    output_tokens: null,
    cache_read_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: null,
    total_tokens: null,
    ...partial,
  };
}

const NOT_REPORTED = { total: null, input: null, output: null };
const SMALL_CALL = usage({ input_tokens: 1000, output_tokens: 100 });

function cost(partial: Partial<CostInput> & Pick<CostInput, "model">): ReturnType<typeof computeCost> {
  return computeCost({
    provider: null,
    tokens: SMALL_CALL,
    reported: NOT_REPORTED,
    overrides: [],
    ...partial,
  });
}

function override(partial: Partial<PriceOverride>): PriceOverride {
  return {
    id: "1",
    model_pattern: "my-model",
    is_regex: false,
    provider: null,
    input_mtok: 1,
    output_mtok: 2,
    cache_read_mtok: null,
    cache_write_mtok: null,
    tiers: null,
    ...partial,
  };
}

describe("computeCost with the package's price data", () => {
  it("prices gpt-4o with 1,000 of 1,200 input tokens read from cache at the SPEC reference $0.00225", () => {
    const result = cost({
      provider: "openai",
      model: "gpt-4o",
      tokens: usage({ input_tokens: 1200, cache_read_tokens: 1000, output_tokens: 50 }),
    });
    expect(result).toMatchObject({ cost_usd: 0.00225, cost_status: "computed" });
    expect(result.input_cost_usd).toBe(0.00175);
    expect(result.output_cost_usd).toBe(0.0005);
  });

  it("prices claude-sonnet-4-20250514 at the SPEC reference $0.0015", () => {
    const result = cost({
      provider: "anthropic",
      model: "claude-sonnet-4-20250514",
      tokens: usage({ input_tokens: 1200, cache_read_tokens: 1000, output_tokens: 40 }),
    });
    expect(result).toMatchObject({ cost_usd: 0.0015, cost_status: "computed" });
  });

  it("names the matched price row and the package version in price_ref", () => {
    const version = genaiPricesDataVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(cost({ provider: "openai", model: "gpt-4o" }).price_ref).toBe(
      `genai-prices@${version}:openai/gpt-4o`,
    );
  });

  it("charges cache writes at the model's cache-write price", () => {
    const tokens = usage({ input_tokens: 1000, cache_write_tokens: 1000, output_tokens: 100 });
    const written = cost({ provider: "anthropic", model: "claude-sonnet-4-20250514", tokens });
    // $3 input, $3.75 (1.25 ×) for a 5-minute cache write, per 1M tokens.
    expect(cost({ provider: "anthropic", model: "claude-sonnet-4-20250514" }).input_cost_usd).toBe(0.003);
    expect(written.input_cost_usd).toBe(0.00375);
  });

  it.each([
    ["openai", "gpt-4o-2024-08-06"],
    ["openai", "gpt-5-mini-2025-08-07"],
    ["openai", "o4-mini-2025-04-16"],
    ["openai", "gpt-4.1-2025-04-14"],
    ["openai", "gpt-4.1-mini-2025-04-14"],
    ["anthropic", "claude-sonnet-4-5-20250929"],
    ["anthropic", "claude-3-7-sonnet-20250219"],
    ["google", "models/gemini-2.5-flash"],
    ["openai", "openai/gpt-4o"],
    ["openrouter", "google/gemini-2.5-flash"],
    ["openrouter", "anthropic/claude-sonnet-4.5"],
    [null, "claude-3-7-sonnet-20250219"],
    ["gcp.gemini", "gemini-2.5-flash"],
    ["aws.bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0"],
  ])("prices %s %s", (provider, model) => {
    const result = cost({ provider, model });
    expect(result.cost_status).toBe("computed");
    expect(result.cost_usd).toBeGreaterThan(0);
    expect(result.price_ref).toMatch(/^genai-prices(@[^:]+)?:[^/]+\/.+$/);
  });

  it("prices a provider-prefixed name like the bare name", () => {
    expect(cost({ provider: "openai", model: "openai/gpt-4o" })).toEqual(
      cost({ provider: "openai", model: "gpt-4o" }),
    );
  });

  // None of these suffixed names is in the price data itself.
  it.each([
    ["openai", "gpt-4o-mini-2099-01-01", "gpt-4o-mini"],
    ["openai", "gpt-4.1-20991231", "gpt-4.1"],
    ["openai", "gpt-4o:custom-tag", "gpt-4o"],
    ["google", "gemini-2.5-flash@001", "gemini-2.5-flash"],
    ["openrouter", "openai/gpt-4o-mini-2099-01-01", "openai/gpt-4o-mini"],
  ])("prices %s %s, an unknown version, as %s", (provider, model, base) => {
    const suffixed = cost({ provider, model });
    expect(suffixed.cost_status).toBe("computed");
    expect(suffixed).toEqual(cost({ provider, model: base }));
  });

  it("prices a Gemini Pro call above 200k input tokens at the upper tier", () => {
    const small = cost({
      provider: "google",
      model: "gemini-2.5-pro",
      tokens: usage({ input_tokens: 100_000, output_tokens: 1000 }),
    });
    const large = cost({
      provider: "google",
      model: "gemini-2.5-pro",
      tokens: usage({ input_tokens: 300_000, output_tokens: 1000 }),
    });
    // $1.25 / $10 per 1M up to 200k input tokens, $2.50 / $15 above, for the whole call.
    expect(small).toMatchObject({ input_cost_usd: 0.125, output_cost_usd: 0.01, cost_usd: 0.135 });
    expect(large).toMatchObject({ input_cost_usd: 0.75, output_cost_usd: 0.015, cost_usd: 0.765 });
  });

  it("raises input to the cache partitions when a source reported them on top of it", () => {
    const result = cost({
      provider: "openai",
      model: "gpt-4o",
      tokens: usage({ input_tokens: 100, cache_read_tokens: 1000, output_tokens: 0 }),
    });
    expect(result).toMatchObject({ cost_status: "computed", cost_usd: 0.00125 });
  });

  it("keeps an OpenRouter free variant free rather than billing the paid model", () => {
    const free = cost({ provider: "openrouter", model: "meta-llama/llama-3.3-70b-instruct:free" });
    expect(free).toMatchObject({ cost_usd: 0, cost_status: "computed" });
  });

  it("bills cache reads at the input price for a model without a cache price", () => {
    const tokens = usage({ input_tokens: 1_000_000, cache_read_tokens: 800_000, output_tokens: 0 });
    const withCache = cost({ provider: "groq", model: "llama-3.1-8b-instant", tokens });
    const without = cost({
      provider: "groq",
      model: "llama-3.1-8b-instant",
      tokens: usage({ input_tokens: 1_000_000 }),
    });
    expect(withCache.cost_status).toBe("computed");
    expect(withCache.cost_usd).toBe(without.cost_usd);
  });

  it("prices at the call's time when the price data has time-of-day prices", () => {
    const tokens = usage({ input_tokens: 1_000_000, output_tokens: 0 });
    const at = (iso: string) =>
      cost({ provider: "deepseek", model: "deepseek-chat", tokens, at: new Date(iso) });
    // DeepSeek's standard price applies 00:30–16:30 UTC, the off-peak discount outside it.
    expect(at("2026-01-01T02:00:00Z").cost_usd).toBe(0.27);
    expect(at("2026-01-01T20:00:00Z").cost_usd).toBe(0.135);
  });

  it("gives the same answer when a result is served from its cache", () => {
    const first = cost({ provider: "openai", model: "gpt-4.1", tokens: SMALL_CALL });
    expect(cost({ provider: "openai", model: "gpt-4.1", tokens: SMALL_CALL })).toEqual(first);
  });
});

describe("computeCost without a price", () => {
  it("marks an unknown model unpriced with a null cost, never 0", () => {
    expect(cost({ provider: "openai", model: "no-such-model-xyz" })).toEqual({
      cost_usd: null,
      input_cost_usd: null,
      output_cost_usd: null,
      cost_status: "unpriced",
      price_ref: null,
    });
  });

  it("marks a call without a model unpriced", () => {
    expect(cost({ model: null }).cost_status).toBe("unpriced");
  });

  it("marks a call without token counts no_usage", () => {
    const result = cost({ provider: "openai", model: "gpt-4o", tokens: usage({ cache_read_tokens: 10 }) });
    expect(result).toMatchObject({ cost_status: "no_usage", cost_usd: null, price_ref: null });
  });

  it("prices a call that reported only output tokens", () => {
    const result = cost({ provider: "openai", model: "gpt-4o", tokens: usage({ output_tokens: 100 }) });
    expect(result).toMatchObject({ cost_status: "computed", input_cost_usd: 0, output_cost_usd: 0.001 });
  });
});

describe("computeCost with a reported cost", () => {
  it("keeps the provider's cost and parts", () => {
    const result = cost({
      provider: "openrouter",
      model: "google/gemini-2.5-flash",
      reported: { total: 0.0038166, input: 0.0009066, output: 0.00291 },
      overrides: [override({ model_pattern: "google/gemini-2.5-flash" })],
    });
    expect(result).toEqual({
      cost_usd: 0.0038166,
      input_cost_usd: 0.0009066,
      output_cost_usd: 0.00291,
      cost_status: "provider",
      price_ref: null,
    });
  });

  it("wins even without token counts", () => {
    const result = cost({
      model: "x",
      tokens: usage({}),
      reported: { total: 0.5, input: null, output: null },
    });
    expect(result).toMatchObject({ cost_usd: 0.5, input_cost_usd: null, output_cost_usd: null });
    expect(result.cost_status).toBe("provider");
  });

  it("sums reported parts when no total was reported", () => {
    const result = cost({ model: "x", reported: { total: null, input: 0.25, output: 0.5 } });
    expect(result).toMatchObject({ cost_usd: 0.75, cost_status: "provider" });
  });
});

describe("computeCost with project overrides", () => {
  it("prices a model by its exact name", () => {
    const result = cost({ model: "my-model", overrides: [override({ id: "42" })] });
    // 1,000 × $1 + 100 × $2 per 1M tokens.
    expect(result).toEqual({
      cost_usd: 0.0012,
      input_cost_usd: 0.001,
      output_cost_usd: 0.0002,
      cost_status: "computed",
      price_ref: "override:42",
    });
  });

  it("wins over the package's price", () => {
    const result = cost({
      provider: "openai",
      model: "gpt-4o",
      overrides: [override({ model_pattern: "gpt-4o" })],
    });
    expect(result.price_ref).toBe("override:1");
  });

  it("matches a case-insensitive regex", () => {
    const rows = [override({ id: "re", model_pattern: "^MY-.*-v\\d$", is_regex: true })];
    expect(cost({ model: "my-finetune-v2", overrides: rows }).price_ref).toBe("override:re");
    expect(cost({ model: "your-finetune-v2", overrides: rows }).cost_status).toBe("unpriced");
  });

  it("ignores a row whose regex does not compile", () => {
    const rows = [override({ model_pattern: "(", is_regex: true })];
    expect(cost({ model: "(", overrides: rows }).cost_status).toBe("unpriced");
  });

  it("applies a row with a provider only to that provider's calls, in any alias", () => {
    const rows = [override({ provider: "gemini", model_pattern: "my-model" })];
    expect(cost({ provider: "google", model: "my-model", overrides: rows }).price_ref).toBe("override:1");
    expect(cost({ provider: "openai", model: "my-model", overrides: rows }).cost_status).toBe("unpriced");
    expect(cost({ provider: null, model: "my-model", overrides: rows }).cost_status).toBe("unpriced");
  });

  it("prefers an exact row to a regex row and a provider row to a generic one", () => {
    const rows = [
      override({ id: "regex", model_pattern: "my-.*", is_regex: true }),
      override({ id: "generic", model_pattern: "my-model" }),
      override({ id: "local", model_pattern: "my-model", provider: "local" }),
    ];
    expect(cost({ provider: "local", model: "my-model", overrides: rows }).price_ref).toBe("override:local");
    expect(cost({ provider: "groq", model: "my-model", overrides: rows }).price_ref).toBe("override:generic");
    expect(cost({ provider: "groq", model: "my-other", overrides: rows }).price_ref).toBe("override:regex");
  });

  it("ignores Google's models/ prefix", () => {
    expect(cost({ model: "models/my-model", overrides: [override({})] }).price_ref).toBe("override:1");
  });

  it("prices a free model at 0 rather than leaving it unpriced", () => {
    const rows = [override({ model_pattern: "llama3.2", provider: "local", input_mtok: 0, output_mtok: 0 })];
    expect(cost({ provider: "local", model: "llama3.2", overrides: rows })).toMatchObject({
      cost_usd: 0,
      input_cost_usd: 0,
      output_cost_usd: 0,
      cost_status: "computed",
    });
  });

  it("prices cache reads and writes at their own prices, defaulting to the input price", () => {
    const tokens = usage({
      input_tokens: 1_000_000,
      cache_read_tokens: 500_000,
      cache_write_tokens: 200_000,
    });
    const priced = override({ input_mtok: 4, cache_read_mtok: 0.5, cache_write_mtok: 5 });
    // 300k uncached × $4 + 500k × $0.5 + 200k × $5 per 1M.
    expect(cost({ model: "my-model", tokens, overrides: [priced] }).input_cost_usd).toBe(2.45);
    expect(cost({ model: "my-model", tokens, overrides: [override({ input_mtok: 4 })] }).input_cost_usd).toBe(
      4,
    );
  });

  it("prices the whole call at the highest tier its input exceeds", () => {
    const tiered = override({
      input_mtok: 1,
      output_mtok: 2,
      cache_read_mtok: 0.1,
      tiers: [
        { above_input_tokens: 500_000, input_mtok: 4, output_mtok: 8 },
        { above_input_tokens: 200_000, input_mtok: 3, output_mtok: 6, cache_read_mtok: 0.3 },
      ],
    });
    const at = (input: number) =>
      cost({
        model: "my-model",
        tokens: usage({ input_tokens: input, cache_read_tokens: 100_000, output_tokens: 1_000_000 }),
        overrides: [tiered],
      });
    expect(at(200_000)).toMatchObject({ input_cost_usd: 0.11, output_cost_usd: 2 });
    expect(at(300_000)).toMatchObject({ input_cost_usd: 0.63, output_cost_usd: 6 });
    // The top tier has no cache price of its own, so the row's applies.
    expect(at(600_000)).toMatchObject({ input_cost_usd: 2.01, output_cost_usd: 8 });
  });
});
