import { describe, expect, it } from "vitest";
import { inferProviderFromBaseUrl } from "./infer-provider-from-base-url.js";

describe("inferProviderFromBaseUrl", () => {
  it.each([
    ["https://api.openai.com/v1", "openai"],
    ["https://my-org.openai.azure.com/openai/deployments/x", "azure"],
    ["https://openrouter.ai/api/v1", "openrouter"],
    ["https://api.groq.com/openai/v1", "groq"],
    ["https://api.together.xyz/v1", "together"],
    ["https://api.mistral.ai/v1", "mistral"],
    ["https://api.deepseek.com", "deepseek"],
    ["https://api.x.ai/v1", "xai"],
    ["http://localhost:11434/v1", "local"],
    ["http://127.0.0.1:4010/v1", "local"],
    ["https://llm.internal.example.com/v1", "llm.internal.example.com"],
  ])("maps %s to %s", (url, provider) => {
    expect(inferProviderFromBaseUrl(url).provider).toBe(provider);
  });

  it("reports the host as the server address", () => {
    expect(inferProviderFromBaseUrl("https://OpenRouter.ai/api/v1").host).toBe("openrouter.ai");
  });

  it("reads a missing or broken base URL as OpenAI's default endpoint", () => {
    expect(inferProviderFromBaseUrl(undefined)).toEqual({ provider: "openai", host: "api.openai.com" });
    expect(inferProviderFromBaseUrl("not a url").provider).toBe("openai");
  });
});
