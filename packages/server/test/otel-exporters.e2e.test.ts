/**
 * Official OpenTelemetry JS exporters (OTLP/HTTP protobuf and JSON) sending GenAI spans to the
 * real server: the calls must show up in the read API with model, tokens, cost, session and TTFT.
 */
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpHttpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function sendGenAiTrace(exporter: SpanExporter, sessionId: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "otel-e2e-app" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("e2e");
  const start = Date.now() - 2000;
  const root = tracer.startSpan("invoke_agent planner", {
    startTime: start,
    attributes: { "gen_ai.operation.name": "invoke_agent" },
  });
  const child = tracer.startSpan(
    "chat gpt-4o",
    {
      startTime: start + 10,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.request.stream": true,
        "gen_ai.request.temperature": 0.5,
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 50,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.response.time_to_first_chunk": 0.25,
        "gen_ai.response.finish_reasons": ["stop"],
        "gen_ai.conversation.id": sessionId,
        "user.id": "otel-customer-1",
        "fallom.config_key": "otel-e2e",
      },
    },
    trace.setSpan(context.active(), root),
  );
  child.end(start + 1510);
  root.setStatus({ code: SpanStatusCode.ERROR, message: "planner gave up" });
  root.end(start + 1600);
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: root.spanContext().traceId, childId: child.spanContext().spanId };
}

describe("official OpenTelemetry exporters", () => {
  for (const [name, make] of [
    [
      "OTLP/HTTP protobuf",
      () =>
        new OtlpProtoExporter({
          url: `${server.url}/v1/traces`,
          headers: { authorization: `Bearer ${server.apiKey}` },
        }),
    ],
    [
      "OTLP/HTTP JSON",
      () =>
        new OtlpHttpJsonExporter({
          url: `${server.url}/v1/traces`,
          headers: { authorization: `Bearer ${server.apiKey}` },
        }),
    ],
    [
      "OTLP/HTTP protobuf with gzip",
      () =>
        new OtlpProtoExporter({
          url: `${server.url}/v1/traces`,
          headers: { authorization: `Bearer ${server.apiKey}` },
          compression: "gzip" as never,
        }),
    ],
  ] as const) {
    it(`delivers GenAI spans through the ${name} exporter`, async () => {
      const sessionId = `otel-${name.replace(/\W+/g, "-")}`;
      const { traceId, childId } = await sendGenAiTrace(make(), sessionId);
      const call = await server.getJson(`/api/v1/spans/${childId}`);
      expect(call).toMatchObject({
        trace_id: traceId,
        kind: "llm",
        operation: "chat",
        provider: "openai",
        request_model: "gpt-4o",
        model: "gpt-4o-2024-08-06",
        input_tokens: 1200,
        output_tokens: 50,
        cache_read_tokens: 1000,
        time_to_first_token_ms: 250,
        is_streaming: true,
        session_id: sessionId,
        customer_id: "otel-customer-1",
        config_key: "otel-e2e",
        cost_status: "computed",
        duration_ms: 1500,
        request_params: { temperature: 0.5 },
      });
      // SPEC §4.3 reference: gpt-4o, 1,200 input (1,000 cached), 50 output → $0.00225.
      expect(call.cost_usd).toBeCloseTo(0.00225, 8);
      const detail = await server.getJson(`/api/v1/traces/${traceId}`);
      expect(detail.span_count).toBe(2);
      expect(detail.llm_calls).toBe(1);
      const root = detail.spans.find((s: { parent_span_id: string | null }) => s.parent_span_id === null);
      expect(root).toMatchObject({
        status: "ERROR",
        error_message: "planner gave up",
        kind: "agent",
        is_aggregate: true,
      });
    });
  }
});
