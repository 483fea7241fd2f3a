/**
 * The seed docs' TypeScript OpenAI and OpenRouter blocks (shared/seed/tracing-docs.txt), run as
 * written with only the base URL pointed at mock-llm, and their span checked field by field.
 */
import { computeOpenRouterCost, countTokens, mockReplyText } from "@fallom/mock-llm";
import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";

let harness: Harness;
const savedEnv = { ...process.env };

beforeAll(async () => {
  harness = await startHarness();
  // The environment the docs assume: a Fallom key and server, and an OpenAI key and base URL.
  process.env.FALLOM_API_KEY = harness.server.apiKey;
  process.env.FALLOM_BASE_URL = harness.server.url;
  process.env.OPENAI_API_KEY = "sk-test";
  process.env.OPENAI_BASE_URL = `${harness.mock.url}/v1`;
  process.env.OPENROUTER_API_KEY = "sk-or-test";
});
afterEach(async () => {
  await fallom.shutdown();
});
afterAll(async () => {
  process.env = savedEnv;
  await harness.close();
});

it("the OpenAI block records one complete span", async () => {
  // --- seed block (verbatim) ---
  await fallom.init({ apiKey: process.env.FALLOM_API_KEY });
  // Create a session for this conversation/request
  const session = fallom.session({
    configKey: "my-app",
    sessionId: "session-123",
    customerId: "user-456",
  });
  const openai = session.wrapOpenAI(new OpenAI());
  const response = await openai.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: "Hello!" }],
  });
  // --- end of seed block ---

  const reply = mockReplyText("Hello!");
  expect(response.choices[0]?.message.content).toBe(reply);
  await fallom.flush();
  const [span] = await harness.server.waitForSpans(
    { session_id: "session-123", model: "gpt-4o", include: "content" },
    1,
  );
  const inputTokens = countTokens("Hello!");
  const outputTokens = countTokens(reply);
  expect(span).toMatchObject({
    name: "chat.completions.create",
    kind: "llm",
    source: "sdk-ts",
    status: "OK",
    error_type: null,
    config_key: "my-app",
    session_id: "session-123",
    customer_id: "user-456",
    metadata: {},
    tags: [],
    provider: "local",
    operation: "chat",
    request_model: "gpt-4o",
    response_model: "gpt-4o",
    model: "gpt-4o",
    response_id: response.id,
    finish_reasons: ["stop"],
    is_streaming: false,
    time_to_first_token_ms: null,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_read_tokens: 0,
    total_tokens: inputTokens + outputTokens,
    cost_status: "computed",
    input_messages: [{ role: "user", parts: [{ type: "text", content: "Hello!" }] }],
    output_messages: [
      { role: "assistant", parts: [{ type: "text", content: reply }], finish_reason: "stop" },
    ],
  });
  // gpt-4o: $2.50 / 1M input, $10 / 1M output.
  expect(span?.cost_usd).toBeCloseTo(inputTokens * 2.5e-6 + outputTokens * 10e-6, 12);
  expect(span?.duration_ms).toBeGreaterThan(0);
  expect(span?.attributes["openai.response.system_fingerprint"]).toBe(response.system_fingerprint);
});

it("the OpenRouter block records the provider-reported cost", async () => {
  // --- seed block (verbatim but for the base URL) ---
  await fallom.init({ apiKey: process.env.FALLOM_API_KEY });
  const session = fallom.session({
    configKey: "my-app",
    sessionId: "session-123-openrouter",
    customerId: "user-456",
  });
  const openrouter = session.wrapOpenAI(
    new OpenAI({
      baseURL: `${harness.mock.url}/api/v1`, // was "https://openrouter.ai/api/v1"
      apiKey: process.env.OPENROUTER_API_KEY,
    }),
  );
  const response = await openrouter.chat.completions.create({
    model: "openai/gpt-4o-mini",
    messages: [{ role: "user", content: "Hello!" }],
  });
  // --- end of seed block ---

  await fallom.flush();
  const [span] = await harness.server.waitForSpans(
    { session_id: "session-123-openrouter", include: "content" },
    1,
  );
  const usage = response.usage as OpenAI.CompletionUsage & { cost: number };
  expect(span).toMatchObject({
    name: "chat.completions.create",
    status: "OK",
    config_key: "my-app",
    customer_id: "user-456",
    request_model: "openai/gpt-4o-mini",
    input_tokens: usage.prompt_tokens,
    output_tokens: usage.completion_tokens,
    cost_status: "provider",
    output_messages: [{ role: "assistant", parts: [{ type: "text", content: mockReplyText("Hello!") }] }],
  });
  expect(span?.cost_usd).toBeCloseTo(computeOpenRouterCost(usage.prompt_tokens, usage.completion_tokens), 12);
  expect(span?.cost_usd).toBe(usage.cost);
});
