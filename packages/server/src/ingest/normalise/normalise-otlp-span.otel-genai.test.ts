import { describe, expect, it } from "vitest";
import { loadOtlpFixture, messageShape } from "./test-support/load-otlp-fixture.js";

describe("OTel GenAI, current names (fixture 3)", () => {
  const fixture = loadOtlpFixture("otel-genai-current.json");
  const record = fixture.span("561587c6f37c6cc4");

  it("decodes the single span", () => {
    expect(fixture.decoded.rejected).toEqual([]);
    expect(fixture.records).toHaveLength(1);
    expect(record).toMatchObject({
      trace_id: "90312fec64233035c1fdf47c8f026782",
      parent_span_id: null,
      name: "chat claude-sonnet-4-5",
    });
  });

  it("classifies an Anthropic chat call", () => {
    expect(record).toMatchObject({
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "anthropic",
      upstream_provider: null,
      request_model: "claude-sonnet-4-5",
      response_model: "claude-sonnet-4-5-20250929",
      model: "claude-sonnet-4-5-20250929",
    });
  });

  it("takes the cache-inclusive input count as sent, without adding cache again (E4)", () => {
    expect(record).toMatchObject({
      input_tokens: 18756,
      output_tokens: 911,
      total_tokens: 19667,
      cache_read_tokens: 14976,
      cache_write_tokens: 1462,
      reasoning_tokens: 388,
    });
  });

  it("converts time_to_first_chunk from seconds to ms and reads the stream flag", () => {
    expect(record.time_to_first_token_ms).toBe(1284);
    expect(record.is_streaming).toBe(true);
  });

  it("prefers fallom.* context over gen_ai.conversation.id", () => {
    expect(record).toMatchObject({
      session_id: "claim-chat-4b1f9e",
      customer_id: "policyholder-HP-88213",
      config_key: "claims-assistant",
      tags: ["claims", "beta"],
    });
  });

  it("keeps the metadata value types", () => {
    expect(record.metadata).toStrictEqual({
      plan: "enterprise",
      region_code: 7,
      sample_rate: 0.35,
      is_internal: false,
    });
  });

  it("collects gen_ai.request.* minus the model as request params", () => {
    expect(record.request_params).toStrictEqual({ max_tokens: 4096, temperature: 0.3, stream: true });
  });

  it("leaves cost to the price table", () => {
    expect(record).toMatchObject({ cost_status: "unpriced", reported_cost_usd: null, cost_usd: null });
  });

  it("reads finish reasons from an array value and the response id", () => {
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("msg_01wMrheEJ1pNBDFEPSUlNbqg");
    expect(record.status).toBe("OK");
  });

  it("parses the JSON content attributes", () => {
    expect(record.system_instructions).toHaveLength(1);
    expect(record.system_instructions?.[0]).toMatchObject({ type: "text" });
    expect(messageShape(record.input_messages)).toEqual([
      { role: "user", types: ["text"] },
      { role: "assistant", types: ["tool_call"] },
      { role: "tool", types: ["tool_call_response"] },
    ]);
    expect(record.input_messages?.[1]?.parts[0]).toMatchObject({
      type: "tool_call",
      name: "get_policy",
      arguments: { policy_id: "HP-88213-Q" },
    });
    expect(messageShape(record.output_messages)).toEqual([
      { role: "assistant", types: ["reasoning", "text"] },
    ]);
    expect(record.output_messages?.[0]?.finish_reason).toBe("stop");
  });

  it("keeps µs precision for the start and the duration", () => {
    expect(record.start_time).toBe(1795105623114287);
    expect(new Date(record.start_time / 1000).toISOString()).toBe("2026-11-19T16:27:03.114Z");
    expect(record.duration_ms).toBe(9731.562);
  });
});

describe("OTel GenAI, deprecated names and per-message events (fixture 4)", () => {
  const fixture = loadOtlpFixture("otel-genai-deprecated-events.json");
  const record = fixture.span("3692b1544539a2e4");

  it("decodes the span with its five events", () => {
    expect(fixture.records).toHaveLength(1);
    expect(record.trace_id).toBe("e1d196a138ed74d53a7a9551fd97593a");
    expect(record.name).toBe("chat gpt-4o");
    expect(record.events).toHaveLength(5);
  });

  it("reads the deprecated provider and token names", () => {
    expect(record).toMatchObject({
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "openai",
      request_model: "gpt-4o",
      response_model: "gpt-4o-2024-08-06",
      model: "gpt-4o-2024-08-06",
      input_tokens: 1437,
      output_tokens: 286,
      total_tokens: 1723,
      cache_read_tokens: null,
      cache_write_tokens: null,
      reasoning_tokens: null,
      time_to_first_token_ms: null,
      is_streaming: false,
    });
  });

  it("maps session.id and enduser.id, and falls back to service.name for the config key", () => {
    expect(record).toMatchObject({
      session_id: "kiosk-3-2026-11-12-0813",
      customer_id: "patron-60441",
      config_key: "library-faq-bot",
      metadata: {},
      tags: [],
    });
    expect(record.request_params).toStrictEqual({ temperature: 0.7 });
  });

  it("leaves cost to the price table and reads finish reasons and the response id", () => {
    expect(record.cost_status).toBe("unpriced");
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("chatcmpl-UUghSemvsmESL29vLRBirAEII8os4");
  });

  it("builds the input from the message events in time order, with roles from the event names", () => {
    expect(messageShape(record.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
      { role: "assistant", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(record.input_messages?.[1]?.parts[0]?.content).toBe("What time do you open on Sundays?");
  });

  it("builds the output from the gen_ai.choice event", () => {
    expect(messageShape(record.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
    expect(record.output_messages?.[0]?.finish_reason).toBe("stop");
    expect(record.output_messages?.[0]?.parts[0]?.content).toMatch(/^Yes - use the return chute/);
  });

  it("truncates ns to µs for the start but computes the duration from ns (E10)", () => {
    expect(record.start_time).toBe(1794471225461837);
    expect(record.duration_ms).toBe(2864.519347);
  });

  it("keeps event times as decimal strings", () => {
    expect(record.events[0]).toMatchObject({
      name: "gen_ai.system.message",
      time_unix_nano: "1794471225461878596",
    });
  });
});
