/**
 * wrapAISDK against the real `ai` 6 package and provider packages, mock-llm and the real server:
 * each function × {plain, stream read fully, stream broken off after one chunk, provider error,
 * network error}, tool loops, traceModel inside wrapAISDK, and capture off.
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { expectSameError } from "./support/expect-same-error.js";
import { outcome } from "./support/outcome.js";
import { useSessionSuite } from "./support/use-session-suite.js";

const suite = useSessionSuite("ai-sdk");
const { newSession, spansOf } = suite;

const openai = (baseURL = `${suite.h.mock.url}/v1`, headers: Record<string, string> = {}) =>
  createOpenAI({ baseURL, apiKey: "test", headers });

const weatherTool = () =>
  ai.tool({
    description: "Weather for a city",
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, temperature: 21 }),
  });

describe("generateText", () => {
  it("returns the SDK's own result and records one OK span", async () => {
    const { sessionId, session } = newSession();
    const { generateText } = session.wrapAISDK(ai);
    const options = {
      model: openai().chat("gpt-4o"),
      prompt: "Hi there",
      temperature: 0.4,
      maxOutputTokens: 64,
    };
    const traced = await generateText(options);
    const plain = await ai.generateText(options);
    expect(traced.constructor).toBe(plain.constructor);
    expect(traced.text).toBe(plain.text);
    expect(traced.usage).toEqual(plain.usage);
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "generateText",
      status: "OK",
      provider: "openai",
      request_model: "gpt-4o",
      input_tokens: plain.usage.inputTokens,
      output_tokens: plain.usage.outputTokens,
      request_params: { temperature: 0.4, max_tokens: 64 },
    });
    expect(span?.attributes["fallom.provider_raw"]).toBe("openai.chat");
  });

  it("re-throws provider and network errors unchanged, one ERROR span each", async () => {
    const { sessionId, session } = newSession();
    const { generateText } = session.wrapAISDK(ai);
    const failing = {
      model: openai(undefined, { "x-mock-error": "400" }).chat("gpt-4o"),
      prompt: "Hi",
      maxRetries: 0,
    };
    expectSameError(
      (await outcome(() => generateText(failing))).error,
      (await outcome(() => ai.generateText(failing))).error,
    );
    const offline = { model: openai(`${suite.closedUrl}/v1`).chat("gpt-4o"), prompt: "Hi", maxRetries: 0 };
    expectSameError(
      (await outcome(() => generateText(offline))).error,
      (await outcome(() => ai.generateText(offline))).error,
    );
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.status)).toEqual(["ERROR", "ERROR"]);
    expect(spans.some((span) => span.error_type === "APICallError" || span.error_type === "400")).toBe(true);
  });

  it("records each tool execution as a child span, and LLM calls inside a tool as its children", async () => {
    const { sessionId, session } = newSession();
    const { generateText } = session.wrapAISDK(ai);
    const inner = weatherTool();
    const tools = {
      get_weather: ai.tool({
        description: "Weather for a city, asked of another model",
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) =>
          (await generateText({ model: openai().chat("gpt-4o-mini"), prompt: `Weather in ${city}` })).text,
      }),
      unused: inner,
    };
    const result = await generateText({
      model: openai().chat("gpt-4o"),
      prompt: "Please use a tool: get_weather",
      tools,
      stopWhen: ai.stepCountIs(3),
    });
    expect(result.steps.length).toBe(2);
    expect(result.steps[0]?.toolResults[0]?.output).toBe("Mock reply to: Weather in mock-city");
    const spans = await spansOf(sessionId, 3);
    const root = spans.find((span) => span.name === "generateText" && span.parent_span_id === null);
    const tool = spans.find((span) => span.name === "execute_tool get_weather");
    const nested = spans.find((span) => span.name === "generateText" && span.parent_span_id !== null);
    expect(tool).toMatchObject({ kind: "tool", parent_span_id: root?.span_id, trace_id: root?.trace_id });
    expect(tool?.attributes["gen_ai.tool.call.id"]).toBe(result.steps[0]?.toolCalls[0]?.toolCallId);
    expect(nested).toMatchObject({ parent_span_id: tool?.span_id, request_model: "gpt-4o-mini" });
    expect(spans).toHaveLength(3);
  });

  it("keeps the caller's tools untouched and their schemas usable", async () => {
    const { session } = newSession();
    const tool = weatherTool();
    const tools = { get_weather: tool };
    const execute = tool.execute;
    await session.wrapAISDK(ai).generateText({
      model: openai().chat("gpt-4o"),
      prompt: "use a tool",
      tools,
      stopWhen: ai.stepCountIs(2),
    });
    expect(tools.get_weather).toBe(tool);
    expect(tool.execute).toBe(execute);
  });
});

describe("streamText", () => {
  const read = async (result: { textStream: AsyncIterable<string> }, limit = Infinity) => {
    const deltas: string[] = [];
    for await (const delta of result.textStream) {
      deltas.push(delta);
      if (deltas.length >= limit) break;
    }
    return deltas;
  };

  it("gives the same deltas, composes the caller's callbacks, and records TTFT and usage", async () => {
    const { sessionId, session } = newSession();
    const calls: string[] = [];
    const options = () => ({
      model: openai().chat("gpt-4o"),
      prompt: "Stream me",
      onChunk: () => void calls.push("chunk"),
      onFinish: () => void calls.push("finish"),
    });
    const plainDeltas = await read(ai.streamText(options()));
    const plainCalls = calls.splice(0);
    const traced = session.wrapAISDK(ai).streamText(options());
    expect(await read(traced)).toEqual(plainDeltas);
    expect(calls).toEqual(plainCalls);
    const usage = await traced.totalUsage;
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({
      name: "streamText",
      status: "OK",
      is_streaming: true,
      output_tokens: usage.outputTokens,
    });
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
  });

  it("records TTFT when consumed through toUIMessageStreamResponse()", async () => {
    const { sessionId, session } = newSession();
    const response = session
      .wrapAISDK(ai)
      .streamText({ model: openai().chat("gpt-4o"), prompt: "UI stream" })
      .toUIMessageStreamResponse();
    expect(await response.text()).toContain("Mock");
    const [span] = await spansOf(sessionId);
    expect(span?.status).toBe("OK");
    expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(span?.output_tokens).toBeGreaterThan(0);
  });

  it("records a stream broken off after one chunk as cancelled", async () => {
    const { sessionId, session } = newSession();
    const options = () => ({
      model: openai(undefined, { "x-mock-stream-chunk-delay-ms": "100" }).chat("gpt-4o"),
      prompt: "Stream me slowly",
    });
    expect(await read(session.wrapAISDK(ai).streamText(options()), 1)).toEqual(
      await read(ai.streamText(options()), 1),
    );
    const [span] = await spansOf(sessionId);
    expect(span).toMatchObject({ status: "OK", is_streaming: true });
    expect(span?.attributes["fallom.stream.cancelled"]).toBe(true);
  });

  it("on provider and network errors behaves like the SDK (onError, console) and records ERROR", async () => {
    const { sessionId, session } = newSession();
    const { streamText } = session.wrapAISDK(ai);
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const model of [
        openai(undefined, { "x-mock-error": "400" }).chat("gpt-4o"),
        openai(`${suite.closedUrl}/v1`).chat("gpt-4o"),
      ]) {
        const seen: unknown[] = [];
        const plain = await outcome(() =>
          read(
            ai.streamText({
              model,
              prompt: "Hi",
              maxRetries: 0,
              onError: ({ error }) => void seen.push(error),
            }),
          ),
        );
        const traced = await outcome(() =>
          read(
            streamText({ model, prompt: "Hi", maxRetries: 0, onError: ({ error }) => void seen.push(error) }),
          ),
        );
        expect(traced.value).toEqual(plain.value);
        expect(seen).toHaveLength(2);
        expectSameError(seen[1], seen[0]);
      }
      consoleError.mockClear();
      const model = openai(undefined, { "x-mock-error": "400" }).chat("gpt-4o");
      await read(ai.streamText({ model, prompt: "Hi", maxRetries: 0 }));
      const plainLogs = consoleError.mock.calls.length;
      await read(streamText({ model, prompt: "Hi", maxRetries: 0 }));
      expect(plainLogs).toBe(1);
      expect(consoleError.mock.calls.length).toBe(2 * plainLogs);
    } finally {
      consoleError.mockRestore();
    }
    const spans = await spansOf(sessionId, 3);
    expect(spans.map((span) => span.status)).toEqual(["ERROR", "ERROR", "ERROR"]);
  });

  it("traces a multi-step tool loop with tool spans as children", async () => {
    const { sessionId, session } = newSession();
    const result = session.wrapAISDK(ai).streamText({
      model: openai().chat("gpt-4o"),
      prompt: "use a tool for the weather",
      tools: { get_weather: weatherTool() },
      stopWhen: ai.stepCountIs(3),
    });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain("tool-result");
    const spans = await spansOf(sessionId, 2);
    const root = spans.find((span) => span.name === "streamText");
    const tool = spans.find((span) => span.kind === "tool");
    expect(tool?.parent_span_id).toBe(root?.span_id);
    expect(root?.time_to_first_token_ms).toBeGreaterThan(0);
    expect(JSON.parse(tool?.attributes["gen_ai.tool.call.result"] ?? "null")).toEqual({
      city: "mock-city",
      temperature: 21,
    });
  });
});

describe("other functions and providers", () => {
  it("traces embed and embedMany without vectors", async () => {
    const { sessionId, session } = newSession();
    const { embed, embedMany } = session.wrapAISDK(ai);
    const model = openai().embedding("text-embedding-3-small");
    const one = await embed({ model, value: "embed me" });
    const many = await embedMany({ model, values: ["a", "b"] });
    expect(one.embedding.length).toBeGreaterThan(0);
    expect(many.embeddings).toHaveLength(2);
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["embed", "embedMany"]);
    expect(spans.every((span) => span.operation === "embeddings" && span.input_tokens > 0)).toBe(true);
    expect(JSON.stringify(spans)).not.toContain(String(one.embedding[0]));
  });

  it("normalises Anthropic and Google usage through their AI SDK providers", async () => {
    const { sessionId, session } = newSession();
    const { generateText } = session.wrapAISDK(ai);
    const anthropic = createAnthropic({ baseURL: `${suite.h.mock.url}/v1`, apiKey: "test" });
    const google = createGoogleGenerativeAI({ baseURL: `${suite.h.mock.url}/v1beta`, apiKey: "test" });
    const claude = await generateText({ model: anthropic("claude-sonnet-4-20250514"), prompt: "Hi Claude" });
    const gemini = await generateText({ model: google("gemini-2.0-flash"), prompt: "Hi Gemini" });
    const spans = await spansOf(sessionId, 2);
    const byProvider = Object.fromEntries(spans.map((span) => [span.provider, span]));
    expect(byProvider.anthropic).toMatchObject({
      input_tokens: claude.usage.inputTokens,
      output_tokens: claude.usage.outputTokens,
    });
    expect(byProvider.google).toMatchObject({
      input_tokens: gemini.usage.inputTokens,
      output_tokens: gemini.usage.outputTokens,
    });
  });

  it("returns undefined for functions the module lacks and leaves the module untouched", () => {
    const { session } = newSession();
    const partial = { generateText: ai.generateText };
    const wrapped = session.wrapAISDK(partial);
    expect(wrapped.streamText).toBeUndefined();
    expect(typeof wrapped.generateText).toBe("function");
    expect(partial.generateText).toBe(ai.generateText);
  });
});

describe("traceModel inside wrapAISDK, and content capture", () => {
  it("yields one span for a traced model called through a wrapped function (W4)", async () => {
    const { sessionId, session } = newSession();
    const model = session.traceModel(openai().chat("gpt-4o"));
    const { generateText, streamText } = session.wrapAISDK(ai);
    await generateText({ model, prompt: "One span please" });
    for await (const _delta of streamText({ model, prompt: "One span please" }).textStream) {
      // read all
    }
    const spans = await spansOf(sessionId, 2);
    expect(spans.map((span) => span.name).sort()).toEqual(["generateText", "streamText"]);
  });

  it("sends no prompt, completion or tool content when capture is off", async () => {
    const { sessionId, session } = newSession({ captureContent: false });
    const result = await session.wrapAISDK(ai).generateText({
      model: openai().chat("gpt-4o"),
      system: "Secret system",
      prompt: "Secret prompt, use a tool",
      tools: { get_weather: weatherTool() },
      stopWhen: ai.stepCountIs(2),
    });
    expect(result.text).toContain("Secret prompt");
    const spans = await spansOf(sessionId, 2);
    const stored = JSON.stringify(spans);
    expect(stored).not.toContain("Secret");
    expect(stored).not.toContain("mock-city");
    expect(spans.find((span) => span.name === "generateText")?.input_tokens).toBeGreaterThan(0);
    expect(spans.find((span) => span.kind === "tool")?.attributes["gen_ai.tool.name"]).toBe("get_weather");
  });
});
