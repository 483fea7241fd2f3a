import { describe, expect, it } from "vitest";
import type { TraceData } from "../native-trace-data.js";
import { normaliseTraceData } from "./normalise-trace-data.js";

describe("normaliseTraceData: rules beyond the fixtures", () => {
  const base: TraceData = { config_key: "cfg", session_id: "sess" };

  it("generates ids and uses the clock when times are absent", () => {
    const { record } = normaliseTraceData({ ...base, duration_ms: 250 }, {}, () => 1_800_000_000_000);
    expect(record.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(record.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(record.end_time).toBe(1_800_000_000_000_000);
    expect(record.start_time).toBe(1_800_000_000_000_000 - 250_000);
    expect(record.kind).toBe("custom");
  });

  it("computes duration_ms from the timestamps when it is absent, keeping µs", () => {
    const { record } = normaliseTraceData(
      { ...base, start_time: "2026-03-01T10:00:00.000100", end_time: "2026-03-01T10:00:01.250350Z" },
      {},
    );
    expect(record.duration_ms).toBe(1250.25);
  });

  it("lets the record's context win over headers, and headers fill the gaps", () => {
    const headers = { configKey: "h-cfg", sessionId: "h-sess", customerId: "h-cust", promptKey: "h-prompt" };
    const own = normaliseTraceData({ ...base, customer_id: "mine", model: "gpt-4o" }, headers);
    expect(own.record).toMatchObject({
      config_key: "cfg",
      session_id: "sess",
      customer_id: "mine",
      prompt_key: "h-prompt",
    });
    const filled = normaliseTraceData({ ...base, model: "gpt-4o" }, headers);
    expect(filled.record.customer_id).toBe("h-cust");
    expect(filled.ownContext.customerId).toBe(true);
  });

  it("does not put header prompt linkage on non-LLM spans", () => {
    const { record } = normaliseTraceData({ ...base, kind: "tool" }, { promptKey: "p", promptVersion: 2 });
    expect(record.prompt_key).toBeNull();
    expect(record.prompt_version).toBeNull();
  });

  it("reads prompt linkage and context from fallom.* attributes", () => {
    const { record } = normaliseTraceData(
      {
        ...base,
        customer_id: null,
        model: "claude-3-5-haiku-20241022",
        attributes: {
          "fallom.customer_id": "attr-cust",
          "fallom.prompt_key": "k",
          "fallom.prompt_version": "4",
          "fallom.prompt_ab_test": "ab",
          "fallom.prompt_variant": 0,
          "fallom.tags": '["x","y"]',
          "fallom.metadata.tier": "gold",
        },
        tags: ["y", "z"],
      },
      {},
    );
    expect(record).toMatchObject({
      customer_id: "attr-cust",
      prompt_key: "k",
      prompt_version: 4,
      prompt_ab_test_key: "ab",
      prompt_variant_index: 0,
      tags: ["y", "z", "x"],
      metadata: { tier: "gold" },
      provider: "anthropic",
    });
  });

  it("accepts already-parsed fallom.raw.* objects", () => {
    const { record } = normaliseTraceData(
      {
        ...base,
        model: "gpt-4o-2024-08-06",
        attributes: {
          "fallom.method": "chat.completions.create",
          "fallom.raw.request": {
            messages: [{ role: "user", content: "Hi" }],
            temperature: 0.2,
            max_tokens: 50,
          },
          "fallom.raw.response": { text: "Hello", finishReason: "stop", responseId: "chatcmpl-z" },
          "fallom.raw.usage": { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6, cost: 0.00001 },
        },
      },
      {},
    );
    expect(record).toMatchObject({
      input_tokens: 5,
      output_tokens: 1,
      total_tokens: 6,
      response_id: "chatcmpl-z",
      request_params: { temperature: 0.2, max_tokens: 50 },
      reported_cost_usd: 0.00001,
      cost_status: "provider",
    });
    expect(record.raw_request).toMatchObject({ temperature: 0.2 });
  });

  it("reads a string fallom.input as text and a JSON string fallom.output as json", () => {
    const { record } = normaliseTraceData(
      { ...base, attributes: { "fallom.input": "look up INV-1", "fallom.output": '{"found":true}' } },
      {},
    );
    expect(record.input_messages).toEqual([
      { role: "user", parts: [{ type: "text", content: "look up INV-1" }] },
    ]);
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "json", content: { found: true } }] },
    ]);
  });

  it("takes top-level input/output before attributes", () => {
    const { record } = normaliseTraceData({ ...base, input: "top", attributes: { input: "attr" } }, {});
    expect(record.input_messages?.[0]?.parts).toEqual([{ type: "text", content: "top" }]);
  });

  it("reads legacy fallom.tool_calls into the output message", () => {
    const { record } = normaliseTraceData(
      {
        ...base,
        model: "gpt-4o",
        attributes: {
          "gen_ai.completion.0.role": "assistant",
          "fallom.tool_calls": '[{"id":"call_1","function":{"name":"f","arguments":"{\\"a\\":1}"}}]',
          "gen_ai.usage.prompt_tokens": 10,
          "gen_ai.usage.completion_tokens": 3,
          "llm.usage.total_tokens": 13,
        },
      },
      {},
    );
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "tool_call", id: "call_1", name: "f", arguments: { a: 1 } }] },
    ]);
    expect(record).toMatchObject({ input_tokens: 10, output_tokens: 3, total_tokens: 13 });
  });

  it("uses the reported cost attribute and infers embeddings", () => {
    const { record } = normaliseTraceData(
      {
        ...base,
        name: "embeddings.create",
        model: "text-embedding-3-small",
        attributes: { "fallom.method": "embeddings.create", "fallom.cost.reported_usd": 0.000002 },
        prompt_tokens: 8,
      },
      {},
    );
    expect(record).toMatchObject({
      kind: "embedding",
      operation: "embeddings",
      provider: "openai",
      reported_cost_usd: 0.000002,
      cost_status: "provider",
      input_tokens: 8,
    });
  });

  it("maps retriever to retrieval and marks an error without status", () => {
    const { record } = normaliseTraceData({ ...base, kind: "retriever", error_message: "timeout" }, {});
    expect(record.kind).toBe("retrieval");
    expect(record.status).toBe("ERROR");
  });

  it("marks a stream from the method name when no flag is sent", () => {
    const { record } = normaliseTraceData(
      { ...base, model: "claude-sonnet-4-5", attributes: { "fallom.method": "messages.stream" } },
      {},
    );
    expect(record.is_streaming).toBe(true);
  });
});
