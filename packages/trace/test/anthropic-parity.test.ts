/**
 * wrapAnthropic: the seed block field by field, and every method × {plain, stream fully read,
 * stream broken off, provider error, network error} giving the caller exactly what the unwrapped
 * client gives, with exactly one span of the right status.
 */
import Anthropic from "@anthropic-ai/sdk";
import { countTokens, mockReplyText } from "@fallom/mock-llm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fallom from "../src/index.js";
import { type Harness, startHarness } from "./support/harness.js";
import {
  comparable,
  type Outcome,
  outcomeOf,
  streamOutcomeOf,
  uniqueSessionId,
} from "./support/stainless.js";

let harness: Harness;
let plain: Anthropic;
const savedEnv = { ...process.env };

beforeAll(async () => {
  harness = await startHarness();
  process.env.FALLOM_API_KEY = harness.server.apiKey;
  process.env.FALLOM_BASE_URL = harness.server.url;
  process.env.ANTHROPIC_API_KEY = "sk-ant-test";
  process.env.ANTHROPIC_BASE_URL = harness.mock.url;
  plain = new Anthropic({ apiKey: "test", baseURL: harness.mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await fallom.shutdown();
  process.env = savedEnv;
  await harness.close();
});

it("the seed Anthropic block records one complete span", async () => {
  // --- seed block (verbatim) ---
  await fallom.init({ apiKey: process.env.FALLOM_API_KEY });
  const session = fallom.session({
    configKey: "my-app",
    sessionId: "session-123",
    customerId: "user-456",
  });
  const anthropic = session.wrapAnthropic(new Anthropic());
  const response = await anthropic.messages.create({
    model: "claude-sonnet-4-20250514",
    max_tokens: 1024,
    messages: [{ role: "user", content: "Hello!" }],
  });
  // --- end of seed block ---

  const reply = mockReplyText("Hello!");
  expect(response.content[0]).toMatchObject({ type: "text", text: reply });
  await fallom.flush();
  const [span] = await harness.server.waitForSpans({ session_id: "session-123", include: "content" }, 1);
  const inputTokens = countTokens("Hello!");
  const outputTokens = countTokens(reply);
  expect(span).toMatchObject({
    name: "messages.create",
    kind: "llm",
    source: "sdk-ts",
    status: "OK",
    config_key: "my-app",
    session_id: "session-123",
    customer_id: "user-456",
    metadata: {},
    tags: [],
    provider: "anthropic",
    operation: "chat",
    request_model: "claude-sonnet-4-20250514",
    model: "claude-sonnet-4-20250514",
    response_id: response.id,
    finish_reasons: ["end_turn"],
    is_streaming: false,
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cost_status: "computed",
    input_messages: [{ role: "user", parts: [{ type: "text", content: "Hello!" }] }],
    output_messages: [{ role: "assistant", parts: [{ type: "text", content: reply }] }],
  });
  // claude-sonnet-4: $3 / 1M input, $15 / 1M output.
  expect(span?.cost_usd).toBeCloseTo(inputTokens * 3e-6 + outputTokens * 15e-6, 12);
  expect(span?.duration_ms).toBeGreaterThan(0);
});

it("normalises cached usage: input includes cache read and cache write (SPEC §4.2)", async () => {
  await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
  const sessionId = uniqueSessionId("anthropic-cache");
  const anthropic = fallom.session({ configKey: "anthropic", sessionId }).wrapAnthropic(plain);
  const message = await anthropic.messages.create({
    model: "claude-sonnet-4-20250514",
    max_tokens: 100,
    system: [
      { type: "text", text: "A long and cacheable system prompt.", cache_control: { type: "ephemeral" } },
    ],
    messages: [{ role: "user", content: "Hello with cache" }],
  });
  await fallom.flush();
  const [span] = await harness.server.waitForSpans({ session_id: sessionId }, 1);
  const usage = message.usage;
  expect(usage.cache_read_input_tokens).toBeGreaterThan(0);
  expect(span?.input_tokens).toBe(
    usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
  );
  expect(span?.cache_read_tokens).toBe(usage.cache_read_input_tokens);
  expect(span?.cache_write_tokens).toBe(usage.cache_creation_input_tokens);
});

type Scenario =
  | "plain"
  | "stream"
  | "stream-break"
  | "provider-error"
  | "network-error"
  | "stream-network-error";
type Method = "create" | "stream()" | "beta.create";

const HEADERS: Partial<Record<Scenario, Record<string, string>>> = {
  "provider-error": { "x-mock-error": "529" },
  "network-error": { "x-mock-disconnect-after-chunks": "0" },
  "stream-network-error": { "x-mock-disconnect-after-chunks": "3" },
};

const params = {
  model: "claude-sonnet-4-20250514",
  max_tokens: 256,
  messages: [{ role: "user" as const, content: "Tell me a story" }],
};

function run(client: Anthropic, method: Method, scenario: Scenario): Promise<Outcome> {
  const options = { headers: HEADERS[scenario] ?? {} };
  const breakAfter = scenario === "stream-break" ? 1 : undefined;
  if (method === "stream()") {
    if (scenario === "plain") {
      return outcomeOf(() => client.messages.stream(params, options).finalMessage());
    }
    return streamOutcomeOf(async () => client.messages.stream(params, options), breakAfter);
  }
  // The beta resource has its own (wider) types; the calls are the same.
  const messages = (
    method === "beta.create" ? client.beta.messages : client.messages
  ) as Anthropic["messages"];
  if (!scenario.startsWith("stream")) return outcomeOf(() => messages.create(params, options));
  return streamOutcomeOf(() => messages.create({ ...params, stream: true }, options), breakAfter);
}

const SCENARIOS: Scenario[] = [
  "plain",
  "stream",
  "stream-break",
  "provider-error",
  "network-error",
  "stream-network-error",
];
const CASES = (["create", "stream()", "beta.create"] as Method[]).flatMap((method) =>
  SCENARIOS.map((scenario) => [method, scenario] as const),
);

describe("wrapAnthropic behaves like the unwrapped client", () => {
  it.each(CASES)("%s × %s", async (method, scenario) => {
    await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
    const sessionId = uniqueSessionId(`anthropic-${method}-${scenario}`);
    const wrapped = fallom.session({ configKey: "parity", sessionId }).wrapAnthropic(plain);

    const unwrappedOutcome = await run(plain, method, scenario);
    const wrappedOutcome = await run(wrapped, method, scenario);
    expect(comparable(wrappedOutcome)).toEqual(comparable(unwrappedOutcome));

    const failing = scenario.endsWith("error");
    expect(wrappedOutcome.error !== undefined).toBe(failing);
    await fallom.flush();
    const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 1);
    expect(spans).toHaveLength(1);
    const span = spans[0] as Record<string, any>;
    expect(span.name).toBe(method === "stream()" ? "messages.stream" : "messages.create");
    expect(span.status).toBe(failing ? "ERROR" : "OK");
    expect(span.attributes["fallom.stream.cancelled"] === true).toBe(scenario === "stream-break");
    expect(span.is_streaming).toBe(method === "stream()" || scenario.startsWith("stream"));
    if (scenario === "provider-error") expect(span.error_type).toBe("529");
    if (scenario === "stream" || scenario === "plain") {
      expect(span.output_tokens).toBeGreaterThan(0);
      expect(JSON.stringify(span.output_messages)).toContain("Mock reply to: Tell me a story");
    }
    if (scenario === "stream") expect(span.time_to_first_token_ms).toBeGreaterThan(0);
  });
});
