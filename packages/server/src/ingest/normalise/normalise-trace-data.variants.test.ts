import { describe, expect, it } from "vitest";
import { micros, NO_COST, NO_TOKENS, normaliseFixture } from "./test-support/native-fixtures.js";

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
