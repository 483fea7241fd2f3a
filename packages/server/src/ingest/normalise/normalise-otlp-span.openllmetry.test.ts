import { describe, expect, it } from "vitest";
import { loadOtlpFixture, messageShape } from "./test-support/load-otlp-fixture.js";

describe("OpenLLMetry workflow with an OpenAI chat span (fixture 5)", () => {
  const fixture = loadOtlpFixture("openllmetry-openai.json");
  const chat = fixture.span("edef930c31451f34");
  const workflow = fixture.span("0785433bc1cb74c5");

  it("links the chat span to its workflow parent even though the child comes first", () => {
    expect(fixture.records.map((record) => record.span_id)).toEqual(["edef930c31451f34", "0785433bc1cb74c5"]);
    expect(chat.trace_id).toBe("0a5627278bd0bfa3c5670424a222e4d4");
    expect(chat.parent_span_id).toBe("0785433bc1cb74c5");
    expect(workflow.parent_span_id).toBeNull();
    expect(chat.name).toBe("openai.chat");
    expect(workflow.name).toBe("draft_reply.workflow");
  });

  it("maps the chat span", () => {
    expect(chat).toMatchObject({
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "openai",
      request_model: "gpt-4.1",
      response_model: "gpt-4.1-2025-04-14",
      model: "gpt-4.1-2025-04-14",
      input_tokens: 2964,
      output_tokens: 418,
      total_tokens: 3382,
      cache_read_tokens: 2688,
      cache_write_tokens: null,
      reasoning_tokens: null,
      time_to_first_token_ms: null,
      is_streaming: false,
      cost_status: "unpriced",
      finish_reasons: ["stop"],
      response_id: "chatcmpl-7F4r1DxSZEpmc3HdZ9ZRgxR4OYiGf",
      duration_ms: 3612.432,
    });
    expect(chat.request_params).toStrictEqual({ temperature: 0.2, max_tokens: 800 });
  });

  it("reads the association properties and skips the consumed keys in metadata", () => {
    for (const record of [chat, workflow]) {
      expect(record).toMatchObject({
        session_id: "ticket-A-55812",
        customer_id: "shopper-2f9d71",
        config_key: "support-reply",
        tags: [],
      });
      expect(record.metadata).toStrictEqual({ ticket_priority: "high" });
    }
  });

  it("rebuilds the messages from the flattened prompt and completion attributes", () => {
    expect(messageShape(chat.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(messageShape(chat.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
    expect(chat.output_messages?.[0]?.parts[0]?.content).toMatch(/^Hi Dana/);
  });

  it("maps the workflow span as a chain without usage (E8)", () => {
    expect(workflow).toMatchObject({
      source: "otlp",
      kind: "chain",
      is_aggregate: false,
      operation: null,
      provider: null,
      model: null,
      input_tokens: null,
      output_tokens: null,
      total_tokens: null,
      cache_read_tokens: null,
      time_to_first_token_ms: null,
      is_streaming: false,
      cost_status: "no_usage",
      finish_reasons: [],
      response_id: null,
      input_messages: null,
      output_messages: null,
      duration_ms: 3618.904,
    });
    expect(workflow.request_params).toStrictEqual({});
  });
});
