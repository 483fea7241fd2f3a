import { describe, expect, it } from "vitest";
import { mapGoogleUsage } from "./map-google-usage.js";
import { GoogleStreamAccumulator, hasGoogleContent, toGoogleResult } from "./read-google-response.js";

describe("mapGoogleUsage (SPEC §4.2 Google row)", () => {
  it("adds tool-use prompt tokens to input and thoughts to output", () => {
    expect(
      mapGoogleUsage({
        promptTokenCount: 10,
        toolUsePromptTokenCount: 2,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 7,
        cachedContentTokenCount: 4,
        totalTokenCount: 24,
      }),
    ).toEqual({ inputTokens: 12, outputTokens: 12, cacheReadTokens: 4, reasoningTokens: 7, totalTokens: 24 });
    expect(mapGoogleUsage(undefined)).toBeUndefined();
  });
});

describe("Google stream reading", () => {
  it("counts text and functionCall chunks as content, usage-only chunks not", () => {
    expect(
      hasGoogleContent({ candidates: [{ content: { parts: [{ text: "" }] } }], usageMetadata: {} }),
    ).toBe(false);
    expect(
      hasGoogleContent({ candidates: [{ content: { parts: [{ functionCall: { name: "f" } }] } }] }),
    ).toBe(true);
  });

  it("keeps the last non-null usage and every candidate's parts and finish reason", () => {
    const accumulator = new GoogleStreamAccumulator();
    accumulator.add({
      candidates: [{ index: 0, content: { parts: [{ text: "Hel" }] } }],
      usageMetadata: { promptTokenCount: 3 },
    });
    accumulator.add({
      candidates: [{ index: 0, content: { parts: [{ text: "lo" }] }, finishReason: "STOP" }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2 },
      responseId: "r1",
      modelVersion: "gemini-2.0-flash",
    });
    accumulator.add({ candidates: [] });
    const result = toGoogleResult(accumulator.toResponse());
    expect(result).toMatchObject({
      responseId: "r1",
      responseModel: "gemini-2.0-flash",
      finishReasons: ["STOP"],
      usage: { inputTokens: 3, outputTokens: 2 },
    });
    expect(result.rawResponse?.()).toMatchObject({ text: "Hello", finishReason: "STOP", toolCalls: [] });
  });
});
