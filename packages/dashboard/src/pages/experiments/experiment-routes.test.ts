import { describe, expect, it } from "vitest";
import { matchRoute, paths } from "../../router/match-route.js";

describe("experiment routes (SPEC §1.5)", () => {
  it("matches the model and prompt pages, and prompt A/B tests one level below prompts", () => {
    expect(matchRoute("/experiments/models")).toEqual({ page: "model-configs" });
    expect(matchRoute("/experiments/models/summarizer/")).toEqual({
      page: "model-config",
      configKey: "summarizer",
    });
    expect(matchRoute("/experiments/prompts")).toEqual({ page: "prompts" });
    expect(matchRoute("/experiments/prompts/onboarding")).toEqual({
      page: "prompt",
      promptKey: "onboarding",
    });
    expect(matchRoute("/experiments/prompts/tests")).toEqual({ page: "prompt", promptKey: "tests" });
    expect(matchRoute("/experiments/prompts/tests/onb-test")).toEqual({
      page: "prompt-ab-test",
      testKey: "onb-test",
    });
    expect(matchRoute("/experiments")).toEqual({ page: "model-configs" });
  });

  it("answers not-found for deeper paths, and builds paths that match back", () => {
    expect(matchRoute("/experiments/models/a/b")).toEqual({ page: "not-found" });
    expect(matchRoute("/experiments/prompts/x/y")).toEqual({ page: "not-found" });
    expect(matchRoute(paths.modelConfig("chat.v2"))).toEqual({ page: "model-config", configKey: "chat.v2" });
    expect(matchRoute(paths.promptAbTest("t_1"))).toEqual({ page: "prompt-ab-test", testKey: "t_1" });
  });
});
