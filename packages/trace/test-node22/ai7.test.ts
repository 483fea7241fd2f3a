/**
 * `ai` 7 with `@ai-sdk/openai` 4 (Node >= 22) through wrapAISDK: AI SDK 7 moved its telemetry into
 * `@ai-sdk/otel`, but our wrappers wrap the functions, so they must work unchanged.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import fallom from "../src/index.js";
import { type Node22Harness, startNode22Harness } from "./support/node22-harness.js";

let h: Node22Harness;
beforeAll(async () => {
  h = await startNode22Harness();
  await fallom.init({ apiKey: h.apiKey, baseUrl: h.serverUrl });
});
afterAll(async () => {
  await fallom.shutdown();
  await h.close();
});

const provider = (headers: Record<string, string> = {}) =>
  createOpenAI({ baseURL: `${h.mock.url}/v1`, apiKey: "test", headers });

const tools = () => ({
  get_weather: ai.tool({
    description: "Weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, temperature: 21 }),
  }),
});

async function spansOf(sessionId: string, count: number) {
  await fallom.flush();
  return h.waitForSpans({ session_id: sessionId }, count);
}

describe("ai 7", () => {
  it("is the major this line is meant to test", async () => {
    const { createRequire } = await import("node:module");
    const require = createRequire(import.meta.url);
    expect((require("ai/package.json") as { version: string }).version.split(".")[0]).toBe("7");
  });

  it("traces generateText with a tool loop: tool spans are children of the call", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "ai7-generate" });
    const result = await session.wrapAISDK(ai).generateText({
      model: provider().chat("gpt-4o"),
      prompt: "use a tool for the weather",
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
    });
    expect(result.text).toBe("Mock reply to: use a tool for the weather");
    const spans = await spansOf("ai7-generate", 2);
    const root = spans.find((span) => span.name === "generateText");
    const tool = spans.find((span) => span.kind === "tool");
    expect(root).toMatchObject({ status: "OK", provider: "openai", request_model: "gpt-4o" });
    expect(root?.input_tokens).toBe(result.totalUsage.inputTokens);
    expect(root?.attributes["fallom.ai_sdk_version"]).toBe("7");
    expect(tool?.parent_span_id).toBe(root?.span_id);
  });

  it("traces streamText with tools, TTFT and usage", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "ai7-stream" });
    const result = session.wrapAISDK(ai).streamText({
      model: provider().chat("gpt-4o"),
      prompt: "use a tool for the weather",
      tools: tools(),
      stopWhen: ai.stepCountIs(3),
    });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("Mock reply to: use a tool for the weather");
    const spans = await spansOf("ai7-stream", 2);
    const root = spans.find((span) => span.name === "streamText");
    expect(root).toMatchObject({ status: "OK", is_streaming: true });
    expect(root?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(root?.output_tokens).toBe((await result.totalUsage).outputTokens);
    expect(spans.find((span) => span.kind === "tool")?.parent_span_id).toBe(root?.span_id);
  });

  it("re-throws a provider error unchanged and records ERROR", async () => {
    const session = fallom.session({ configKey: "node22", sessionId: "ai7-error" });
    const options = {
      model: provider({ "x-mock-error": "400" }).chat("gpt-4o"),
      prompt: "Hi",
      maxRetries: 0,
    };
    const plain = await ai.generateText(options).catch((e: unknown) => e);
    const traced = await session
      .wrapAISDK(ai)
      .generateText(options)
      .catch((e: unknown) => e);
    expect((traced as Error).constructor).toBe((plain as Error).constructor);
    expect((traced as Error).message).toBe((plain as Error).message);
    const [span] = await spansOf("ai7-error", 1);
    expect(span?.status).toBe("ERROR");
  });
});
