import { describe, expect, it } from "vitest";
import { loadOtlpFixture, messageShape } from "./test-support/load-otlp-fixture.js";

describe("OpenInference OpenAI span (fixture 6)", () => {
  const fixture = loadOtlpFixture("openinference-openai.json");
  const record = fixture.span("4081d7fafc79643d");

  it("decodes the single span", () => {
    expect(fixture.records).toHaveLength(1);
    expect(record.trace_id).toBe("e59ebeaff441eb1b922c76562850de61");
    expect(record.name).toBe("ChatCompletion");
  });

  it("classifies an OpenAI chat call from openinference.span.kind", () => {
    expect(record).toMatchObject({
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "openai",
      request_model: "gpt-4.1-mini-2025-04-14",
      response_model: null,
      model: "gpt-4.1-mini-2025-04-14",
    });
  });

  it("reads llm.token_count.* as sent", () => {
    expect(record).toMatchObject({
      input_tokens: 1861,
      output_tokens: 352,
      total_tokens: 2213,
      cache_read_tokens: 1536,
      cache_write_tokens: null,
      reasoning_tokens: 0,
      time_to_first_token_ms: null,
      is_streaming: false,
    });
  });

  it("maps session, user, tags and the JSON metadata with its types", () => {
    expect(record).toMatchObject({
      session_id: "co-sess-91d3f0",
      customer_id: "buyer-no-44817",
      config_key: "checkout-helper",
      tags: ["checkout", "nordics"],
    });
    expect(record.metadata).toStrictEqual({
      experiment: "short-answers",
      storefront: "eu-north",
      cart_items: 3,
    });
  });

  it("takes the request params from llm.invocation_parameters", () => {
    expect(record.request_params).toStrictEqual({ model: "gpt-4.1-mini", temperature: 0.4 });
  });

  it("has no reported cost and no response id outside output.value", () => {
    expect(record).toMatchObject({ cost_status: "unpriced", reported_cost_usd: null });
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBeNull();
  });

  it("rebuilds the messages from llm.input_messages and llm.output_messages", () => {
    expect(messageShape(record.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(messageShape(record.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
    expect(record.output_messages?.[0]?.parts[0]?.content).toMatch(/^Yes, we ship to Norway/);
  });

  it("keeps µs precision for the start", () => {
    expect(record.start_time).toBe(1795287731880913);
    expect(record.duration_ms).toBe(1477.208);
  });
});
