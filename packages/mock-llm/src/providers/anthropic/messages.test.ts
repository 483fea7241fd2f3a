import Anthropic from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { describe, expect, it } from "vitest";
import { countTokens } from "../../domain/count-tokens.js";
import { MOCK_REFUSAL_TEXT, mockReasoningText, mockReplyText } from "../../domain/mock-text.js";
import { useMockLlm } from "../../test-support/use-mock-llm.js";
import { MOCK_THINKING_SIGNATURE } from "./messages.js";

const mock = useMockLlm();
const client = () => new Anthropic({ apiKey: "test-key", baseURL: mock.current.url, maxRetries: 0 });

const weatherTool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] },
};

async function collect(stream: AsyncIterable<RawMessageStreamEvent>): Promise<RawMessageStreamEvent[]> {
  const events: RawMessageStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("POST /v1/messages through @anthropic-ai/sdk", () => {
  it("answers with one text block and usage counting the system prompt and messages", async () => {
    const message = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      system: "Be kind.",
      messages: [{ role: "user", content: "Hello Claude" }],
    });
    expect(mock.current.requests[0]?.path).toBe("/v1/messages");
    const headers = mock.current.requests[0]?.headers ?? {};
    expect(headers["x-api-key"] ?? headers.authorization).toMatch(/test-key$/);
    expect(headers["anthropic-version"]).toBeDefined();
    expect(message.content).toEqual([{ type: "text", text: mockReplyText("Hello Claude") }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage).toMatchObject({
      input_tokens: countTokens("Be kind.Hello Claude"),
      output_tokens: countTokens(mockReplyText("Hello Claude")),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });

  it("streams message_start, ping, text deltas, message_delta with the final usage and message_stop", async () => {
    const events = await collect(
      await client().messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 256,
        messages: [{ role: "user", content: "Stream it" }],
        stream: true,
      }),
    );
    expect(events.map((event) => event.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    const start = events[0];
    if (start?.type !== "message_start") throw new Error("expected message_start first");
    expect(start.message.usage.input_tokens).toBe(countTokens("Stream it"));
    expect(start.message.usage.output_tokens).toBe(1);
    const delta = events.at(-2);
    if (delta?.type !== "message_delta") throw new Error("expected message_delta");
    expect(delta.usage.output_tokens).toBe(countTokens(mockReplyText("Stream it")));
    expect(delta.delta.stop_reason).toBe("end_turn");
  });

  it("is consumable by messages.stream() with finalMessage() and the text event", async () => {
    const stream = client().messages.stream({
      model: "claude-haiku-4-5",
      max_tokens: 256,
      messages: [{ role: "user", content: "Helper please" }],
    });
    const texts: string[] = [];
    stream.on("text", (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts).toHaveLength(4);
    expect(texts.join("")).toBe(mockReplyText("Helper please"));
    expect(final.usage.output_tokens).toBe(countTokens(mockReplyText("Helper please")));
  });

  it("uses a tool with the input streamed as input_json_delta pieces", async () => {
    const message = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      messages: [{ role: "user", content: "Please use a tool" }],
      tools: [weatherTool],
    });
    expect(message.stop_reason).toBe("tool_use");
    expect(message.content[0]).toMatchObject({
      type: "tool_use",
      name: "get_weather",
      input: { city: "mock-city" },
    });

    const stream = client().messages.stream({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      messages: [{ role: "user", content: "Weather?" }],
      tools: [weatherTool],
      tool_choice: { type: "tool", name: "get_weather" },
    });
    const pieces: string[] = [];
    stream.on("inputJson", (partial) => pieces.push(partial));
    const final = await stream.finalMessage();
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(final.content[0]).toMatchObject({ type: "tool_use", input: { city: "mock-city" } });
  });

  it("thinks first when thinking is requested, counting thinking in output_tokens", async () => {
    const stream = client().messages.stream({
      model: "claude-sonnet-4-6",
      max_tokens: 2048,
      thinking: { type: "enabled", budget_tokens: 1024 },
      messages: [{ role: "user", content: "Think hard" }],
    });
    const thoughts: string[] = [];
    stream.on("thinking", (delta) => thoughts.push(delta));
    const final = await stream.finalMessage();
    expect(thoughts.join("")).toBe(mockReasoningText("Think hard"));
    expect(final.content[0]).toEqual({
      type: "thinking",
      thinking: mockReasoningText("Think hard"),
      signature: MOCK_THINKING_SIGNATURE,
    });
    expect(final.content[1]).toMatchObject({ type: "text", text: mockReplyText("Think hard") });
    expect(final.usage.output_tokens).toBe(
      countTokens(mockReasoningText("Think hard")) + countTokens(mockReplyText("Think hard")),
    );
  });

  it("splits the prompt into cache reads, cache writes and uncached input when cache_control appears", async () => {
    const system = "A long system prompt that the caller wants cached for later turns.";
    const message = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      system: [{ type: "text", text: system, cache_control: { type: "ephemeral", ttl: "1h" } }],
      messages: [{ role: "user", content: "Hi" }],
    });
    const total = countTokens(`${system}Hi`);
    const read = Math.floor(total / 2);
    const written = Math.floor(total / 4);
    expect(message.usage).toMatchObject({
      input_tokens: total - read - written,
      cache_read_input_tokens: read,
      cache_creation_input_tokens: written,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: written },
    });
  });

  it("stops with max_tokens and refuses with stop_reason refusal", async () => {
    const cut = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 1,
      messages: [{ role: "user", content: "Long please" }],
    });
    expect(cut.stop_reason).toBe("max_tokens");
    expect(cut.content[0]).toMatchObject({ text: "Mock" });
    const refused = await client().messages.create({
      model: "claude-sonnet-4-6",
      max_tokens: 256,
      messages: [{ role: "user", content: "please refuse" }],
    });
    expect(refused.stop_reason).toBe("refusal");
    expect(refused.content[0]).toMatchObject({ text: MOCK_REFUSAL_TEXT });
  });

  it("counts tokens at /v1/messages/count_tokens", async () => {
    const count = await client().messages.countTokens({
      model: "claude-sonnet-4-6",
      system: "Sys",
      messages: [{ role: "user", content: "Count me" }],
    });
    expect(count.input_tokens).toBe(countTokens("SysCount me"));
  });

  it("surfaces forced errors as the SDK's own error classes with Anthropic's error body", async () => {
    const params = {
      model: "claude-sonnet-4-6",
      max_tokens: 16,
      messages: [{ role: "user" as const, content: "Hi" }],
    };
    const limited = await client()
      .messages.create(params, { headers: { "x-mock-error": "429" } })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).headers.get("retry-after")).toBe("1");
    expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({
      type: "error",
      error: { type: "rate_limit_error" },
    });
    await expect(client().messages.create({ ...params, model: "mock-error-500" })).rejects.toBeInstanceOf(
      Anthropic.InternalServerError,
    );
    await expect(
      client().messages.create(params, { headers: { "x-mock-error": "400" } }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("fails a stream with the SDK's APIError when x-mock-stream-error-after-chunks is set", async () => {
    const stream = await client().messages.create(
      {
        model: "claude-sonnet-4-6",
        max_tokens: 64,
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      },
      { headers: { "x-mock-stream-error-after-chunks": "3" } },
    );
    const received: string[] = [];
    const failure = await (async () => {
      for await (const event of stream) received.push(event.type);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect(String(failure)).toMatch(/Overloaded/);
    expect(received).toEqual(["message_start", "content_block_start"]);
  });
});
