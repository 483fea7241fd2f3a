import { describe, expect, it } from "vitest";
import { mapProviderUsage, readProviderMetadataUsage, readUsageCost, toCount } from "./map-provider-usage.js";

const usage = (
  input: number | null,
  output: number | null,
  cacheRead: number | null,
  cacheWrite: number | null,
  reasoning: number | null,
  total: number | null,
) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_tokens: cacheRead,
  cache_write_tokens: cacheWrite,
  reasoning_tokens: reasoning,
  total_tokens: total,
});

describe("mapProviderUsage", () => {
  it("maps OpenAI chat usage with cached and reasoning details", () => {
    const raw = {
      prompt_tokens: 1210,
      completion_tokens: 330,
      total_tokens: 1540,
      prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 192 },
    };
    expect(mapProviderUsage(raw, "openai")).toEqual(usage(1210, 330, 1024, null, 192, 1540));
  });

  it("maps OpenAI Responses usage", () => {
    const raw = {
      input_tokens: 905,
      input_tokens_details: { cached_tokens: 512 },
      output_tokens: 77,
      output_tokens_details: { reasoning_tokens: 40 },
      total_tokens: 982,
    };
    expect(mapProviderUsage(raw, "openai")).toEqual(usage(905, 77, 512, null, 40, 982));
  });

  it("keeps Responses usage as Responses even when the provider is anthropic", () => {
    const raw = { input_tokens: 50, input_tokens_details: { cached_tokens: 10 }, output_tokens: 5 };
    expect(mapProviderUsage(raw, "anthropic")).toEqual(usage(50, 5, 10, null, null, 55));
  });

  it("adds Anthropic cache read and cache write to input", () => {
    const raw = {
      input_tokens: 12,
      cache_read_input_tokens: 3000,
      cache_creation_input_tokens: 450,
      output_tokens: 88,
    };
    expect(mapProviderUsage(raw, null)).toEqual(usage(3462, 88, 3000, 450, null, 3550));
  });

  it("reads the Anthropic cache_creation breakdown when the flat cache-write count is missing", () => {
    const raw = {
      input_tokens: 7,
      cache_creation: { ephemeral_5m_input_tokens: 100, ephemeral_1h_input_tokens: 20 },
      output_tokens: 3,
    };
    expect(mapProviderUsage(raw, "anthropic")).toEqual(usage(127, 3, null, 120, null, 130));
  });

  it("treats plain input_tokens as Anthropic when the provider says so", () => {
    expect(mapProviderUsage({ input_tokens: 61, output_tokens: 9 }, "anthropic")).toEqual(
      usage(61, 9, null, null, null, 70),
    );
  });

  it("maps Google usageMetadata in camelCase, adding tool-use prompt and thoughts", () => {
    const raw = {
      promptTokenCount: 400,
      toolUsePromptTokenCount: 25,
      candidatesTokenCount: 60,
      thoughtsTokenCount: 140,
      cachedContentTokenCount: 256,
      totalTokenCount: 625,
    };
    expect(mapProviderUsage(raw, "google")).toEqual(usage(425, 200, 256, null, 140, 625));
  });

  it("maps Google usage_metadata in snake_case, also when wrapped", () => {
    const raw = {
      usage_metadata: {
        prompt_token_count: 33,
        candidates_token_count: 11,
        thoughts_token_count: 4,
        cached_content_token_count: 16,
        total_token_count: 48,
      },
    };
    expect(mapProviderUsage(raw, null)).toEqual(usage(33, 15, 16, null, 4, 48));
  });

  it("maps Vercel v4 usage", () => {
    expect(mapProviderUsage({ promptTokens: 310, completionTokens: 42, totalTokens: 352 }, "openai")).toEqual(
      usage(310, 42, null, null, null, 352),
    );
  });

  it("adds Anthropic cache counts from providerMetadata to Vercel v4 usage (E4)", () => {
    const providerMetadata = { anthropic: { cacheReadInputTokens: 800, cacheCreationInputTokens: 90 } };
    const raw = { promptTokens: 21, completionTokens: 17, totalTokens: 38 };
    expect(mapProviderUsage(raw, "anthropic", providerMetadata)).toEqual(usage(911, 17, 800, 90, null, 928));
  });

  it("maps Vercel v5 usage", () => {
    const raw = {
      inputTokens: 700,
      outputTokens: 90,
      totalTokens: 790,
      reasoningTokens: 30,
      cachedInputTokens: 300,
    };
    expect(mapProviderUsage(raw, "openai")).toEqual(usage(700, 90, 300, null, 30, 790));
  });

  it("adds cache read and providerMetadata cache write to Vercel v5 Anthropic input", () => {
    const raw = { inputTokens: 15, outputTokens: 60, totalTokens: 75, cachedInputTokens: 2000 };
    const providerMetadata = { anthropic: { cacheCreationInputTokens: 310 } };
    expect(mapProviderUsage(raw, "anthropic", providerMetadata)).toEqual(
      usage(2325, 60, 2000, 310, null, 2385),
    );
  });

  it("adds reasoning to Vercel v5 Google output", () => {
    const raw = { inputTokens: 120, outputTokens: 45, reasoningTokens: 55, totalTokens: 220 };
    expect(mapProviderUsage(raw, "google")).toEqual(usage(120, 100, null, null, 55, 220));
  });

  it("maps Vercel v6 usage with token details as already inclusive", () => {
    const raw = {
      inputTokens: 3300,
      inputTokenDetails: { noCacheTokens: 500, cacheReadTokens: 2700, cacheWriteTokens: 100 },
      outputTokens: 260,
      outputTokenDetails: { textTokens: 200, reasoningTokens: 60 },
      totalTokens: 3560,
    };
    expect(mapProviderUsage(raw, "anthropic")).toEqual(usage(3300, 260, 2700, 100, 60, 3560));
  });

  it("maps the nested language-model v3 usage objects", () => {
    const raw = {
      inputTokens: { total: 410, noCache: 110, cacheRead: 300, cacheWrite: 0 },
      outputTokens: { total: 35, text: 20, reasoning: 15 },
    };
    expect(mapProviderUsage(raw, "openai")).toEqual(usage(410, 35, 300, 0, 15, 445));
  });

  it("maps the OpenRouter providerMetadata usage shape", () => {
    const raw = {
      promptTokens: 990,
      promptTokensDetails: { cachedTokens: 640 },
      completionTokens: 71,
      completionTokensDetails: { reasoningTokens: 12 },
      totalTokens: 1061,
      cost: 0.0012,
    };
    expect(mapProviderUsage(raw, "openrouter")).toEqual(usage(990, 71, 640, null, 12, 1061));
    expect(mapProviderUsage({ openrouter: { usage: raw } }, null)).toEqual(
      usage(990, 71, 640, null, 12, 1061),
    );
  });

  it("maps the legacy prompt_tokens shape, whatever method produced it", () => {
    expect(
      mapProviderUsage({ prompt_tokens: 515, completion_tokens: 93, total_tokens: 608 }, "openai"),
    ).toEqual(usage(515, 93, null, null, null, 608));
  });

  it("maps embedding usage {tokens}", () => {
    expect(mapProviderUsage({ tokens: 64 }, "openai")).toEqual(usage(64, null, null, null, null, 64));
  });

  it("computes total as input + output when the provider sent none", () => {
    expect(mapProviderUsage({ prompt_tokens: 40, completion_tokens: 2 }, null)?.total_tokens).toBe(42);
  });

  it("parses a JSON-string usage object", () => {
    expect(mapProviderUsage('{"prompt_tokens": 8, "completion_tokens": 1}', null)).toEqual(
      usage(8, 1, null, null, null, 9),
    );
  });

  it("treats null and NaN counts as absent and returns null without counts", () => {
    expect(
      mapProviderUsage({ promptTokens: null, completionTokens: Number.NaN, totalTokens: null }, null),
    ).toBeNull();
    expect(mapProviderUsage({}, "openai")).toBeNull();
    expect(mapProviderUsage(null, "openai")).toBeNull();
    expect(mapProviderUsage("not json", "openai")).toBeNull();
  });

  it("falls back to providerMetadata.openrouter.usage when Vercel usage is all null", () => {
    const providerMetadata = {
      openrouter: { usage: { promptTokens: 222, completionTokens: 33, totalTokens: 255, cost: 0.0004 } },
    };
    expect(
      mapProviderUsage(
        { promptTokens: null, completionTokens: null, totalTokens: null },
        "openrouter",
        providerMetadata,
      ),
    ).toEqual(usage(222, 33, null, null, null, 255));
  });
});

describe("readProviderMetadataUsage", () => {
  it("reads OpenRouter usage and cost", () => {
    const result = readProviderMetadataUsage({
      openrouter: {
        usage: { promptTokens: 13, completionTokens: 4, totalTokens: 17, cost: 0.000091 },
      },
    });
    expect(result.usage).toEqual(usage(13, 4, null, null, null, 17));
    expect(result.reportedCostUsd).toBe(0.000091);
  });

  it("reads the upstream BYOK cost when no cost is given", () => {
    const result = readProviderMetadataUsage({
      openrouter: {
        usage: { promptTokens: 1, completionTokens: 1, costDetails: { upstreamInferenceCost: 0.02 } },
      },
    });
    expect(result.reportedCostUsd).toBe(0.02);
  });

  it("reads Anthropic cache counts and Google usageMetadata", () => {
    const result = readProviderMetadataUsage(
      JSON.stringify({
        anthropic: { cacheCreationInputTokens: 44, cacheReadInputTokens: 55 },
        google: { usageMetadata: { promptTokenCount: 70, candidatesTokenCount: 6, totalTokenCount: 76 } },
      }),
    );
    expect(result.anthropicCacheWriteTokens).toBe(44);
    expect(result.anthropicCacheReadTokens).toBe(55);
    expect(result.usage).toEqual(usage(70, 6, null, null, null, 76));
    expect(result.reportedCostUsd).toBeNull();
  });

  it("returns empty values for missing metadata", () => {
    expect(readProviderMetadataUsage(undefined)).toEqual({
      usage: null,
      anthropicCacheReadTokens: null,
      anthropicCacheWriteTokens: null,
      reportedCostUsd: null,
    });
  });
});

describe("readUsageCost", () => {
  it("reads OpenRouter's usage.cost, else the BYOK upstream cost", () => {
    expect(readUsageCost({ prompt_tokens: 1, cost: 0.0031 })).toBe(0.0031);
    expect(readUsageCost({ cost_details: { upstream_inference_cost: 0.5 } })).toBe(0.5);
    expect(readUsageCost({ prompt_tokens: 1 })).toBeNull();
  });
});

describe("toCount", () => {
  it("accepts finite numbers and numeric strings only", () => {
    expect(toCount(5)).toBe(5);
    expect(toCount("17")).toBe(17);
    expect(toCount(Number.NaN)).toBeNull();
    expect(toCount(null)).toBeNull();
    expect(toCount("12 tokens")).toBeNull();
  });
});
