import { describe, expect, it } from "vitest";
import { micros, NO_COST, normaliseFixture } from "./test-support/native-fixtures.js";

describe("normaliseTraceData: native-tracedata-openai-chat.json", () => {
  const { record, ownContext } = normaliseFixture("native-tracedata-openai-chat.json");

  it("keeps the ids and classifies the call", () => {
    expect(record).toMatchObject({
      trace_id: "4cd449bcc7608696a10f5575939127de",
      span_id: "aef7ca31b39d6d7d",
      parent_span_id: null,
      source: "native",
      kind: "llm",
      operation: "chat",
      provider: "openai",
      model: "o4-mini-2025-04-16",
      status: "OK",
    });
  });

  it("maps the OpenAI chat usage", () => {
    expect(record).toMatchObject({
      input_tokens: 3847,
      output_tokens: 1306,
      total_tokens: 5153,
      cache_read_tokens: 2944,
      cache_write_tokens: null,
      reasoning_tokens: 832,
    });
  });

  it("reads timing, context, metadata and prompt linkage", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "tri-5d0c2a81",
      customer_id: "acme-helpdesk",
      config_key: "support-triage",
      metadata: { plan: "team", seats: 14 },
      tags: ["triage", "web"],
      prompt_key: "ticket-triage",
      prompt_version: 7,
      prompt_ab_test_key: null,
      prompt_variant_index: null,
      start_time: micros("2026-11-19T14:05:33.481Z"),
      duration_ms: 8917,
    });
    expect(typeof record.metadata.seats).toBe("number");
    expect(ownContext).toEqual({ configKey: true, sessionId: true, customerId: true });
  });

  it("leaves pricing to the pricing step", () => {
    expect(record).toMatchObject({ ...NO_COST, reported_cost_usd: null, cost_status: "unpriced" });
  });

  it("takes finish reasons and the response id from fallom.raw.response", () => {
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("chatcmpl-jeXgznHCJtC0KBmwXCUXnYNdjMcOF");
  });

  it("parses system + user input, one assistant output and the tool definition", () => {
    expect(record.input_messages?.map((message) => message.role)).toEqual(["system", "user"]);
    expect(record.input_messages?.[1]?.parts).toEqual([
      {
        type: "text",
        content:
          "The export button does nothing when I pick CSV in Firefox 132. Works in Chrome. No error shown.",
      },
    ]);
    expect(record.output_messages).toHaveLength(1);
    expect(record.output_messages?.[0]).toMatchObject({ role: "assistant", finish_reason: "stop" });
    expect(record.output_messages?.[0]?.parts[0]?.type).toBe("text");
    expect(record.tool_definitions).toHaveLength(1);
    expect(record.tool_definitions?.[0]).toMatchObject({
      type: "function",
      function: { name: "create_issue" },
    });
  });

  it("keeps the raw payloads parsed and out of attributes", () => {
    expect(record.raw_request).toMatchObject({ model: "o4-mini", tool_choice: "auto" });
    expect(record.raw_response).toMatchObject({ responseId: "chatcmpl-jeXgznHCJtC0KBmwXCUXnYNdjMcOF" });
    expect(record.attributes).not.toHaveProperty("fallom.raw.request");
    expect(record.attributes).not.toHaveProperty("fallom.raw.response");
    expect(record.attributes).toHaveProperty("fallom.raw.usage");
    expect(record.attributes["fallom.method"]).toBe("chat.completions.create");
  });
});

describe("normaliseTraceData: native-tracedata-openai-responses.json (Python)", () => {
  const { record } = normaliseFixture("native-tracedata-openai-responses.json");

  it("keeps the ids and classifies the call", () => {
    expect(record).toMatchObject({
      trace_id: "55fe3ede520a19900376512678364bd0",
      span_id: "dd5f0fcee04e17d5",
      kind: "llm",
      operation: "chat",
      provider: "openai",
      model: "gpt-5-2025-08-07",
      status: "OK",
    });
  });

  it("detects the renamed usage by its keys", () => {
    expect(record).toMatchObject({
      input_tokens: 2211,
      output_tokens: 604,
      total_tokens: 2815,
      cache_read_tokens: null,
      cache_write_tokens: null,
      reasoning_tokens: null,
      cost_status: "unpriced",
    });
  });

  it("reads context and metadata with their types", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "fx-2026-11-19-8841",
      customer_id: "member-30577",
      config_key: "finance-explainer",
      metadata: { channel: "ios", app_build: 4417 },
      tags: ["education"],
    });
    expect(typeof record.metadata.app_build).toBe("number");
  });

  it("parses the µs + offset timestamp exactly", () => {
    expect(record.start_time).toBe(micros("2026-11-19T21:17:02.508Z"));
    expect(record.end_time).toBe(micros("2026-11-19T21:17:14.293Z"));
    expect(record.duration_ms).toBe(11785);
  });

  it("has no finish reason and the response id from the Python-style JSON", () => {
    expect(record.finish_reasons).toEqual([]);
    expect(record.response_id).toBe("resp_42e6f096d19ca9b129cb31657abdf71571b51c682929d195");
  });

  it("reads instructions as system instructions, the input string as the user message", () => {
    expect(record.system_instructions).toEqual([
      {
        type: "text",
        content:
          "You are a careful personal-finance explainer. Be neutral and do not give individual investment advice.",
      },
    ]);
    expect(record.input_messages).toEqual([
      {
        role: "user",
        parts: [
          {
            type: "text",
            content:
              "Explain the difference between a Roth IRA and a traditional IRA in three bullet points.",
          },
        ],
      },
    ]);
    expect(record.output_messages).toHaveLength(1);
    expect(record.output_messages?.[0]?.role).toBe("assistant");
    expect(record.output_messages?.[0]?.parts.map((part) => part.type)).toEqual(["text"]);
    expect(record.request_params).toEqual({ max_tokens: 4096 });
  });
});

describe("normaliseTraceData: native-tracedata-anthropic-messages.json", () => {
  const { record } = normaliseFixture("native-tracedata-anthropic-messages.json");

  it("keeps the ids and classifies the call", () => {
    expect(record).toMatchObject({
      trace_id: "6c3838ed13c5fe696723358ff0e9a7e9",
      span_id: "cc930f6ca79f5bd3",
      kind: "llm",
      operation: "chat",
      provider: "anthropic",
      model: "claude-sonnet-4-5-20250929",
      status: "OK",
    });
  });

  it("adds both cache counts to input", () => {
    expect(record).toMatchObject({
      input_tokens: 20990,
      output_tokens: 147,
      total_tokens: 21137,
      cache_read_tokens: 18734,
      cache_write_tokens: 2219,
      reasoning_tokens: null,
      cost_status: "unpriced",
    });
  });

  it("reads timing and context", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "trip-9a41c7",
      customer_id: "traveller-5512",
      config_key: "trip-planner",
      metadata: { locale: "fr-FR" },
      tags: ["rail"],
      start_time: micros("2026-11-20T07:41:19.066Z"),
      duration_ms: 4682,
    });
  });

  it("reads finish reason and response id as sent", () => {
    expect(record.finish_reasons).toEqual(["tool_use"]);
    expect(record.response_id).toBe("msg_01OFKHNIGHZbcAkwAb8swXhG");
  });

  it("parses system instructions, the user message, the text + tool_call output and the tool definition", () => {
    expect(record.system_instructions).toEqual([
      {
        type: "text",
        content:
          "You are a rail booking assistant for European routes. Always search before suggesting a departure, and quote times in local time.",
      },
    ]);
    expect(record.raw_request).toMatchObject({ system: [{ cache_control: { type: "ephemeral" } }] });
    expect(record.input_messages).toHaveLength(1);
    expect(record.input_messages?.[0]?.role).toBe("user");
    const output = record.output_messages?.[0];
    expect(record.output_messages).toHaveLength(1);
    expect(output?.parts.map((part) => part.type)).toEqual(["text", "tool_call"]);
    expect(output?.parts[1]).toEqual({
      type: "tool_call",
      id: "toolu_01pQlPwguJBorTNiRtwi01lM",
      name: "search_trains",
      arguments: {
        origin: "Lyon Part-Dieu",
        destination: "Milano Centrale",
        date: "2026-11-27",
        depart_after: "06:00",
        arrive_before: "14:00",
      },
    });
    expect(output?.finish_reason).toBe("tool_use");
    expect(record.tool_definitions).toHaveLength(1);
    expect(record.tool_definitions?.[0]).toMatchObject({ name: "search_trains" });
  });
});

describe("normaliseTraceData: native-tracedata-google-generate-content.json", () => {
  const { record, ownContext } = normaliseFixture("native-tracedata-google-generate-content.json");

  it("keeps the ids, drops the models/ prefix (E5) and infers google despite it", () => {
    expect(record).toMatchObject({
      trace_id: "7f494ac5c17a6beaab663c1a6731d912",
      span_id: "88980f54c1765aa9",
      kind: "llm",
      operation: "generate_content",
      provider: "google",
      model: "gemini-2.5-flash",
      status: "OK",
    });
  });

  it("maps usageMetadata with thoughts in output", () => {
    expect(record).toMatchObject({
      input_tokens: 5126,
      output_tokens: 1171,
      total_tokens: 6297,
      cache_read_tokens: 4096,
      cache_write_tokens: null,
      reasoning_tokens: 783,
      cost_status: "unpriced",
    });
  });

  it("has no customer and no tags", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "rcp-c0ffee12",
      customer_id: null,
      config_key: "recipe-ideas",
      metadata: { app_version: "5.2.0" },
      tags: [],
      start_time: micros("2026-11-20T18:22:47.905Z"),
      duration_ms: 7306,
    });
    expect(ownContext).toEqual({ configKey: true, sessionId: true, customerId: false });
  });

  it("keeps the finish reason as sent and takes no id from raw.metadata", () => {
    expect(record.finish_reasons).toEqual(["STOP"]);
    expect(record.response_id).toBeNull();
  });

  it("parses one user message and one model message from candidates[0]", () => {
    expect(record.input_messages).toEqual([
      {
        role: "user",
        parts: [
          {
            type: "text",
            content:
              "Suggest a vegetarian dinner using leeks, lentils and feta. Keep the ingredient list short.",
          },
        ],
      },
    ]);
    expect(record.output_messages).toHaveLength(1);
    expect(record.output_messages?.[0]).toMatchObject({ role: "model", finish_reason: "STOP" });
    expect(String(record.output_messages?.[0]?.parts[0]?.content)).toMatch(/^Leek, lentil and feta gratin/);
    expect(record.request_params).toEqual({ temperature: 0.8, max_tokens: 2048 });
  });
});

describe("normaliseTraceData: native-tracedata-vercel-streamtext.json", () => {
  const { record } = normaliseFixture("native-tracedata-vercel-streamtext.json");

  it("keeps the ids and cuts fallom.provider at the dot", () => {
    expect(record).toMatchObject({
      trace_id: "ade06d4d1fe630af722890411e0682e9",
      span_id: "27a08cee122e0142",
      kind: "llm",
      operation: "chat",
      provider: "openrouter",
      model: "anthropic/claude-3.5-haiku",
      status: "OK",
    });
  });

  it("falls back to providerMetadata.openrouter.usage for the null usage", () => {
    expect(record).toMatchObject({
      input_tokens: 6118,
      output_tokens: 457,
      total_tokens: 6575,
      cache_read_tokens: 5632,
      cache_write_tokens: null,
      reasoning_tokens: 0,
    });
  });

  it("reads TTFT, streaming and context", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: 742,
      is_streaming: true,
      session_id: "onb-4471-day1",
      customer_id: "ws-brightleaf",
      config_key: "onboarding-coach",
      metadata: { cohort: "2026-11" },
      tags: ["onboarding"],
      start_time: micros("2026-11-21T09:14:55.630Z"),
      duration_ms: 4186,
    });
  });

  it("takes the provider-reported cost from fallom.raw.providerMetadata", () => {
    expect(record).toMatchObject({ ...NO_COST, reported_cost_usd: 0.00266736, cost_status: "provider" });
  });

  it("reads the finish reason and the response id of steps[0]", () => {
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("gen-1795252495-ibw0ElZ5jg6zq7OftNUa");
  });

  it("parses system + user and one assistant text", () => {
    expect(record.system_instructions).toEqual([
      {
        type: "text",
        content:
          "You are the onboarding coach for Brightleaf Boards. Suggest at most three concrete first steps and end with one question.",
      },
    ]);
    expect(record.input_messages).toEqual([
      { role: "user", parts: [{ type: "text", content: "I just signed up. What should I do first?" }] },
    ]);
    expect(record.output_messages).toHaveLength(1);
    expect(record.output_messages?.[0]).toMatchObject({ role: "assistant", finish_reason: "stop" });
    expect(String(record.output_messages?.[0]?.parts[0]?.content)).toMatch(/^Welcome aboard!/);
    expect(record.attributes["fallom.raw.timings"]).toEqual(expect.stringContaining('"type":"ttft"'));
  });
});
