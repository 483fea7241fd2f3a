import { describe, expect, it } from "vitest";
import { isoToMicros, loadOtlpFixture, messageShape } from "./test-support/load-otlp-fixture.js";

describe("Vercel AI SDK 6 streamText with a tool call (fixture 7)", () => {
  const fixture = loadOtlpFixture("vercel-ai-sdk-v6-streamtext.json");
  const step1 = fixture.span("6b9abd17a36ee731");
  const step2 = fixture.span("808cea3603a5b320");
  const tool = fixture.span("024faaf2a9361de9");
  const root = fixture.span("afc880748500c6d6");

  it("decodes the four spans with the root last", () => {
    expect(fixture.records.map((record) => record.span_id)).toEqual([
      "6b9abd17a36ee731",
      "024faaf2a9361de9",
      "808cea3603a5b320",
      "afc880748500c6d6",
    ]);
    for (const child of [step1, step2, tool]) expect(child.parent_span_id).toBe("afc880748500c6d6");
    expect(root.parent_span_id).toBeNull();
    expect(root.trace_id).toBe("813e5799bc7191ed59a286d224dcf76a");
  });

  it("maps both doStream steps as streamed OpenAI calls", () => {
    const common = {
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "openai",
      request_model: "gpt-5-mini",
      response_model: "gpt-5-mini-2025-08-07",
      model: "gpt-5-mini-2025-08-07",
      cache_write_tokens: null,
      is_streaming: true,
      session_id: "fh-chat-0b7e44",
      customer_id: "fh-cust-118824",
      config_key: "support-chat",
      metadata: { plan: "pro" },
      tags: [],
      cost_status: "unpriced",
    };
    expect(step1).toMatchObject({
      ...common,
      input_tokens: 3126,
      output_tokens: 214,
      total_tokens: 3340,
      cache_read_tokens: 2816,
      reasoning_tokens: 128,
      time_to_first_token_ms: 612.41,
      finish_reasons: ["tool-calls"],
      response_id: "resp_d6741b1b9348d98f0d6e375b10bc89998a976973de3fb9ab",
      duration_ms: 2947.02,
    });
    expect(step2).toMatchObject({
      ...common,
      input_tokens: 3498,
      output_tokens: 367,
      total_tokens: 3865,
      cache_read_tokens: 3072,
      reasoning_tokens: 192,
      time_to_first_token_ms: 587.93,
      finish_reasons: ["stop"],
      response_id: "resp_ed68403941514316396edd91fd21dc3f54622e3456879458",
      duration_ms: 3323.9,
    });
    expect(Object.keys(step1.metadata)).toEqual(["plan"]);
  });

  it("reads step 1 content: prompt messages, one tool call out, and the tool definition", () => {
    expect(messageShape(step1.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(messageShape(step1.output_messages)).toEqual([{ role: "assistant", types: ["tool_call"] }]);
    expect(step1.output_messages?.[0]?.parts[0]).toMatchObject({
      type: "tool_call",
      id: "call_IdOH6rvSspJC2NcCHUY4HukJ",
      name: "lookupOrder",
      arguments: { orderId: "FH-30917" },
    });
    expect(step1.tool_definitions).toHaveLength(1);
    expect(step1.tool_definitions?.[0]).toMatchObject({ name: "lookupOrder" });
  });

  it("reads step 2 content: the tool round trip in, the final text out", () => {
    expect(messageShape(step2.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
      { role: "assistant", types: ["tool_call"] },
      { role: "tool", types: ["tool_call_response"] },
    ]);
    expect(step2.input_messages?.[3]?.parts[0]).toMatchObject({
      id: "call_IdOH6rvSspJC2NcCHUY4HukJ",
      response: { orderId: "FH-30917", status: "in_transit" },
    });
    expect(messageShape(step2.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
    expect(step2.output_messages?.[0]?.parts[0]?.content).toMatch(/^Your order FH-30917 is with DHL/);
  });

  it("maps ai.toolCall as a tool span in the root's session (E8, E9)", () => {
    expect(tool).toMatchObject({
      source: "otlp",
      kind: "tool",
      is_aggregate: false,
      operation: "execute_tool",
      provider: null,
      request_model: null,
      response_model: null,
      model: null,
      input_tokens: null,
      output_tokens: null,
      total_tokens: null,
      cache_read_tokens: null,
      reasoning_tokens: null,
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "fh-chat-0b7e44",
      customer_id: "fh-cust-118824",
      config_key: "support-chat",
      metadata: {},
      tags: [],
      cost_status: "no_usage",
      finish_reasons: [],
      response_id: null,
      duration_ms: 336.79,
    });
  });

  it("stores the tool's arguments and result as a call / response pair", () => {
    expect(tool.input_messages?.[0]?.parts[0]).toMatchObject({
      type: "tool_call",
      id: "call_IdOH6rvSspJC2NcCHUY4HukJ",
      name: "lookupOrder",
      arguments: { orderId: "FH-30917" },
    });
    expect(tool.output_messages?.[0]?.parts[0]).toMatchObject({
      type: "tool_call_response",
      response: { carrier: "DHL", eta: "2026-11-24" },
    });
  });

  it("maps the streamText root as an aggregate chain that keeps its totals", () => {
    expect(root).toMatchObject({
      kind: "chain",
      is_aggregate: true,
      operation: null,
      provider: "openai",
      request_model: "gpt-5-mini",
      response_model: null,
      input_tokens: 6624,
      output_tokens: 581,
      total_tokens: 7205,
      cache_read_tokens: 5888,
      cache_write_tokens: null,
      reasoning_tokens: 320,
      time_to_first_token_ms: null,
      is_streaming: true,
      session_id: "fh-chat-0b7e44",
      customer_id: "fh-cust-118824",
      config_key: "support-chat",
      metadata: { plan: "pro" },
      tags: [],
      finish_reasons: ["stop"],
      response_id: null,
      duration_ms: 6614.06,
    });
  });

  it("reads the root's content from ai.prompt and ai.response.text", () => {
    expect(root.system_instructions?.[0]).toMatchObject({ type: "text" });
    expect(messageShape(root.input_messages)).toEqual([{ role: "user", types: ["text"] }]);
    expect(messageShape(root.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
  });

  it("sums only the doStream spans when aggregates are excluded", () => {
    const summed = fixture.records.filter((record) => !record.is_aggregate && record.kind === "llm");
    expect(summed).toHaveLength(2);
    const total = (field: "input_tokens" | "output_tokens" | "cache_read_tokens" | "reasoning_tokens") =>
      summed.reduce((sum, record) => sum + (record[field] ?? 0), 0);
    expect([
      total("input_tokens"),
      total("output_tokens"),
      total("cache_read_tokens"),
      total("reasoning_tokens"),
    ]).toEqual([6624, 581, 5888, 320]);
  });

  it("stores start times in µs", () => {
    expect(step1.start_time).toBe(isoToMicros("2026-11-22T13:30:08.406Z"));
  });
});

describe("Vercel AI SDK 4 generateText with Anthropic prompt caching (fixture 8)", () => {
  const fixture = loadOtlpFixture("vercel-ai-sdk-v4-generatetext.json");
  const call = fixture.span("11cdb19cb02c8fa8");
  const root = fixture.span("4b8b2325a1a58892");

  it("links doGenerate to its root", () => {
    expect(call.trace_id).toBe("db8740a527c14de4b3bf03731589573d");
    expect(call.parent_span_id).toBe("4b8b2325a1a58892");
    expect(root.parent_span_id).toBeNull();
  });

  it("adds Anthropic cache read and write to the exclusive input count (E3, E4)", () => {
    const tokens = {
      input_tokens: 14068,
      output_tokens: 544,
      total_tokens: 14612,
      cache_read_tokens: 9431,
      cache_write_tokens: 2764,
      reasoning_tokens: null,
    };
    expect(call).toMatchObject(tokens);
    expect(root).toMatchObject(tokens);
  });

  it("maps the doGenerate span", () => {
    expect(call).toMatchObject({
      source: "otlp",
      kind: "llm",
      is_aggregate: false,
      operation: "chat",
      provider: "anthropic",
      request_model: "claude-3-7-sonnet-20250219",
      response_model: "claude-3-7-sonnet-20250219",
      model: "claude-3-7-sonnet-20250219",
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "lc-review-77f2",
      customer_id: "acct-bakehouse-0931",
      config_key: "clause-review",
      metadata: { jurisdiction: "uk" },
      tags: [],
      cost_status: "unpriced",
      finish_reasons: ["stop"],
      response_id: "msg_01jZE0As8BUKFotpe22a9Jf3",
      duration_ms: 11842.377,
    });
    expect(call.request_params).toStrictEqual({ max_tokens: 2048, temperature: 0 });
  });

  it("maps the generateText root as an aggregate chain", () => {
    expect(root).toMatchObject({
      kind: "chain",
      is_aggregate: true,
      operation: null,
      provider: "anthropic",
      request_model: "claude-3-7-sonnet-20250219",
      model: "claude-3-7-sonnet-20250219",
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "lc-review-77f2",
      customer_id: "acct-bakehouse-0931",
      config_key: "clause-review",
      metadata: { jurisdiction: "uk" },
      tags: [],
      finish_reasons: ["stop"],
      response_id: null,
      duration_ms: 11848.397,
    });
    expect(root.request_params).toStrictEqual({
      maxTokens: 2048,
      temperature: 0,
      maxRetries: 2,
      maxSteps: 1,
    });
  });

  it("reads content from ai.prompt.messages on the call and ai.prompt on the root", () => {
    expect(messageShape(call.input_messages)).toEqual([
      { role: "system", types: ["text"] },
      { role: "user", types: ["text"] },
    ]);
    expect(messageShape(call.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
    expect(root.system_instructions).toHaveLength(1);
    expect(messageShape(root.input_messages)).toEqual([{ role: "user", types: ["text"] }]);
    expect(messageShape(root.output_messages)).toEqual([{ role: "assistant", types: ["text"] }]);
  });
});
