/**
 * traceModel against real AI SDK provider models (spec v3, `@ai-sdk/openai` 3) driven by `ai` 6,
 * and hand-written spec v1 / v2 models for the older shapes, with mock-llm and the real server.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import { describe, expect, it } from "vitest";
import { useSessionSuite } from "./support/use-session-suite.js";

const suite = useSessionSuite("trace-model");
const { newSession, spansOf } = suite;

const chat = (baseURL = `${suite.h.mock.url}/v1`, headers: Record<string, string> = {}) =>
  createOpenAI({ baseURL, apiKey: "test", headers }).chat("gpt-4o");

async function readText(result: { textStream: AsyncIterable<string> }, limit = Infinity): Promise<string[]> {
  const deltas: string[] = [];
  for await (const delta of result.textStream) {
    deltas.push(delta);
    if (deltas.length >= limit) break;
  }
  return deltas;
}

describe("traceModel with a spec v3 provider model", () => {
  it("traces doGenerate: same result, one span with usage and content", async () => {
    const { sessionId, session } = newSession();
    const model = session.traceModel(chat());
    expect(model.modelId).toBe("gpt-4o");
    expect(model.provider).toBe("openai.chat");
    const traced = await ai.generateText({ model, prompt: "Model call" });
    const plain = await ai.generateText({ model: chat(), prompt: "Model call" });
    expect(traced.text).toBe(plain.text);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "doGenerate",
      status: "OK",
      provider: "openai",
      is_streaming: false,
      input_tokens: plain.usage.inputTokens,
      output_tokens: plain.usage.outputTokens,
      finish_reasons: ["stop"],
    });
    expect(JSON.stringify(span?.input_messages)).toContain("Model call");
    expect(JSON.stringify(span?.output_messages)).toContain(plain.text);
  });

  it("ends a doStream span when the part stream closes, with TTFT and usage", async () => {
    const { sessionId, session } = newSession();
    const result = ai.streamText({ model: session.traceModel(chat()), prompt: "Model stream" });
    expect((await readText(result)).join("")).toBe("Mock reply to: Model stream");
    const usage = await result.usage;
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "doStream",
      status: "OK",
      is_streaming: true,
      output_tokens: usage.outputTokens,
    });
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(span?.duration_ms).toBeGreaterThanOrEqual(span?.time_to_first_token_ms);
  });

  it("records a part stream cancelled by its reader after one chunk", async () => {
    const { sessionId, session } = newSession();
    const slow = { "x-mock-stream-chunk-delay-ms": "100" };
    const prompt = {
      prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "Slow" }] }],
    };
    const firstPart = async (model: ReturnType<typeof chat>) => {
      const { stream } = await model.doStream(prompt);
      const reader = stream.getReader();
      const first = await reader.read();
      await reader.cancel();
      return first.value?.type;
    };
    expect(await firstPart(session.traceModel(chat(undefined, slow)))).toBe(
      await firstPart(chat(undefined, slow)),
    );
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({ name: "doStream", status: "OK" });
    expect(span?.attributes["fallom.stream.cancelled"]).toBe(true);
  });

  it("re-throws provider and network errors from doGenerate and doStream unchanged", async () => {
    const { sessionId, session } = newSession();
    for (const base of [chat(undefined, { "x-mock-error": "400" }), chat(`${suite.closedUrl}/v1`)]) {
      const options = {
        prompt: { prompt: [{ role: "user" as const, content: [{ type: "text" as const, text: "Hi" }] }] },
      };
      const plain = await base.doGenerate(options.prompt).then(undefined, (e: unknown) => e);
      const traced = await session
        .traceModel(base)
        .doGenerate(options.prompt)
        .then(undefined, (e: unknown) => e);
      expect((traced as Error).constructor).toBe((plain as Error).constructor);
      expect((traced as Error).message).toBe((plain as Error).message);
      const plainStream = await base.doStream(options.prompt).then(undefined, (e: unknown) => e);
      const tracedStream = await session
        .traceModel(base)
        .doStream(options.prompt)
        .then(undefined, (e: unknown) => e);
      expect((tracedStream as Error).constructor).toBe((plainStream as Error).constructor);
    }
    const spans = await spansOf(sessionId, 4);
    expect(spans.map((span) => span.status)).toEqual(["ERROR", "ERROR", "ERROR", "ERROR"]);
  });

  it("gates prompt and output content on captureContent", async () => {
    const { sessionId, session } = newSession({ captureContent: false });
    await ai.generateText({ model: session.traceModel(chat()), prompt: "Secret model prompt" });
    const [span] = await spansOf(sessionId);
    expect(span?.output_tokens).toBeGreaterThan(0);
    expect(JSON.stringify(span)).not.toContain("Secret model prompt");
  });

  it("does not double-trace a re-wrapped model", async () => {
    const { sessionId, session } = newSession();
    await ai.generateText({ model: session.traceModel(session.traceModel(chat())), prompt: "Once" });
    expect(await spansOf(sessionId)).toHaveLength(1);
  });
});

describe("traceModel with spec v1 and v2 models", () => {
  const v1Model = {
    specificationVersion: "v1",
    provider: "legacy.chat",
    modelId: "gpt-4o-mini",
    async doGenerate() {
      return {
        text: "old answer",
        finishReason: "stop",
        usage: { promptTokens: 11, completionTokens: 3 },
        rawCall: { rawPrompt: null, rawSettings: {} },
      };
    },
  };
  const v2Stream = () =>
    new ReadableStream({
      start(controller) {
        controller.enqueue({ type: "stream-start", warnings: [] });
        controller.enqueue({ type: "response-metadata", id: "resp-v2", modelId: "claude-v2" });
        controller.enqueue({ type: "text-delta", id: "t", delta: "new " });
        controller.enqueue({ type: "text-delta", id: "t", delta: "answer" });
        controller.enqueue({
          type: "finish",
          finishReason: "stop",
          usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7, cachedInputTokens: 4 },
          providerMetadata: { anthropic: { cacheCreationInputTokens: 6 } },
        });
        controller.close();
      },
    });
  const v2Model = {
    specificationVersion: "v2",
    provider: "anthropic.messages",
    modelId: "claude-v2",
    doStream: async () => ({ stream: v2Stream() }),
  };

  it("normalises v1 usage from doGenerate", async () => {
    const { sessionId, session } = newSession();
    const result = await session.traceModel(v1Model).doGenerate();
    expect(result.text).toBe("old answer");
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      input_tokens: 11,
      output_tokens: 3,
      attributes: { "fallom.ai_sdk_version": "4" },
    });
  });

  it("normalises v2 Anthropic usage (cache added to input) from the finish part", async () => {
    const { sessionId, session } = newSession();
    const { stream } = await session.traceModel(v2Model).doStream();
    const parts: unknown[] = [];
    for await (const part of stream as unknown as AsyncIterable<unknown>) parts.push(part);
    expect(parts).toHaveLength(5);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      provider: "anthropic",
      response_id: "resp-v2",
      input_tokens: 5 + 4 + 6,
      cache_read_tokens: 4,
      cache_write_tokens: 6,
      output_tokens: 2,
    });
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
  });
});
