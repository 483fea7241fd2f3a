import OpenAI from "openai";
import type { ChatCompletionChunk, ChatCompletionTool } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { computeOpenRouterCost } from "../../domain/compute-openrouter-cost.js";
import { countTokens } from "../../domain/count-tokens.js";
import { MOCK_REFUSAL_TEXT, mockReasoningText, mockReplyText } from "../../domain/mock-text.js";
import { mockToolArguments } from "../../domain/mock-tool-arguments.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";

const mock = useMockLlm();
const client = (options: ConstructorParameters<typeof OpenAI>[0] = {}) =>
  new OpenAI({ apiKey: "test-key", baseURL: `${mock.current.url}/v1`, maxRetries: 0, ...options });

const weatherTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
    },
  },
};
const timeTool: ChatCompletionTool = {
  type: "function",
  function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } },
};

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("POST /v1/chat/completions through the openai SDK", () => {
  it("answers with the deterministic reply and token counts derived from the messages", async () => {
    const completion = await client().chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "user", content: [{ type: "text", text: "What is the capital of France, in one word?" }] },
      ],
    });
    const reply = mockReplyText("What is the capital of France, in one word?");
    expect(reply).toBe("Mock reply to: What is the capital of France, in one wo");
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("gpt-4o");
    expect(completion.choices[0]?.message.content).toBe(reply);
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    const promptTokens = countTokens("You are terse.What is the capital of France, in one word?");
    expect(completion.usage).toMatchObject({
      prompt_tokens: promptTokens,
      completion_tokens: countTokens(reply),
      total_tokens: promptTokens + countTokens(reply),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(mock.current.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      body: { model: "gpt-4o" },
    });
    expect(mock.current.requests[0]?.headers.authorization).toBe("Bearer test-key");
  });

  it("streams the reply in four content chunks after a role-only chunk, without usage unless asked", async () => {
    const stream = await client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "Stream this please" }],
      stream: true,
    });
    const chunks = await collect(stream);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "", refusal: null });
    const contents = chunks.map((chunk) => chunk.choices[0]?.delta.content).filter((text) => text);
    expect(contents).toHaveLength(4);
    expect(contents.join("")).toBe(mockReplyText("Stream this please"));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it("sends the usage-only final chunk exactly when stream_options.include_usage is true", async () => {
    const messages = [{ role: "user" as const, content: "Count my tokens" }];
    const withUsage = await collect(
      await client().chat.completions.create({
        model: "gpt-4o",
        messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const usageChunks = withUsage.filter((chunk) => chunk.choices.length === 0);
    expect(usageChunks).toHaveLength(1);
    expect(withUsage.at(-1)).toBe(usageChunks[0]);
    expect(usageChunks[0]?.usage).toMatchObject({
      prompt_tokens: countTokens("Count my tokens"),
      completion_tokens: countTokens(mockReplyText("Count my tokens")),
    });
    expect(withUsage.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);

    const withoutUsage = await collect(
      await client().chat.completions.create({
        model: "gpt-4o",
        messages,
        stream: true,
        stream_options: { include_usage: false },
      }),
    );
    expect(withoutUsage.filter((chunk) => chunk.choices.length === 0)).toHaveLength(0);
    expect(withoutUsage).toHaveLength(withUsage.length - 1);
  });

  it("calls a tool when the last user message says 'use a tool', with the arguments built from its schema", async () => {
    const completion = await client().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Please use a tool to get the weather" }],
      tools: [weatherTool, timeTool],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function tool call");
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "mock-city", unit: "celsius" });
    expect(call.id).toMatch(/^call_/);
    expect(completion.usage?.completion_tokens).toBe(countTokens(`get_weather${call.function.arguments}`));
  });

  it("streams tool-call arguments in several deltas that concatenate to the full JSON", async () => {
    const chunks = await collect(
      await client().chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "What time is it?" }],
        tools: [weatherTool, timeTool],
        tool_choice: { type: "function", function: { name: "get_time" } },
        stream: true,
      }),
    );
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({
      index: 0,
      type: "function",
      function: { name: "get_time", arguments: "" },
    });
    const argumentDeltas = toolDeltas.slice(1).map((delta) => delta.function?.arguments ?? "");
    expect(argumentDeltas.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(argumentDeltas.join(""))).toEqual(mockToolArguments(timeTool.function.parameters));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("calls every tool for 'use all tools' and streams each call under its own index", async () => {
    const stream = client().chat.completions.stream({
      model: "gpt-4o",
      messages: [{ role: "user", content: "use all tools now" }],
      tools: [weatherTool, timeTool],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => (call.type === "function" ? call.function.name : call.type))).toEqual([
      "get_weather",
      "get_time",
    ]);
  });

  it("answers with text once the conversation ends with a tool result", async () => {
    const completion = await client().chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "user", content: "use a tool for the weather" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "Sunny" },
      ],
      tools: [weatherTool],
    });
    expect(completion.choices[0]?.message.content).toBe(mockReplyText("use a tool for the weather"));
    expect(completion.usage?.prompt_tokens).toBe(countTokens("use a tool for the weatherSunny"));
  });

  it("returns n choices with distinct replies and their summed completion tokens", async () => {
    const completion = await client().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Two answers" }],
      n: 2,
    });
    expect(completion.choices.map((choice) => choice.message.content)).toEqual([
      mockReplyText("Two answers", 0),
      mockReplyText("Two answers", 1),
    ]);
    expect(completion.usage?.completion_tokens).toBe(
      countTokens(mockReplyText("Two answers", 0)) + countTokens(mockReplyText("Two answers", 1)),
    );
  });

  it("refuses with message.refusal, streamed as refusal deltas", async () => {
    const messages = [{ role: "user" as const, content: "Please refuse this one" }];
    const completion = await client().chat.completions.create({ model: "gpt-4o", messages });
    expect(completion.choices[0]?.message).toMatchObject({ content: null, refusal: MOCK_REFUSAL_TEXT });
    const chunks = await collect(
      await client().chat.completions.create({ model: "gpt-4o", messages, stream: true }),
    );
    const refusal = chunks.map((chunk) => chunk.choices[0]?.delta.refusal ?? "").join("");
    expect(refusal).toBe(MOCK_REFUSAL_TEXT);
  });

  it("reports reasoning tokens for o-series and gpt-5 models and cached tokens for a prompt_cache_key", async () => {
    const completion = await client().chat.completions.create({
      model: "o3-mini",
      messages: [{ role: "user", content: "Think about a long enough prompt, please" }],
      prompt_cache_key: "tenant-1",
    });
    const reasoningTokens = countTokens(mockReasoningText("Think about a long enough prompt, please"));
    const promptTokens = countTokens("Think about a long enough prompt, please");
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(reasoningTokens);
    expect(completion.usage?.completion_tokens).toBe(
      reasoningTokens + countTokens(mockReplyText("Think about a long enough prompt, please")),
    );
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(Math.floor(promptTokens / 2));
  });

  it("cuts the reply at max_completion_tokens with finish_reason length", async () => {
    const completion = await client().chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Say something long" }],
      max_completion_tokens: 2,
    });
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.choices[0]?.message.content).toBe("Mock rep");
    expect(completion.usage?.completion_tokens).toBe(2);
  });

  it("rejects stream_options without stream, and with x-mock-reject-stream-options names the parameter", async () => {
    await expect(
      client().chat.completions.create({
        model: "gpt-4o",
        messages: [{ role: "user", content: "Hi" }],
        stream_options: { include_usage: true },
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    const rejected = client().chat.completions.create(
      {
        model: "gpt-4o",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
        stream_options: { include_usage: true },
      },
      { headers: { "x-mock-reject-stream-options": "1" } },
    );
    await expect(rejected).rejects.toThrow(/stream_options/);
  });
});

describe("the OpenRouter flavour", () => {
  it("adds usage.cost and provider when the body asks for usage accounting", async () => {
    const completion = await client().chat.completions.create({
      model: "anthropic/claude-sonnet-4",
      messages: [{ role: "user", content: "Route me" }],
      // @ts-expect-error OpenRouter's extension of the request body
      usage: { include: true },
    });
    const promptTokens = countTokens("Route me");
    const completionTokens = countTokens(mockReplyText("Route me"));
    expect(completion).toMatchObject({ provider: "Anthropic", model: "anthropic/claude-sonnet-4" });
    expect(completion.usage).toMatchObject({
      prompt_tokens: promptTokens,
      cost: computeOpenRouterCost(promptTokens, completionTokens),
      is_byok: false,
    });
  });

  it("streams usage in a final chunk without include_usage and reports BYOK cost upstream", async () => {
    const chunks = await collect(
      await client({ defaultHeaders: { "x-mock-openrouter": "byok" } }).chat.completions.create({
        model: "openai/gpt-4o",
        messages: [{ role: "user", content: "Route me" }],
        stream: true,
      }),
    );
    const last = chunks.at(-1) as ChatCompletionChunk & { usage: Record<string, unknown>; provider: string };
    expect(last.choices).toEqual([]);
    expect(last.provider).toBe("OpenAI");
    const upstream = computeOpenRouterCost(countTokens("Route me"), countTokens(mockReplyText("Route me")));
    expect(last.usage).toMatchObject({ is_byok: true, cost_details: { upstream_inference_cost: upstream } });
  });
});
