/** `messages.stream()` keeps the SDK's MessageStream and all its helpers, and is traced once. */
import Anthropic from "@anthropic-ai/sdk";
import { MessageStream } from "@anthropic-ai/sdk/lib/MessageStream";
import { afterAll, beforeAll, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";
import { uniqueSessionId } from "./support/stainless.js";

let harness: Harness;
let plain: Anthropic;

beforeAll(async () => {
  harness = await startHarness();
  await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
  plain = new Anthropic({ apiKey: "test", baseURL: harness.mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await fallom.shutdown();
  await harness.close();
});

const params = {
  model: "claude-sonnet-4-20250514",
  max_tokens: 256,
  messages: [{ role: "user" as const, content: "Stream a story" }],
};

async function onlySpan(sessionId: string): Promise<Record<string, any>> {
  await fallom.flush();
  const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 1);
  expect(spans).toHaveLength(1);
  return spans[0] as Record<string, any>;
}

it("on('text'), finalMessage() and finalText() work as unwrapped; one span with usage and TTFT", async () => {
  const sessionId = uniqueSessionId("message-stream");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const stream = anthropic.messages.stream(params);
  expect(stream).toBeInstanceOf(MessageStream);
  const texts: string[] = [];
  stream.on("text", (delta) => texts.push(delta));
  const message = await stream.finalMessage();
  const text = await stream.finalText();
  expect(texts.join("")).toBe("Mock reply to: Stream a story");
  expect(text).toBe("Mock reply to: Stream a story");
  expect(await plain.messages.stream(params).finalText()).toBe(text);

  const span = await onlySpan(sessionId);
  expect(span.name).toBe("messages.stream");
  expect(span.is_streaming).toBe(true);
  expect(span.response_id).toBe(message.id);
  expect(span.input_tokens).toBe(message.usage.input_tokens);
  expect(span.output_tokens).toBe(message.usage.output_tokens);
  expect(span.time_to_first_token_ms).toBeGreaterThan(0);
  expect(span.output_messages[0].parts[0].content).toBe(text);
});

it("abort() rejects finalMessage() with the SDK's abort error and records a cancelled span", async () => {
  const sessionId = uniqueSessionId("message-stream-abort");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const stream = anthropic.messages.stream(params, { headers: { "x-mock-stream-chunk-delay-ms": "30" } });
  stream.on("text", () => stream.abort());
  await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIUserAbortError);
  expect(stream.aborted).toBe(true);
  const span = await onlySpan(sessionId);
  expect(span.status).toBe("OK");
  expect(span.attributes["fallom.stream.cancelled"]).toBe(true);
});

it("a provider error reaches the caller's error listener unchanged and fails the span", async () => {
  const sessionId = uniqueSessionId("message-stream-error");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const stream = anthropic.messages.stream(params, {
    headers: { "x-mock-error": "429", "x-mock-retry-after": "0" },
  });
  const seen: unknown[] = [];
  stream.on("error", (error) => seen.push(error));
  await stream.done().catch(() => undefined);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toBeInstanceOf(Anthropic.RateLimitError);
  const span = await onlySpan(sessionId);
  expect(span.status).toBe("ERROR");
  expect(span.error_type).toBe("429");
});

it("beta.messages.stream() is traced once too", async () => {
  const sessionId = uniqueSessionId("beta-stream");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const message = await anthropic.beta.messages.stream(params).finalMessage();
  expect(message.content[0]).toMatchObject({ type: "text", text: "Mock reply to: Stream a story" });
  const span = await onlySpan(sessionId);
  expect(span.name).toBe("messages.stream");
  expect(span.output_tokens).toBe(message.usage.output_tokens);
});

it("tool names are always recorded; tool arguments only inside the gated raw response", async () => {
  const sessionId = uniqueSessionId("anthropic-tools");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const message = await anthropic.messages.create({
    ...params,
    messages: [{ role: "user", content: "Please use a tool" }],
    tools: [
      {
        name: "get_weather",
        input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    ],
  });
  expect(message.stop_reason).toBe("tool_use");
  const span = await onlySpan(sessionId);
  expect(span.finish_reasons).toEqual(["tool_use"]);
  expect(span.attributes["fallom.tool_names"]).toEqual(["get_weather"]);
  const toolCall = span.output_messages[0].parts.find((part: any) => part.type === "tool_call");
  expect(toolCall).toMatchObject({ name: "get_weather", arguments: { city: "mock-city" } });
});

it("a session with captureContent:false stores no content for create, create-stream and stream()", async () => {
  const sessionId = uniqueSessionId("anthropic-capture-off");
  const anthropic = fallom
    .session({ configKey: "anthropic", sessionId, captureContent: false })
    .wrapAnthropic(plain);
  const secret = { ...params, messages: [{ role: "user" as const, content: "secret 9c1e, use a tool" }] };
  const tools = [
    { name: "lookup", input_schema: { type: "object" as const, properties: { key: { type: "string" } } } },
  ];
  await anthropic.messages.create({ ...secret, tools });
  for await (const _event of await anthropic.messages.create({ ...secret, stream: true })) {
    // drain
  }
  await anthropic.messages.stream(secret).finalMessage();
  await fallom.flush();
  const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 3);
  expect(spans).toHaveLength(3);
  for (const span of spans) {
    expect(span.raw_request).toBeNull();
    expect(span.raw_response).toBeNull();
    expect(span.input_messages).toBeNull();
    expect(span.output_messages).toBeNull();
    expect(JSON.stringify(span)).not.toContain("9c1e");
    expect(JSON.stringify(span)).not.toContain("mock-key");
  }
});
