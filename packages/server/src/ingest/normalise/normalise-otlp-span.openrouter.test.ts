import { describe, expect, it } from "vitest";
import { isoToMicros, loadOtlpFixture, messageShape } from "./test-support/load-otlp-fixture.js";

describe("OpenRouter Broadcast, root span only (fixture 1)", () => {
  const fixture = loadOtlpFixture("openrouter-broadcast-root-only.json");
  const record = fixture.span("189459c7825e1561");

  it("decodes one span whose id is the first 16 hex of its trace id", () => {
    expect(fixture.decoded.rejected).toEqual([]);
    expect(fixture.records).toHaveLength(1);
    expect(record.trace_id).toBe("189459c7825e1561f401e8f11f75c848");
    expect(record.parent_span_id).toBeNull();
  });

  it("classifies the span as an OpenRouter LLM call routed to Google AI Studio", () => {
    expect(record).toMatchObject({
      source: "openrouter",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "openrouter",
      upstream_provider: "Google AI Studio",
      request_model: "google/gemini-2.5-flash",
      response_model: "google/gemini-2.5-flash",
      model: "google/gemini-2.5-flash",
    });
  });

  it("takes the Broadcast token counts as they are", () => {
    expect(record).toMatchObject({
      input_tokens: 7342,
      output_tokens: 1164,
      total_tokens: 8506,
      cache_read_tokens: 5760,
      cache_write_tokens: null,
      reasoning_tokens: 719,
    });
  });

  it("reads TTFT from first_token_ms but does not call the request streamed (E2)", () => {
    expect(record.time_to_first_token_ms).toBe(1837);
    expect(record.is_streaming).toBe(false);
  });

  it("maps session, user and the trace metadata config key", () => {
    expect(record).toMatchObject({
      session_id: "inbox-7c41e2d0-priya",
      customer_id: "cust_8KqT2wVxN4",
      config_key: "ticket-summarizer",
      metadata: { feature: "inbox-digest" },
      tags: [],
    });
    expect(Object.keys(record.metadata)).toEqual(["feature"]);
  });

  it("keeps the trace.metadata.openrouter.* keys in attributes only", () => {
    expect(record.attributes["trace.metadata.openrouter.api_key_name"]).toBe("prod-backend");
    expect(record.attributes["trace.metadata.openrouter.provider_slug"]).toBe("google-ai-studio");
    expect(record.attributes["trace.metadata.openrouter.router_latency_ms"]).toBe(23);
  });

  it("records the provider-reported cost and leaves pricing to later", () => {
    expect(record).toMatchObject({
      reported_cost_usd: 0.0038166,
      reported_input_cost_usd: 0.0009066,
      reported_output_cost_usd: 0.00291,
      cost_status: "provider",
      cost_usd: null,
      input_cost_usd: null,
      output_cost_usd: null,
      price_ref: null,
    });
  });

  it("parses finish reasons from the JSON string and reads the response id", () => {
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("gen-1794994937-TAGiDO5psXGHgQT4Rrg3");
    expect(record.status).toBe("OK");
    expect(record.error_message).toBeNull();
  });

  it("turns gen_ai.prompt and gen_ai.completion into canonical messages", () => {
    expect(messageShape(record.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(record.input_messages?.[1]?.parts[0]?.content).toMatch(/^Unread messages for Priya Raman/);
    expect(messageShape(record.output_messages)).toEqual([
      { role: "assistant", types: ["reasoning", "text"] },
    ]);
    expect(record.output_messages?.[0]?.parts[1]?.content).toMatch(/^\*\*Billing\*\*/);
    expect(record.system_instructions).toBeNull();
  });

  it("stores times in µs and the duration in ms", () => {
    expect(record.start_time).toBe(isoToMicros("2026-11-18T09:42:17.318Z"));
    expect(record.duration_ms).toBe(6947);
  });
});

describe("OpenRouter Broadcast with child spans, Privacy Mode on (fixture 2)", () => {
  const fixture = loadOtlpFixture("openrouter-broadcast-with-children.json");
  const root = fixture.span("91251728c91f1884");
  const children = [fixture.span("fee9c40f5977e224"), fixture.span("2f48837be9ad0536")];

  it("keeps all three spans with the children under the root", () => {
    expect(fixture.records).toHaveLength(3);
    expect(root.parent_span_id).toBeNull();
    for (const child of children) expect(child.parent_span_id).toBe("91251728c91f1884");
    expect(children.map((child) => child.name)).toEqual(["generation", "provider attempt 1: Anthropic"]);
  });

  it("maps the root as the LLM call", () => {
    expect(root).toMatchObject({
      source: "openrouter",
      kind: "llm",
      is_aggregate: false,
      provider: "openrouter",
      upstream_provider: "Anthropic",
      request_model: "anthropic/claude-sonnet-4.5",
      response_model: "anthropic/claude-sonnet-4.5",
      model: "anthropic/claude-sonnet-4.5",
      input_tokens: 24671,
      output_tokens: 1287,
      total_tokens: 25958,
      cache_read_tokens: 19968,
      cache_write_tokens: 3411,
      reasoning_tokens: 0,
      time_to_first_token_ms: 2114.6,
      is_streaming: false,
      session_id: "matter-2291-drafting",
      customer_id: "lawfirm-ops-17",
      config_key: "openrouter",
      metadata: { release: "2026.11.3" },
      tags: [],
      reported_cost_usd: 0.04196265,
      reported_input_cost_usd: 0.02265765,
      reported_output_cost_usd: 0.019305,
      cost_status: "provider",
      finish_reasons: ["length"],
      response_id: "gen-1794996351-OKMoicjijfJYeD9D0VVk",
    });
  });

  it("stores no content for a Privacy Mode call", () => {
    expect(root.input_messages).toBeNull();
    expect(root.system_instructions).toBeNull();
    expect(root.output_messages).toBeNull();
  });

  it("maps the children as plain spans without usage", () => {
    for (const child of children) {
      expect(child).toMatchObject({
        source: "openrouter",
        kind: "custom",
        is_aggregate: false,
        operation: null,
        provider: null,
        upstream_provider: null,
        model: null,
        input_tokens: null,
        output_tokens: null,
        total_tokens: null,
        cache_read_tokens: null,
        cache_write_tokens: null,
        reasoning_tokens: null,
        time_to_first_token_ms: null,
        is_streaming: false,
        metadata: {},
        tags: [],
        cost_status: "no_usage",
        reported_cost_usd: null,
        finish_reasons: [],
        response_id: null,
        input_messages: null,
        output_messages: null,
      });
    }
  });

  it("gives the children the root's session context (E9)", () => {
    for (const child of children) {
      expect(child.session_id).toBe("matter-2291-drafting");
      expect(child.customer_id).toBe("lawfirm-ops-17");
      expect(child.config_key).toBe("openrouter");
    }
  });

  it("keeps the attempt's span.metadata.* in attributes", () => {
    const attempt = fixture.span("2f48837be9ad0536");
    expect(attempt.attributes).toMatchObject({
      "span.metadata.attempt_index": 0,
      "span.metadata.is_byok": false,
      "span.metadata.model_permaslug": "anthropic/claude-4.5-sonnet-20250929",
    });
  });

  it("computes each span's duration from its own timestamps", () => {
    expect(root.start_time).toBe(isoToMicros("2026-11-18T10:05:51.602Z"));
    expect(root.duration_ms).toBe(19384);
    expect(fixture.span("fee9c40f5977e224").duration_ms).toBe(19344);
    expect(fixture.span("2f48837be9ad0536").duration_ms).toBe(19309);
  });
});

describe("OpenRouter Test Connection probe (fixture openrouter-test-connection)", () => {
  it("decodes to no spans and no rejections", () => {
    const fixture = loadOtlpFixture("openrouter-test-connection.json");
    expect(fixture.decoded).toEqual({ spans: [], rejected: [] });
    expect(fixture.records).toEqual([]);
  });
});
