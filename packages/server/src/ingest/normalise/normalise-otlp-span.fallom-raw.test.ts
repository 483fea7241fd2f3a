import { describe, expect, it } from "vitest";
import type { SpanRecord } from "../../domain/span-record.js";
import type { TraceData } from "../native-trace-data.js";
import type { Attributes } from "../raw-span.js";
import { normaliseOtlpSpan } from "./normalise-otlp-span.js";
import { normaliseTraceData } from "./normalise-trace-data.js";
import { makeRawSpan } from "./test-support/make-raw-span.js";
import { nativeFixture } from "./test-support/native-fixtures.js";

/** The fixture's attributes on an OTLP span from our TS SDK (SPEC §5.4), plus `extra`. */
function asSdkSpan(td: TraceData, extra: Attributes = {}): SpanRecord {
  const span = makeRawSpan({
    name: td.name ?? "span",
    attributes: { ...(td.attributes as Attributes), ...extra },
    resourceAttributes: { "telemetry.sdk.name": "@fallom/trace", "service.name": td.config_key },
  });
  return normaliseOtlpSpan(span, {}).record;
}

/** The record fields derived from `fallom.raw.*` (and the span's provider). */
function rawDerived(record: SpanRecord) {
  return {
    provider: record.provider,
    input_tokens: record.input_tokens,
    output_tokens: record.output_tokens,
    cache_read_tokens: record.cache_read_tokens,
    cache_write_tokens: record.cache_write_tokens,
    reasoning_tokens: record.reasoning_tokens,
    total_tokens: record.total_tokens,
    reported_cost_usd: record.reported_cost_usd,
    cost_status: record.cost_status,
    finish_reasons: record.finish_reasons,
    response_id: record.response_id,
    input_messages: record.input_messages,
    system_instructions: record.system_instructions,
    output_messages: record.output_messages,
    tool_definitions: record.tool_definitions,
    request_params: record.request_params,
    raw_request: record.raw_request,
    raw_response: record.raw_response,
  };
}

describe("fallom.raw.* on OTLP spans normalise like the same native TraceData", () => {
  it("native-tracedata-vercel-streamtext.json: OpenRouter usage and cost from providerMetadata", () => {
    const td = nativeFixture("native-tracedata-vercel-streamtext.json");
    const native = normaliseTraceData(td, {}).record;
    const otlp = asSdkSpan(td);
    expect(otlp.source).toBe("sdk-ts");
    expect(rawDerived(otlp)).toEqual(rawDerived(native));
    expect(otlp).toMatchObject({
      input_tokens: 6118,
      output_tokens: 457,
      total_tokens: 6575,
      cache_read_tokens: 5632,
      reasoning_tokens: 0,
      reported_cost_usd: 0.00266736,
      cost_status: "provider",
      finish_reasons: ["stop"],
      response_id: "gen-1795252495-ibw0ElZ5jg6zq7OftNUa",
      time_to_first_token_ms: native.time_to_first_token_ms,
      is_streaming: true,
    });
    expect(otlp.output_messages?.[0]).toMatchObject({ role: "assistant", finish_reason: "stop" });
  });

  it.each([
    "native-tracedata-openai-chat.json",
    "native-tracedata-openai-responses.json",
    "native-tracedata-anthropic-messages.json",
    "native-tracedata-image-input.json",
  ])("%s: the same tokens, cost, finish reasons, response id and content", (name) => {
    const td = nativeFixture(name);
    const otlp = asSdkSpan(td, { "fallom.kind": "llm" });
    expect(rawDerived(otlp)).toEqual(rawDerived(normaliseTraceData(td, {}).record));
  });

  it("native-tracedata-google-generate-content.json: models/ is dropped from the model on both (E5)", () => {
    const td = nativeFixture("native-tracedata-google-generate-content.json");
    const native = normaliseTraceData(td, {}).record;
    const otlp = asSdkSpan(td, { "fallom.kind": "llm", "gen_ai.request.model": "models/gemini-2.5-flash" });
    expect(rawDerived(otlp)).toEqual(rawDerived(native));
    for (const record of [native, otlp]) {
      expect(record).toMatchObject({
        provider: "google",
        request_model: "gemini-2.5-flash",
        response_model: null,
        model: "gemini-2.5-flash",
      });
    }
  });

  it("adds Vercel v5 Anthropic cache counts from fallom.raw.providerMetadata on both paths (E4)", () => {
    const attributes = {
      "fallom.method": "generateText",
      "fallom.provider": "anthropic.messages",
      "fallom.raw.usage": '{"inputTokens":100,"outputTokens":10,"totalTokens":110,"cachedInputTokens":50}',
      "fallom.raw.providerMetadata": '{"anthropic":{"cacheCreationInputTokens":20}}',
    };
    const native = normaliseTraceData({ config_key: "c", session_id: "s", attributes }, {}).record;
    const otlp = normaliseOtlpSpan(makeRawSpan({ attributes }), {}).record;
    for (const record of [native, otlp]) {
      expect(record).toMatchObject({
        provider: "anthropic",
        input_tokens: 170,
        output_tokens: 10,
        cache_read_tokens: 50,
        cache_write_tokens: 20,
        total_tokens: 180,
      });
    }
  });

  it("moves fallom.raw.request / response out of attributes on both paths", () => {
    const td = nativeFixture("native-tracedata-openai-chat.json");
    for (const record of [normaliseTraceData(td, {}).record, asSdkSpan(td)]) {
      expect(record.attributes).not.toHaveProperty("fallom.raw.request");
      expect(record.attributes).not.toHaveProperty("fallom.raw.response");
      expect(record.attributes).toHaveProperty("fallom.raw.usage");
      expect(record.raw_request).toMatchObject({ model: "o4-mini" });
    }
  });
});

describe("manual-span input / output normalise the same on both paths (E6)", () => {
  it("native-tracedata-manual-span.json: objects become json parts, sent natively or as fallom.input", () => {
    const td = nativeFixture("native-tracedata-manual-span.json");
    const native = normaliseTraceData(td, {}).record;
    const { input, output, ...rest } = td.attributes ?? {};
    // Our SDKs JSON-encode non-primitive values of fallom.input / fallom.output (SPEC §6.1).
    const otlp = asSdkSpan(
      { ...td, attributes: rest },
      { "fallom.input": JSON.stringify(input), "fallom.output": JSON.stringify(output) },
    );
    expect(otlp.input_messages).toEqual(native.input_messages);
    expect(otlp.output_messages).toEqual(native.output_messages);
    expect(otlp.input_messages).toEqual([
      { role: "user", parts: [{ type: "json", content: { invoiceId: "INV-88142" } }] },
    ]);
  });

  it.each([
    ["plain text", "look up INV-1"],
    ["a JSON object string", '{"found":true}'],
    ["a JSON array string", "[1,2]"],
    ["text that only looks like JSON", "{not json"],
    ["a number", 42],
    ["a boolean", false],
    ["an empty string", ""],
  ])("%s", (_label, value) => {
    const native = normaliseTraceData(
      { config_key: "c", session_id: "s", attributes: { "fallom.input": value, "fallom.output": value } },
      {},
    ).record;
    const otlp = normaliseOtlpSpan(
      makeRawSpan({ attributes: { "fallom.input": value, "fallom.output": value } }),
      {},
    ).record;
    expect(otlp.input_messages).toEqual(native.input_messages);
    expect(otlp.output_messages).toEqual(native.output_messages);
  });
});
