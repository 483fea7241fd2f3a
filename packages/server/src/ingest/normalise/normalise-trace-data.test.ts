import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TraceData } from "../native-trace-data.js";
import { normaliseTraceData, parseTimestampMicros, validateTraceData } from "./normalise-trace-data.js";

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8"));
}

function normaliseFixture(name: string, headers = {}) {
  return normaliseTraceData(fixture(name) as TraceData, headers);
}

/** µs since the epoch of a ms-precision ISO date, computed independently of the code under test. */
function micros(iso: string): number {
  return Date.parse(iso) * 1000;
}

const NO_TOKENS = {
  input_tokens: null,
  output_tokens: null,
  cache_read_tokens: null,
  cache_write_tokens: null,
  reasoning_tokens: null,
  total_tokens: null,
};

const NO_COST = { cost_usd: null, input_cost_usd: null, output_cost_usd: null, price_ref: null };

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

  it("keeps the ids, the model as sent and infers google despite the models/ prefix", () => {
    expect(record).toMatchObject({
      trace_id: "7f494ac5c17a6beaab663c1a6731d912",
      span_id: "88980f54c1765aa9",
      kind: "llm",
      operation: "generate_content",
      provider: "google",
      model: "models/gemini-2.5-flash",
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

describe("normaliseTraceData: native-tracedata-manual-span.json", () => {
  const { record } = normaliseFixture("native-tracedata-manual-span.json");

  it("keeps the ids, the parent and the tool kind", () => {
    expect(record).toMatchObject({
      trace_id: "bc80920e2c00af56ff843406899b5246",
      span_id: "b5c8ded9f84e7db9",
      parent_span_id: "9ebe69f58c9b2a57",
      name: "fetch-invoice",
      kind: "tool",
      operation: null,
      status: "OK",
    });
  });

  it("has no provider, model or tokens", () => {
    expect(record).toMatchObject({
      provider: null,
      model: null,
      request_model: null,
      response_model: null,
      ...NO_TOKENS,
      ...NO_COST,
      reported_cost_usd: null,
      cost_status: "no_usage",
    });
  });

  it("reads context", () => {
    expect(record).toMatchObject({
      session_id: "bill-sess-0e93",
      customer_id: "acme-co",
      config_key: "billing-agent",
      metadata: { plan: "team" },
      tags: ["agent"],
      start_time: micros("2026-11-21T15:40:02.774Z"),
      duration_ms: 143,
    });
  });

  it("keeps the attributes as received, objects included", () => {
    expect(record.attributes).toMatchObject({
      "fallom.span_type": "manual",
      "db.system": "postgresql",
      "cache.hit": false,
      input: { invoiceId: "INV-88142" },
    });
  });

  it("turns the object input and output into json parts", () => {
    expect(record.input_messages).toEqual([
      { role: "user", parts: [{ type: "json", content: { invoiceId: "INV-88142" } }] },
    ]);
    expect(record.output_messages).toEqual([
      {
        role: "assistant",
        parts: [
          {
            type: "json",
            content: { invoiceId: "INV-88142", amountEur: 129.9, status: "charged_twice", charges: 2 },
          },
        ],
      },
    ]);
  });
});

describe("normaliseTraceData: native-tracedata-legacy-0.1.json", () => {
  const { record } = normaliseFixture("native-tracedata-legacy-0.1.json");

  it("keeps the ids and infers openai from the model id", () => {
    expect(record).toMatchObject({
      trace_id: "4ac90798065be31b8478dd571d42249e",
      span_id: "cf99be99955e1963",
      kind: "llm",
      operation: "chat",
      provider: "openai",
      model: "gpt-4o-mini-2024-07-18",
      status: "OK",
    });
  });

  it("reads the top-level token counts", () => {
    expect(record).toMatchObject({
      input_tokens: 642,
      output_tokens: 118,
      total_tokens: 760,
      cache_read_tokens: null,
      cache_write_tokens: null,
      reasoning_tokens: null,
      cost_status: "unpriced",
    });
  });

  it("reads context and the A/B prompt linkage", () => {
    expect(record).toMatchObject({
      time_to_first_token_ms: null,
      is_streaming: false,
      session_id: "signup-88d1e4",
      customer_id: "new-user-70213",
      config_key: "welcome-flow",
      metadata: {},
      tags: [],
      prompt_key: "welcome-email",
      prompt_version: 3,
      prompt_ab_test_key: "welcome-tone",
      prompt_variant_index: 1,
      start_time: micros("2025-12-09T16:03:27.092Z"),
      duration_ms: 1784,
    });
  });

  it("reads the response id from gen_ai.response.id and has no finish reason", () => {
    expect(record.finish_reasons).toEqual([]);
    expect(record.response_id).toBe("chatcmpl-fvROF0ZQ04ydpMJKdWQpeGICZIlpb");
  });

  it("builds the messages from gen_ai.prompt.{i}.* and gen_ai.completion.0.*", () => {
    expect(record.input_messages?.map((message) => message.role)).toEqual(["system", "user"]);
    expect(record.input_messages?.[1]?.parts).toEqual([
      { type: "text", content: "Name: Joss. Signed up from the iPad app." },
    ]);
    expect(record.output_messages).toHaveLength(1);
    expect(record.output_messages?.[0]?.role).toBe("assistant");
    expect(String(record.output_messages?.[0]?.parts[0]?.content)).toMatch(
      /^Subject: Welcome to Tandem Notes, Joss!/,
    );
    expect(record.attributes).not.toHaveProperty("fallom.sdk_version");
  });
});

describe("normaliseTraceData: native-tracedata-error.json", () => {
  const { record } = normaliseFixture("native-tracedata-error.json");

  it("records the error with its full message", () => {
    expect(record.status).toBe("ERROR");
    expect(record.error_message).toMatch(/^429 Rate limit reached for gpt-4\.1/);
    expect(record.error_message).toMatch(/learn more\.$/);
    expect(record.error_type).toBeNull();
  });

  it("keeps the ids and the request model", () => {
    expect(record).toMatchObject({
      trace_id: "ead545ddd9a50eee8f55b85d40c1f88b",
      span_id: "42b1cc0469e3d9b3",
      kind: "llm",
      provider: "openai",
      model: "gpt-4.1",
    });
  });

  it("has no tokens and no_usage, never a zero cost", () => {
    expect(record).toMatchObject({
      ...NO_TOKENS,
      ...NO_COST,
      reported_cost_usd: null,
      cost_status: "no_usage",
    });
  });

  it("reads context and has no content", () => {
    expect(record).toMatchObject({
      session_id: "rw-batch-1124-07",
      customer_id: "northwind-analytics",
      config_key: "report-writer",
      metadata: { batch: "nightly" },
      tags: ["batch"],
      input_messages: null,
      system_instructions: null,
      output_messages: null,
      tool_definitions: null,
      raw_request: null,
      raw_response: null,
      start_time: micros("2026-11-24T02:31:09.417Z"),
      duration_ms: 287,
    });
  });
});

describe("normaliseTraceData: native-tracedata-image-input.json", () => {
  const { record } = normaliseFixture("native-tracedata-image-input.json");

  it("keeps the ids and classifies the call", () => {
    expect(record).toMatchObject({
      trace_id: "4ae70e7221839c0426576882c3d312eb",
      span_id: "1bf8d58ffcdf65fc",
      kind: "llm",
      provider: "openai",
      model: "gpt-4.1-mini-2025-04-14",
      status: "OK",
    });
  });

  it("maps the usage, zero details kept as zero", () => {
    expect(record).toMatchObject({
      input_tokens: 108,
      output_tokens: 9,
      total_tokens: 117,
      cache_read_tokens: 0,
      cache_write_tokens: null,
      reasoning_tokens: 0,
      cost_status: "unpriced",
    });
  });

  it("reads context, finish reason and response id", () => {
    expect(record).toMatchObject({
      session_id: "swm-21c9",
      customer_id: "designer-4410",
      config_key: "swatch-matcher",
      start_time: micros("2026-11-23T11:09:51.356Z"),
      duration_ms: 1932,
    });
    expect(record.finish_reasons).toEqual(["stop"]);
    expect(record.response_id).toBe("chatcmpl-E2GLgg6PDs10P4n0EI1PeTaRySM7w");
  });

  it("keeps the image as its data URI in a uri part, with detail", () => {
    expect(record.input_messages).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", content: "What colour is this swatch? Reply with the hex code only." },
          {
            type: "uri",
            uri: "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mPQrnoAAAJZAYaIpu9LAAAAAElFTkSuQmCC",
            mime_type: "image/png",
            modality: "image",
            detail: "low",
          },
        ],
      },
    ]);
    expect(record.output_messages).toEqual([
      { role: "assistant", parts: [{ type: "text", content: "#2B7AE0" }], finish_reason: "stop" },
    ]);
  });
});

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

describe("parseTimestampMicros", () => {
  it("keeps the µs digits that Date.parse drops", () => {
    expect(parseTimestampMicros("2026-11-19T21:17:02.508123+00:00")).toBe(
      micros("2026-11-19T21:17:02.508Z") + 123,
    );
  });

  it("applies zone offsets and reads a missing zone as UTC", () => {
    expect(parseTimestampMicros("2026-11-19T23:17:02.5+02:00")).toBe(micros("2026-11-19T21:17:02.500Z"));
    expect(parseTimestampMicros("2026-11-19T16:47:02-0430")).toBe(micros("2026-11-19T21:17:02.000Z"));
    expect(parseTimestampMicros("2026-11-19T21:17:02.508")).toBe(micros("2026-11-19T21:17:02.508Z"));
  });

  it("truncates digits below the µs", () => {
    expect(parseTimestampMicros("2026-11-19T21:17:02.123456789Z")).toBe(
      micros("2026-11-19T21:17:02.123Z") + 456,
    );
  });

  it("rejects what is not an ISO-8601 date-time", () => {
    expect(parseTimestampMicros("yesterday")).toBeNull();
    expect(parseTimestampMicros("2026-02-31T00:00:00Z")).toBeNull();
    expect(parseTimestampMicros("2026-03-01T25:00:00Z")).toBeNull();
    expect(parseTimestampMicros(1795123022508)).toBeNull();
  });
});

describe("validateTraceData", () => {
  it("rejects invalid/native-missing-session-id.json with an actionable reason", () => {
    expect(validateTraceData(fixture("invalid/native-missing-session-id.json"))).toEqual({
      ok: false,
      reason: "session_id is required (a non-empty string)",
    });
  });

  it("accepts element 1 and rejects element 2 of invalid/native-array-one-bad.json", () => {
    const [good, bad] = fixture("invalid/native-array-one-bad.json") as unknown[];
    const accepted = validateTraceData(good);
    expect(accepted.ok).toBe(true);
    if (accepted.ok) {
      const { record } = normaliseTraceData(accepted.value, {});
      expect(record).toMatchObject({
        trace_id: "e8afc56559548f6f8e4eba0fab823257",
        span_id: "f876d1e0963a2aff",
        input_tokens: 377,
        output_tokens: 29,
      });
    }
    expect(validateTraceData(bad)).toEqual({
      ok: false,
      reason: "config_key is required (a non-empty string)",
    });
  });

  it("accepts every native fixture", () => {
    for (const name of [
      "native-tracedata-openai-chat.json",
      "native-tracedata-openai-responses.json",
      "native-tracedata-anthropic-messages.json",
      "native-tracedata-google-generate-content.json",
      "native-tracedata-vercel-streamtext.json",
      "native-tracedata-manual-span.json",
      "native-tracedata-legacy-0.1.json",
      "native-tracedata-error.json",
      "native-tracedata-image-input.json",
    ]) {
      expect(validateTraceData(fixture(name)).ok, name).toBe(true);
    }
  });

  it("rejects non-objects, empty keys, malformed ids and timestamps", () => {
    expect(validateTraceData([])).toEqual({ ok: false, reason: "a TraceData record must be a JSON object" });
    expect(validateTraceData({ config_key: "", session_id: "s" })).toMatchObject({
      reason: "config_key is required (a non-empty string)",
    });
    expect(validateTraceData({ config_key: "c", session_id: "s", trace_id: "abc" })).toMatchObject({
      reason: "trace_id must be 32 hex characters (or omitted to have one generated)",
    });
    expect(
      validateTraceData({ config_key: "c", session_id: "s", span_id: "0000000000000000" }),
    ).toMatchObject({
      reason: "span_id must not be all zeros",
    });
    expect(validateTraceData({ config_key: "c", session_id: "s", start_time: "soon" })).toMatchObject({
      reason: "start_time must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.000Z",
    });
  });
});
