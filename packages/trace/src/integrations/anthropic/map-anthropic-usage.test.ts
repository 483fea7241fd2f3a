import { describe, expect, it } from "vitest";
import { mapAnthropicUsage, mergeAnthropicUsage } from "./map-anthropic-usage.js";

describe("mapAnthropicUsage", () => {
  it("adds cache read and cache creation to input (SPEC §4.2)", () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 150,
        cache_read_input_tokens: 1000,
        cache_creation_input_tokens: 50,
        output_tokens: 40,
        cache_creation: { ephemeral_5m_input_tokens: 50, ephemeral_1h_input_tokens: 0 },
      }),
    ).toEqual({ inputTokens: 1200, outputTokens: 40, cacheReadTokens: 1000, cacheWriteTokens: 50 });
  });

  it("treats null cache fields as absent", () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 9,
        output_tokens: 3,
        cache_read_input_tokens: null,
        cache_creation_input_tokens: null,
      }),
    ).toEqual({ inputTokens: 9, outputTokens: 3 });
  });

  it("returns undefined without usage", () => {
    expect(mapAnthropicUsage(undefined)).toBeUndefined();
    expect(mapAnthropicUsage({})).toBeUndefined();
  });
});

describe("mergeAnthropicUsage", () => {
  it("lets the last non-null value of each field win", () => {
    const start = { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 4 };
    expect(mergeAnthropicUsage(start, { output_tokens: 25, cache_read_input_tokens: null })).toEqual({
      input_tokens: 10,
      output_tokens: 25,
      cache_read_input_tokens: 4,
    });
    expect(start.output_tokens).toBe(1);
  });
});
