/**
 * For every wrapped OpenAI method × {plain, stream fully read, stream broken off after one chunk,
 * provider error, network error}: the caller sees exactly what the unwrapped client gives, and
 * exactly one span arrives with the right status.
 */
import OpenAI from "openai";
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
let plain: OpenAI;

beforeAll(async () => {
  harness = await startHarness();
  await fallom.init({ apiKey: harness.server.apiKey, baseUrl: harness.server.url });
  plain = new OpenAI({ apiKey: "test", baseURL: `${harness.mock.url}/v1`, maxRetries: 0 });
});

afterAll(async () => {
  await fallom.shutdown();
  await harness.close();
});

type Scenario =
  | "plain"
  | "stream"
  | "stream-break"
  | "provider-error"
  | "network-error"
  | "stream-network-error";
type Method = "chat" | "responses" | "embeddings";

interface Expectation {
  status: "OK" | "ERROR";
  cancelled?: boolean;
  streaming: boolean;
}

const HEADERS: Partial<Record<Scenario, Record<string, string>>> = {
  "provider-error": { "x-mock-error": "500" },
  "network-error": { "x-mock-disconnect-after-chunks": "0" },
  "stream-network-error": { "x-mock-disconnect-after-chunks": "3" },
};

function run(client: OpenAI, method: Method, scenario: Scenario): Promise<Outcome> {
  const stream = scenario.startsWith("stream");
  const options = { headers: HEADERS[scenario] ?? {} };
  const breakAfter = scenario === "stream-break" ? 1 : undefined;
  if (method === "embeddings") {
    return outcomeOf(() =>
      client.embeddings.create({ model: "text-embedding-3-small", input: ["first text", "second"] }, options),
    );
  }
  if (method === "chat") {
    const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: "Hello there" }] };
    if (!stream) return outcomeOf(() => client.chat.completions.create(body, options));
    return streamOutcomeOf(
      () => client.chat.completions.create({ ...body, stream: true }, options),
      breakAfter,
    );
  }
  const body = { model: "gpt-4o", input: "Hello there" };
  if (!stream) return outcomeOf(() => client.responses.create(body, options));
  return streamOutcomeOf(() => client.responses.create({ ...body, stream: true }, options), breakAfter);
}

const CASES: Array<[Method, Scenario, Expectation]> = [
  ["chat", "plain", { status: "OK", streaming: false }],
  ["chat", "stream", { status: "OK", streaming: true }],
  ["chat", "stream-break", { status: "OK", cancelled: true, streaming: true }],
  ["chat", "provider-error", { status: "ERROR", streaming: false }],
  ["chat", "network-error", { status: "ERROR", streaming: false }],
  ["chat", "stream-network-error", { status: "ERROR", streaming: true }],
  ["responses", "plain", { status: "OK", streaming: false }],
  ["responses", "stream", { status: "OK", streaming: true }],
  ["responses", "stream-break", { status: "OK", cancelled: true, streaming: true }],
  ["responses", "provider-error", { status: "ERROR", streaming: false }],
  ["responses", "network-error", { status: "ERROR", streaming: false }],
  ["responses", "stream-network-error", { status: "ERROR", streaming: true }],
  ["embeddings", "plain", { status: "OK", streaming: false }],
  ["embeddings", "provider-error", { status: "ERROR", streaming: false }],
  ["embeddings", "network-error", { status: "ERROR", streaming: false }],
];

describe("wrapOpenAI behaves like the unwrapped client", () => {
  it.each(CASES)("%s × %s", async (method, scenario, expected) => {
    const sessionId = uniqueSessionId(`openai-${method}-${scenario}`);
    const wrapped = fallom.session({ configKey: "parity", sessionId }).wrapOpenAI(plain);

    const unwrappedOutcome = await run(plain, method, scenario);
    const wrappedOutcome = await run(wrapped, method, scenario);

    expect(comparable(wrappedOutcome)).toEqual(comparable(unwrappedOutcome));
    if (expected.status === "ERROR") {
      expect(wrappedOutcome.error).toBeDefined();
      expect(wrappedOutcome.rawError).toBeInstanceOf(Error);
    } else {
      expect(wrappedOutcome.error).toBeUndefined();
    }

    await fallom.flush();
    const spans = await harness.server.waitForSpans({ session_id: sessionId, include: "content" }, 1);
    expect(spans).toHaveLength(1);
    const span = spans[0] as Record<string, any>;
    expect(span.status).toBe(expected.status);
    expect(span.is_streaming).toBe(expected.streaming);
    expect(span.request_model).toBe(method === "embeddings" ? "text-embedding-3-small" : "gpt-4o");
    expect(span.attributes["fallom.stream.cancelled"] === true).toBe(expected.cancelled === true);
    if (expected.status === "ERROR") expect(span.error_message).toBeTruthy();
    if (scenario === "provider-error") expect(span.error_type).toBe("500");
    if (scenario === "plain" || scenario === "stream") {
      expect(span.input_tokens).toBeGreaterThan(0);
      if (method !== "embeddings") expect(span.output_tokens).toBeGreaterThan(0);
    }
    if (scenario === "stream") expect(span.time_to_first_token_ms).toBeGreaterThan(0);
  });
});
