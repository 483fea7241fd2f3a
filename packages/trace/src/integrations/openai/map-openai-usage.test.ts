import { describe, expect, it } from "vitest";
import { mapOpenAIUsage, readReportedCost } from "./map-openai-usage.js";

describe("mapOpenAIUsage", () => {
  it("maps chat usage with cached and reasoning details without adding them again", () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 50,
        total_tokens: 1250,
        prompt_tokens_details: { cached_tokens: 1000 },
        completion_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({
      inputTokens: 1200,
      outputTokens: 50,
      cacheReadTokens: 1000,
      reasoningTokens: 20,
      totalTokens: 1250,
    });
  });

  it("maps Responses usage", () => {
    expect(
      mapOpenAIUsage({
        input_tokens: 30,
        output_tokens: 9,
        total_tokens: 39,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 4 },
      }),
    ).toEqual({ inputTokens: 30, outputTokens: 9, cacheReadTokens: 0, reasoningTokens: 4, totalTokens: 39 });
  });

  it("maps embeddings usage (no output)", () => {
    expect(mapOpenAIUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8, totalTokens: 8 });
  });

  it("ignores missing, null and non-numeric usage", () => {
    expect(mapOpenAIUsage(null)).toBeUndefined();
    expect(mapOpenAIUsage({ prompt_tokens: "12" })).toBeUndefined();
  });
});

describe("readReportedCost", () => {
  it("reads OpenRouter's cost, else the BYOK upstream cost", () => {
    expect(readReportedCost({ cost: 0.0012 })).toBe(0.0012);
    expect(readReportedCost({ cost_details: { upstream_inference_cost: 0.5 } })).toBe(0.5);
    expect(readReportedCost({ prompt_tokens: 3 })).toBeUndefined();
  });
});
