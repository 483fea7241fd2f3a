import { beforeEach, describe, expect, it, vi } from "vitest";
import { mapProviderUsage } from "../../domain/map-provider-usage.js";
import { parseRawContent } from "../../domain/parse-raw-content.js";
import type { Attributes } from "../raw-span.js";
import { normaliseOtlpSpan } from "./normalise-otlp-span.js";
import { loadOtlpFixture, SPAN_RECORD_FIELDS } from "./test-support/load-otlp-fixture.js";
import { makeRawSpan, START_NS } from "./test-support/make-raw-span.js";

vi.mock("../../domain/map-provider-usage.js", () => ({ mapProviderUsage: vi.fn() }));
vi.mock("../../domain/parse-raw-content.js", () => ({ parseRawContent: vi.fn() }));

const OTLP_FIXTURES = [
  "openrouter-broadcast-root-only.json",
  "openrouter-broadcast-with-children.json",
  "openrouter-test-connection.json",
  "otel-genai-current.json",
  "otel-genai-deprecated-events.json",
  "openllmetry-openai.json",
  "openinference-openai.json",
  "vercel-ai-sdk-v6-streamtext.json",
  "vercel-ai-sdk-v4-generatetext.json",
  "invalid/otlp-zero-span-id.json",
  "invalid/otlp-wrong-length-trace-id.json",
];

function normalise(attributes: Attributes, resourceAttributes: Attributes = {}, name = "span") {
  return normaliseOtlpSpan(makeRawSpan({ attributes, resourceAttributes, name }), {}).record;
}

beforeEach(() => {
  vi.mocked(mapProviderUsage).mockReset();
  vi.mocked(parseRawContent).mockReset();
});

describe("normaliseOtlpSpan on every OTLP fixture", () => {
  it.each(OTLP_FIXTURES)("fills every record field with JSON-safe values (%s)", (name) => {
    for (const record of loadOtlpFixture(name).records) {
      expect(Object.keys(record).sort()).toEqual([...SPAN_RECORD_FIELDS].sort());
      expect(JSON.parse(JSON.stringify(record))).toStrictEqual(record);
    }
  });

  it("never calls the raw payload parsers for spans without fallom.raw.*", () => {
    for (const name of OTLP_FIXTURES) loadOtlpFixture(name);
    expect(mapProviderUsage).not.toHaveBeenCalled();
    expect(parseRawContent).not.toHaveBeenCalled();
  });
});

describe("fallom.* attributes, headers and the resource fallback", () => {
  it("ranks X-Fallom-* headers after fallom.* attributes and before other conventions", () => {
    const span = makeRawSpan({
      attributes: {
        "fallom.session_id": "from-attribute",
        "session.id": "from-session-id",
        "user.id": "from-user-id",
        "trace.metadata.config_key": "from-trace-metadata",
      },
    });
    const { record, ownContext } = normaliseOtlpSpan(span, {
      configKey: "header-config",
      sessionId: "header-session",
      customerId: "header-customer",
      promptKey: "header-prompt",
      promptVersion: 4,
    });
    expect(record).toMatchObject({
      session_id: "from-attribute",
      config_key: "header-config",
      customer_id: "header-customer",
      prompt_key: "header-prompt",
      prompt_version: 4,
    });
    expect(ownContext).toEqual({ configKey: true, sessionId: true, customerId: true });
  });

  it("reads prompt linkage from fallom attributes, including the short names", () => {
    const record = normalise({
      "fallom.prompt_key": "welcome",
      "fallom.prompt_version": "3",
      "fallom.prompt_ab_test": "tone-test",
      "fallom.prompt_variant": 1,
    });
    expect(record).toMatchObject({
      prompt_key: "welcome",
      prompt_version: 3,
      prompt_ab_test_key: "tone-test",
      prompt_variant_index: 1,
    });
  });

  it("looks an attribute up on the resource when the span lacks it", () => {
    const { record, ownContext } = normaliseOtlpSpan(
      makeRawSpan({
        attributes: { "fallom.session_id": "span-session" },
        resourceAttributes: {
          "fallom.session_id": "resource-session",
          "fallom.config_key": "resource-config",
        },
      }),
      {},
    );
    expect(record.session_id).toBe("span-session");
    expect(record.config_key).toBe("resource-config");
    expect(ownContext.configKey).toBe(true);
  });

  it("defaults the config key to service.name, else 'default', and marks it as not owned", () => {
    const withService = normaliseOtlpSpan(makeRawSpan({ resourceAttributes: { "service.name": "svc" } }), {});
    expect(withService.record.config_key).toBe("svc");
    expect(withService.ownContext).toEqual({ configKey: false, sessionId: false, customerId: false });
    expect(normalise({}).config_key).toBe("default");
  });

  it("detects our SDKs from telemetry.sdk.name", () => {
    expect(normalise({}, { "telemetry.sdk.name": "@fallom/trace" }).source).toBe("sdk-ts");
    expect(normalise({}, { "telemetry.sdk.name": "fallom" }).source).toBe("sdk-py");
    expect(normalise({}, { "telemetry.sdk.name": "opentelemetry" }).source).toBe("otlp");
  });

  it("unions tags and merges metadata with the earlier source winning a clash", () => {
    const record = normalise({
      "fallom.tags": ["a", "b"],
      "tag.tags": ["b", "c"],
      "trace.tags": '["d"]',
      "ai.operationId": "ai.generateText",
      "ai.telemetry.metadata.tags": ["e"],
      "fallom.metadata.plan": "pro",
      metadata: '{"plan":"free","seats":3}',
      "trace.metadata.region": "eu",
      "trace.metadata.openrouter.api_key_name": "kept-in-attributes",
      "ai.telemetry.metadata.sessionId": "consumed",
      "traceloop.association.properties.team": "core",
    });
    expect(record.tags).toEqual(["a", "b", "c", "d", "e"]);
    expect(record.metadata).toStrictEqual({ plan: "pro", seats: 3, region: "eu", team: "core" });
    expect(record.attributes["trace.metadata.openrouter.api_key_name"]).toBe("kept-in-attributes");
  });

  it("turns manual-span fallom.input / fallom.output into one-part messages (E6)", () => {
    const record = normalise({
      "fallom.kind": "tool",
      "fallom.input": '{"invoice":"INV-1"}',
      "fallom.output": "paid",
    });
    expect(record.kind).toBe("tool");
    expect(record.input_messages).toEqual([
      { role: "user", parts: [{ type: "json", content: { invoice: "INV-1" } }] },
    ]);
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "paid" }] },
    ]);
  });

  it("records fallom.cost.reported_usd as a provider cost", () => {
    const record = normalise({ "gen_ai.operation.name": "chat", "fallom.cost.reported_usd": 0.0123 });
    expect(record).toMatchObject({ reported_cost_usd: 0.0123, cost_status: "provider", cost_usd: null });
  });
});

describe("fallom.raw.* payloads", () => {
  it("passes the raw payloads and the provider to the domain parsers and uses their results", () => {
    vi.mocked(parseRawContent).mockReturnValue({
      input_messages: [{ role: "user", parts: [{ type: "text", content: "hi" }] }],
      system_instructions: null,
      output_messages: [{ role: "assistant", parts: [{ type: "text", content: "hello" }] }],
      tool_definitions: [{ name: "t" }],
      finish_reasons: ["stop"],
      response_id: "resp-1",
    });
    vi.mocked(mapProviderUsage).mockReturnValue({
      input_tokens: 20,
      output_tokens: 5,
      cache_read_tokens: 8,
      cache_write_tokens: null,
      reasoning_tokens: null,
      total_tokens: null,
    });
    const record = normalise({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "fallom.method": "messages.create",
      "fallom.raw.request": '{"messages":[{"role":"user","content":"hi"}]}',
      "fallom.raw.response": '{"text":"hello"}',
      "fallom.raw.usage": '{"input_tokens":12}',
      "fallom.raw.providerMetadata": '{"openrouter":{"usage":{"cost":0.5}}}',
    });
    expect(parseRawContent).toHaveBeenCalledWith({
      method: "messages.create",
      provider: "anthropic",
      request: { messages: [{ role: "user", content: "hi" }] },
      response: { text: "hello" },
    });
    expect(mapProviderUsage).toHaveBeenCalledWith({ input_tokens: 12 }, "anthropic", {
      openrouter: { usage: { cost: 0.5 } },
    });
    expect(record).toMatchObject({
      input_tokens: 20,
      output_tokens: 5,
      cache_read_tokens: 8,
      total_tokens: 25,
      finish_reasons: ["stop"],
      response_id: "resp-1",
      tool_definitions: [{ name: "t" }],
      raw_request: { messages: [{ role: "user", content: "hi" }] },
      raw_response: { text: "hello" },
      reported_cost_usd: 0.5,
      cost_status: "provider",
    });
    expect(record.output_messages?.[0]?.parts[0]).toEqual({ type: "text", content: "hello" });
  });

  it("prefers exported gen_ai.usage.* over fallom.raw.usage", () => {
    vi.mocked(mapProviderUsage).mockReturnValue({
      input_tokens: 999,
      output_tokens: 999,
      cache_read_tokens: null,
      cache_write_tokens: null,
      reasoning_tokens: null,
      total_tokens: null,
    });
    const record = normalise({ "gen_ai.usage.input_tokens": 10, "fallom.raw.usage": "{}" });
    expect(record.input_tokens).toBe(10);
    expect(record.output_tokens).toBe(999);
  });

  it("keeps the span when a raw payload parser throws", () => {
    vi.mocked(parseRawContent).mockImplementation(() => {
      throw new Error("bad payload");
    });
    const record = normalise({ "fallom.raw.response": '{"text":"x"}', "gen_ai.usage.input_tokens": 3 });
    expect(record.input_tokens).toBe(3);
    expect(record.output_messages).toBeNull();
    expect(record.raw_response).toEqual({ text: "x" });
  });
});

describe("provider and models", () => {
  it("cuts provider values at the first dot before the alias table (E5)", () => {
    expect(normalise({ "gen_ai.system": "openai.responses" }).provider).toBe("openai");
    expect(normalise({ "fallom.provider": "openrouter.chat" }).provider).toBe("openrouter");
    expect(normalise({ "gen_ai.provider.name": "gcp.gemini" }).provider).toBe("google");
  });

  it("strips Google's models/ prefix so the provider is not taken for OpenRouter (E5)", () => {
    const record = normalise({
      "gen_ai.operation.name": "generate_content",
      "gen_ai.request.model": "models/gemini-2.5-flash",
    });
    expect(record.request_model).toBe("gemini-2.5-flash");
    expect(record.provider).toBe("google");
  });

  it("infers the provider from server.address before the model id", () => {
    const record = normalise({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "server.address": "api.groq.com",
    });
    expect(record.provider).toBe("groq");
  });

  it("gives a non-LLM span without a model no provider", () => {
    expect(normalise({ "server.address": "db.internal" }).provider).toBeNull();
  });

  it("calls every Broadcast LLM span an OpenRouter call whatever gen_ai.provider.name says (E1)", () => {
    const record = normalise(
      { "gen_ai.provider.name": "google", "gen_ai.request.model": "google/gemini-2.5-flash" },
      { "service.name": "openrouter" },
      "LLM Generation",
    );
    expect(record).toMatchObject({
      provider: "openrouter",
      source: "openrouter",
      kind: "llm",
      config_key: "openrouter",
    });
    expect(record.attributes["gen_ai.provider.name"]).toBe("google");
  });
});

describe("tokens and cost", () => {
  it("accepts the Broadcast cache_write name (E3)", () => {
    expect(normalise({ "gen_ai.usage.input_tokens.cache_write": 42 }).cache_write_tokens).toBe(42);
  });

  it("adds Anthropic cache counts to a Vercel v5 span's exclusive input (E4)", () => {
    const record = normalise({
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.provider": "anthropic.messages",
      "ai.usage.inputTokens": 100,
      "ai.usage.outputTokens": 10,
      "ai.usage.cachedInputTokens": 1000,
      "ai.response.providerMetadata": '{"anthropic":{"cacheCreationInputTokens":50}}',
    });
    expect(record).toMatchObject({
      input_tokens: 1150,
      cache_read_tokens: 1000,
      cache_write_tokens: 50,
      total_tokens: 1160,
    });
  });

  it("leaves a Vercel v6 Anthropic span's inclusive input alone (E4)", () => {
    const record = normalise({
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.provider": "anthropic.messages",
      "ai.usage.inputTokens": 1150,
      "ai.usage.inputTokenDetails.cacheReadTokens": 1000,
      "ai.usage.inputTokenDetails.cacheWriteTokens": 50,
    });
    expect(record.input_tokens).toBe(1150);
  });

  it("never adds cache to OTel GenAI Anthropic input (E4)", () => {
    const record = normalise({
      "gen_ai.provider.name": "anthropic",
      "gen_ai.usage.input_tokens": 1150,
      "gen_ai.usage.cache_read.input_tokens": 1000,
    });
    expect(record.input_tokens).toBe(1150);
  });

  it("adds reasoning to a Vercel v5 Google span's output", () => {
    const record = normalise({
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.provider": "google.generative-ai",
      "ai.usage.inputTokens": 10,
      "ai.usage.outputTokens": 20,
      "ai.usage.reasoningTokens": 5,
    });
    expect(record).toMatchObject({ output_tokens: 25, reasoning_tokens: 5 });
  });

  it("falls back to OpenRouter's usage and cost when the Vercel usage is missing", () => {
    const record = normalise({
      "ai.operationId": "ai.streamText.doStream",
      "ai.model.provider": "openrouter.chat",
      "ai.response.providerMetadata": JSON.stringify({
        openrouter: {
          usage: {
            promptTokens: 61,
            completionTokens: 7,
            totalTokens: 68,
            promptTokensDetails: { cachedTokens: 32 },
            completionTokensDetails: { reasoningTokens: 2 },
            cost: 0.0004,
          },
        },
      }),
    });
    expect(record).toMatchObject({
      provider: "openrouter",
      input_tokens: 61,
      output_tokens: 7,
      total_tokens: 68,
      cache_read_tokens: 32,
      reasoning_tokens: 2,
      reported_cost_usd: 0.0004,
      cost_status: "provider",
      is_streaming: true,
    });
  });

  it("reads OpenInference llm.cost.* as a reported cost", () => {
    const record = normalise({
      "llm.cost.total": 0.03,
      "llm.cost.prompt": 0.01,
      "llm.cost.completion": 0.02,
    });
    expect(record).toMatchObject({
      reported_cost_usd: 0.03,
      reported_input_cost_usd: 0.01,
      reported_output_cost_usd: 0.02,
    });
  });
});

describe("classification", () => {
  it.each([
    [{ "gen_ai.operation.name": "embeddings" }, "embedding", false, "embeddings"],
    [{ "gen_ai.operation.name": "execute_tool" }, "tool", false, "execute_tool"],
    [{ "gen_ai.operation.name": "invoke_agent" }, "agent", true, "invoke_agent"],
    [{ "gen_ai.operation.name": "invoke_workflow" }, "chain", true, "invoke_workflow"],
    [{ "openinference.span.kind": "CHAIN" }, "chain", true, null],
    [{ "openinference.span.kind": "AGENT" }, "agent", true, null],
    [{ "openinference.span.kind": "TOOL" }, "tool", false, "execute_tool"],
    [{ "openinference.span.kind": "EMBEDDING" }, "embedding", false, "embeddings"],
    [{ "llm.request.type": "embedding" }, "embedding", false, "embeddings"],
    [{ "ai.operationId": "ai.embedMany.doEmbed" }, "embedding", false, "embeddings"],
    [{ "fallom.kind": "retrieval" }, "retrieval", false, null],
    [{}, "custom", false, null],
  ] as const)("classifies %j as %s", (attributes, kind, isAggregate, operation) => {
    const record = normalise({ ...attributes });
    expect(record).toMatchObject({ kind, is_aggregate: isAggregate, operation });
  });
});

describe("timing and status", () => {
  it("falls back to the first-token event for TTFT", () => {
    const span = makeRawSpan({
      attributes: { "gen_ai.operation.name": "chat" },
      events: [
        { name: "ai.stream.finish", timeUnixNano: START_NS + 900_000_000n, attributes: {} },
        { name: "ai.stream.firstChunk", timeUnixNano: START_NS + 250_500_000n, attributes: {} },
      ],
    });
    const { record } = normaliseOtlpSpan(span, {});
    expect(record.time_to_first_token_ms).toBe(250.5);
    expect(record.is_streaming).toBe(false);
  });

  it("leaves a span without an end time open", () => {
    const { record } = normaliseOtlpSpan(makeRawSpan({ endTimeUnixNano: null }), {});
    expect(record).toMatchObject({ end_time: null, duration_ms: null, start_time: Number(START_NS / 1000n) });
  });

  it("takes the error message from status.message and the type from error.type", () => {
    const { record } = normaliseOtlpSpan(
      makeRawSpan({
        attributes: { "error.type": "RateLimitError" },
        status: { code: 2, message: "429 slow down" },
      }),
      {},
    );
    expect(record).toMatchObject({
      status: "ERROR",
      error_type: "RateLimitError",
      error_message: "429 slow down",
    });
  });

  it("falls back to the exception event for the error message and type", () => {
    const { record } = normaliseOtlpSpan(
      makeRawSpan({
        status: { code: 2, message: "" },
        events: [
          {
            name: "exception",
            timeUnixNano: START_NS,
            attributes: { "exception.message": "connection reset", "exception.type": "ECONNRESET" },
          },
        ],
      }),
      {},
    );
    expect(record).toMatchObject({
      status: "ERROR",
      error_type: "ECONNRESET",
      error_message: "connection reset",
    });
  });

  it("reports OK with no error fields for status codes other than 2", () => {
    const { record } = normaliseOtlpSpan(makeRawSpan({ status: { code: 1, message: "fine" } }), {});
    expect(record).toMatchObject({ status: "OK", error_type: null, error_message: null });
  });
});

describe("content sources", () => {
  it("reads the gen_ai.client.inference.operation.details event", () => {
    const { record } = normaliseOtlpSpan(
      makeRawSpan({
        events: [
          {
            name: "gen_ai.client.inference.operation.details",
            timeUnixNano: START_NS,
            attributes: {
              "gen_ai.input.messages": [{ role: "user", parts: [{ type: "text", content: "Hi" }] }],
              "gen_ai.system_instructions": '[{"type":"text","content":"Be brief"}]',
              "gen_ai.output.messages":
                '[{"role":"assistant","parts":[{"type":"text","content":"Hello"}],"finish_reason":"stop"}]',
            },
          },
        ],
      }),
      {},
    );
    expect(record.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Hi" }] }]);
    expect(record.system_instructions).toEqual([{ type: "text", content: "Be brief" }]);
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "Hello" }], finish_reason: "stop" },
    ]);
  });

  it("reads deprecated events with structured bodies, tool calls and tool results", () => {
    const { record } = normaliseOtlpSpan(
      makeRawSpan({
        events: [
          {
            name: "gen_ai.assistant.message",
            timeUnixNano: START_NS + 1n,
            attributes: {
              "gen_ai.event.content": JSON.stringify({
                tool_calls: [
                  { id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":1}' } },
                ],
              }),
            },
          },
          {
            name: "gen_ai.tool.message",
            timeUnixNano: START_NS + 2n,
            attributes: { id: "c1", content: "found" },
          },
        ],
      }),
      {},
    );
    expect(record.input_messages).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "lookup", arguments: { q: 1 } }] },
      { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "found" }] },
    ]);
  });

  it("falls back to OpenInference input.value and output.value", () => {
    const record = normalise({
      "input.value": '{"messages":[{"role":"user","content":"Q?"}]}',
      "output.value": '{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":"A."}}]}',
    });
    expect(record.input_messages).toEqual([{ role: "user", parts: [{ type: "text", content: "Q?" }] }]);
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "A." }], finish_reason: "stop" },
    ]);
  });

  it("reads OpenInference tool calls and tool definitions", () => {
    const record = normalise({
      "llm.output_messages.0.message.role": "assistant",
      "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call-9",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "weather",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"city":"Oslo"}',
      "llm.tools.0.tool.json_schema": '{"type":"function","function":{"name":"weather"}}',
    });
    expect(record.output_messages).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "call-9", name: "weather", arguments: { city: "Oslo" } }],
      },
    ]);
    expect(record.tool_definitions).toEqual([{ type: "function", function: { name: "weather" } }]);
  });

  it("reads OpenLLMetry flattened tool calls", () => {
    const record = normalise({
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.tool_calls.0.id": "call-1",
      "gen_ai.completion.0.tool_calls.0.name": "search",
      "gen_ai.completion.0.tool_calls.0.arguments": '{"q":"x"}',
      "gen_ai.completion.0.finish_reason": "tool_calls",
    });
    expect(record.output_messages).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool_call", id: "call-1", name: "search", arguments: { q: "x" } }],
        finish_reason: "tool_calls",
      },
    ]);
    expect(record.finish_reasons).toEqual(["tool_calls"]);
  });
});
