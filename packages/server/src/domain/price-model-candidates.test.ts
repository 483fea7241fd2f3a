import { describe, expect, it } from "vitest";
import { priceModelCandidates, toGenaiProviderId, withoutVersionSuffix } from "./price-model-candidates.js";

describe("toGenaiProviderId", () => {
  it.each([
    ["openai", "openai"],
    ["aws.bedrock", "aws"],
    ["vertex_ai", "google"],
    ["gemini", "google"],
    ["x_ai", "x-ai"],
    ["Google AI Studio", "google ai studio"],
    ["meta", undefined],
    ["local", undefined],
    [null, undefined],
  ])("maps %s to %s", (provider, id) => {
    expect(toGenaiProviderId(provider)).toBe(id);
  });
});

describe("withoutVersionSuffix", () => {
  it.each([
    ["gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4-5"],
    ["claude-sonnet-4-5@20250929", "claude-sonnet-4-5"],
    ["anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic.claude-3-7-sonnet"],
    ["anthropic/claude-3.7-sonnet:thinking", "anthropic/claude-3.7-sonnet"],
    ["meta-llama/llama-3.3-70b-instruct:free", "meta-llama/llama-3.3-70b-instruct:free"],
    ["gpt-4o", "gpt-4o"],
  ])("turns %s into %s", (model, expected) => {
    expect(withoutVersionSuffix(model)).toBe(expected);
  });
});

describe("priceModelCandidates", () => {
  it("tries the provider, then the slug, then the versionless name", () => {
    expect(
      priceModelCandidates("openrouter", "anthropic/claude-sonnet-4-20250514", "Amazon Bedrock"),
    ).toEqual([
      { providerId: "openrouter", model: "anthropic/claude-sonnet-4-20250514" },
      { providerId: "openrouter", model: "claude-sonnet-4-20250514" },
      { providerId: "anthropic", model: "claude-sonnet-4-20250514" },
      { providerId: "amazon bedrock", model: "claude-sonnet-4-20250514" },
      { providerId: undefined, model: "claude-sonnet-4-20250514" },
      { providerId: undefined, model: "anthropic/claude-sonnet-4-20250514" },
      { providerId: "openrouter", model: "anthropic/claude-sonnet-4" },
      { providerId: "openrouter", model: "claude-sonnet-4" },
      { providerId: "anthropic", model: "claude-sonnet-4" },
      { providerId: "amazon bedrock", model: "claude-sonnet-4" },
      { providerId: undefined, model: "claude-sonnet-4" },
      { providerId: undefined, model: "anthropic/claude-sonnet-4" },
    ]);
  });

  it("drops Google's models/ prefix and repeats nothing", () => {
    expect(priceModelCandidates("google", "models/gemini-2.5-flash", null)).toEqual([
      { providerId: "google", model: "gemini-2.5-flash" },
      { providerId: undefined, model: "gemini-2.5-flash" },
    ]);
  });
});
