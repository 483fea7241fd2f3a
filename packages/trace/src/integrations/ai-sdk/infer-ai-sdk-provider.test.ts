import { describe, expect, it } from "vitest";
import { detectAiSdkVersion } from "./detect-ai-sdk-version.js";
import { inferAiSdkProvider } from "./infer-ai-sdk-provider.js";

describe("inferAiSdkProvider (SPEC §2.5.4)", () => {
  it("cuts model.provider at the first dot and keeps the raw value", () => {
    expect(inferAiSdkProvider({ provider: "openai.responses", modelId: "gpt-4o" })).toMatchObject({
      provider: "openai",
      providerRaw: "openai.responses",
      modelId: "gpt-4o",
    });
    expect(
      inferAiSdkProvider({ provider: "google.generative-ai", modelId: "gemini-2.0-flash" }).provider,
    ).toBe("google");
    expect(inferAiSdkProvider({ provider: "openrouter", modelId: "x" })).not.toHaveProperty("providerRaw");
  });

  it("reads the server address from the provider's config", () => {
    const model = {
      provider: "openai.chat",
      modelId: "gpt-4o",
      config: { url: ({ path }: { path: string }) => `https://api.example.com/v1${path}` },
    };
    expect(inferAiSdkProvider(model).serverAddress).toBe("api.example.com");
    expect(
      inferAiSdkProvider({ modelId: "x", config: { baseURL: "http://localhost:1234/v1" } }).provider,
    ).toBe("local");
  });

  it("falls back to the model id", () => {
    expect(inferAiSdkProvider("claude-3-5-haiku").provider).toBe("anthropic");
    expect(inferAiSdkProvider({ modelId: "gemma-2" }).provider).toBe("google");
    expect(inferAiSdkProvider({ modelId: "mixtral-8x7b" }).provider).toBe("mistral");
    expect(inferAiSdkProvider({ modelId: "meta-llama/llama-3" }).provider).toBe("meta");
    expect(inferAiSdkProvider({ modelId: "qwen/qwen-2" }).provider).toBe("openrouter");
    expect(inferAiSdkProvider({ modelId: "text-embedding-3-small" }).provider).toBe("openai");
  });
});

describe("detectAiSdkVersion", () => {
  it("recognises each major by an export it introduced, else by the model specification", () => {
    expect(detectAiSdkVersion({ registerTelemetry() {}, ToolLoopAgent: class {} }, undefined)).toBe("7");
    expect(detectAiSdkVersion({ ToolLoopAgent: class {}, stepCountIs() {} }, undefined)).toBe("6");
    expect(detectAiSdkVersion({ stepCountIs() {} }, undefined)).toBe("5");
    expect(detectAiSdkVersion({ createDataStream() {} }, undefined)).toBe("4");
    expect(detectAiSdkVersion({ generateText() {} }, "v2")).toBe("5");
    expect(detectAiSdkVersion(undefined, undefined)).toBeUndefined();
  });
});
