import { describe, expect, it } from "vitest";
import { normaliseAiSdkUsage } from "./normalise-ai-sdk-usage.js";

describe("normaliseAiSdkUsage (SPEC §4.2)", () => {
  it("takes v6 results as inclusive and reads the token details", () => {
    const usage = {
      inputTokens: 120,
      inputTokenDetails: { noCacheTokens: 20, cacheReadTokens: 90, cacheWriteTokens: 10 },
      outputTokens: 40,
      outputTokenDetails: { textTokens: 30, reasoningTokens: 10 },
      totalTokens: 160,
    };
    expect(normaliseAiSdkUsage(usage, undefined, "anthropic").usage).toEqual({
      inputTokens: 120,
      outputTokens: 40,
      cacheReadTokens: 90,
      cacheWriteTokens: 10,
      reasoningTokens: 10,
      totalTokens: 160,
    });
  });

  it("reads spec-v3 nested model usage", () => {
    const usage = {
      inputTokens: { total: 50, noCache: 20, cacheRead: 30, cacheWrite: undefined },
      outputTokens: { total: 9, text: 4, reasoning: 5 },
    };
    expect(normaliseAiSdkUsage(usage, undefined, "openai").usage).toEqual({
      inputTokens: 50,
      outputTokens: 9,
      cacheReadTokens: 30,
      reasoningTokens: 5,
      totalTokens: 59,
    });
  });

  it("adds v5 Anthropic cache read and write to input, and v5 Google reasoning to output", () => {
    const anthropic = normaliseAiSdkUsage(
      { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 100 },
      { anthropic: { cacheCreationInputTokens: 20 } },
      "anthropic",
    );
    expect(anthropic.usage).toEqual({
      inputTokens: 130,
      outputTokens: 5,
      cacheReadTokens: 100,
      cacheWriteTokens: 20,
      totalTokens: 135,
    });
    const google = normaliseAiSdkUsage(
      { inputTokens: 10, outputTokens: 5, reasoningTokens: 7 },
      undefined,
      "google",
    );
    expect(google.usage).toMatchObject({ outputTokens: 12, reasoningTokens: 7, totalTokens: 22 });
  });

  it("reads v4 and embedding usage", () => {
    expect(normaliseAiSdkUsage({ promptTokens: 8, completionTokens: 2 }, undefined, "openai").usage).toEqual({
      inputTokens: 8,
      outputTokens: 2,
      totalTokens: 10,
    });
    expect(normaliseAiSdkUsage({ tokens: 4 }, undefined, "openai").usage).toEqual({ inputTokens: 4 });
  });

  it("falls back to providerMetadata.openrouter.usage when the usage is NaN, and returns its cost", () => {
    const result = normaliseAiSdkUsage(
      { inputTokens: Number.NaN, outputTokens: Number.NaN, totalTokens: Number.NaN },
      {
        openrouter: {
          usage: {
            promptTokens: 30,
            completionTokens: 6,
            totalTokens: 36,
            cost: 0.0012,
            promptTokensDetails: { cachedTokens: 10 },
            completionTokensDetails: { reasoningTokens: 2 },
          },
        },
      },
      "openrouter",
    );
    expect(result).toEqual({
      usage: { inputTokens: 30, outputTokens: 6, cacheReadTokens: 10, reasoningTokens: 2, totalTokens: 36 },
      reportedCostUsd: 0.0012,
    });
  });

  it("falls back to providerMetadata.google.usageMetadata", () => {
    const result = normaliseAiSdkUsage(
      undefined,
      {
        google: { usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 3, thoughtsTokenCount: 2 } },
      },
      "google",
    );
    expect(result.usage).toEqual({ inputTokens: 4, outputTokens: 5, reasoningTokens: 2 });
  });

  it("returns nothing for missing usage", () => {
    expect(normaliseAiSdkUsage(undefined, undefined, "openai")).toEqual({});
  });
});
