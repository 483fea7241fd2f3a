/**
 * The seed docs' "Wrap the entire AI SDK module" TypeScript block, run as written with only the
 * provider's base URL pointed at mock-llm, and its span checked field by field.
 */
import { createOpenAI } from "@ai-sdk/openai";
import * as ai from "ai";
import { afterAll, beforeAll, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  process.env.FALLOM_API_KEY = h.server.apiKey;
  process.env.FALLOM_BASE_URL = h.server.url;
  process.env.OPENROUTER_API_KEY = "test-openrouter-key";
});
afterAll(async () => {
  await fallom.shutdown();
  await h.close();
});

it("runs the seed Vercel AI SDK block and records its generateText call field by field", async () => {
  // --- seed block (tracing-docs.txt), base URL → mock-llm ---
  await fallom.init({ apiKey: process.env.FALLOM_API_KEY });
  const session = fallom.session({
    configKey: "my-app",
    sessionId: "session-123",
    customerId: "user-456",
  });
  // Option 1: Wrap the SDK
  const { generateText, streamText } = session.wrapAISDK(ai);
  // Option 2: Wrap the model directly (PostHog style)
  const openrouter = createOpenAI({
    baseURL: `${h.mock.url}/v1`,
    apiKey: process.env.OPENROUTER_API_KEY,
  });
  const { text } = await generateText({
    model: openrouter("openai/gpt-4o-mini"),
    prompt: "Hello!",
  });
  // --- end of seed block ---
  expect(text).toBe("Mock reply to: Hello!");
  expect(typeof streamText).toBe("function");

  const unwrapped = await ai.generateText({ model: openrouter("openai/gpt-4o-mini"), prompt: "Hello!" });
  await fallom.flush();
  const [span] = await h.server.waitForSpans({ session_id: "session-123", include: "content" }, 1);
  expect(span).toMatchObject({
    name: "generateText",
    kind: "llm",
    source: "sdk-ts",
    status: "OK",
    error_type: null,
    config_key: "my-app",
    session_id: "session-123",
    customer_id: "user-456",
    metadata: {},
    tags: [],
    provider: "openai",
    operation: "chat",
    request_model: "openai/gpt-4o-mini",
    model: unwrapped.response.modelId,
    is_streaming: false,
    time_to_first_token_ms: null,
    input_tokens: unwrapped.usage.inputTokens,
    output_tokens: unwrapped.usage.outputTokens,
    cache_read_tokens: unwrapped.usage.inputTokenDetails.cacheReadTokens,
    total_tokens: unwrapped.usage.totalTokens,
    finish_reasons: ["stop"],
    cost_status: "computed",
  });
  expect(span?.duration_ms).toBeGreaterThan(0);
  expect(span?.cost_usd).toBeGreaterThan(0);
  expect(span?.response_id).toMatch(/^resp_/);
  expect(span?.attributes["fallom.ai_sdk_version"]).toBe("6");
  expect(span?.attributes["fallom.provider_raw"]).toBe("openai.responses");
  expect(span?.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Hello!" }] }]);
  expect(span?.output_messages?.[0]?.parts).toEqual([{ type: "text", content: "Mock reply to: Hello!" }]);
});

it("records a streamText call of the same setup with TTFT, cached tokens, metadata and tags", async () => {
  const session = fallom.session({
    configKey: "my-app",
    sessionId: "session-stream",
    customerId: "user-456",
    metadata: { plan: "pro", seats: 3 },
    tags: ["seed", "stream"],
  });
  const { streamText } = session.wrapAISDK(ai);
  const openrouter = createOpenAI({ baseURL: `${h.mock.url}/v1`, apiKey: "test" });
  const result = streamText({
    model: openrouter("openai/gpt-4o-mini"),
    system: "Be brief.",
    prompt: "Hello stream!",
    providerOptions: { openai: { promptCacheKey: "seed-cache" } },
  });
  let text = "";
  for await (const delta of result.textStream) text += delta;
  const usage = await result.totalUsage;
  expect(text).toBe("Mock reply to: Hello stream!");
  expect(usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);
  await fallom.flush();
  const [span] = await h.server.waitForSpans({ session_id: "session-stream", include: "content" }, 1);
  expect(span).toMatchObject({
    name: "streamText",
    status: "OK",
    is_streaming: true,
    metadata: { plan: "pro", seats: 3 },
    tags: ["seed", "stream"],
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cache_read_tokens: usage.inputTokenDetails.cacheReadTokens,
    cost_status: "computed",
  });
  expect(span?.time_to_first_token_ms).toBeGreaterThan(0);
  expect(span?.time_to_first_token_ms).toBeLessThanOrEqual(span?.duration_ms);
  expect(span?.cost_usd).toBeGreaterThan(0);
  expect(span?.system_instructions).toEqual([{ type: "text", content: "Be brief." }]);
  expect(JSON.stringify(span?.output_messages)).toContain("Mock reply to: Hello stream!");
});
