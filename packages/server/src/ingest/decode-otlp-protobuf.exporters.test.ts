/**
 * Round trip through the real OpenTelemetry JS exporters. The same finished spans are sent once as
 * OTLP/HTTP protobuf, once as protobuf + gzip and once as OTLP/HTTP JSON to a tiny capture server.
 * Each captured request then goes through our read → detect → decode path, and all three must
 * yield identical RawSpans.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it } from "vitest";
import { convertOtlpRequest } from "./decode-otlp-json.js";
import { decodeOtlpProtobuf } from "./decode-otlp-protobuf.js";
import { classifyJson, detectBodyFormat } from "./detect-body-format.js";
import { exportSuccess } from "./otlp-responses.js";
import type { DecodedOtlpRequest, RawSpan } from "./raw-span.js";
import { readBody } from "./read-body.js";

interface Captured {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Records each request's raw bytes and headers, and answers like the collector does. */
async function startCaptureServer() {
  const requests: Captured[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      const encoding = /protobuf/.test(request.headers["content-type"] ?? "") ? "protobuf" : "json";
      const { body, contentType } = exportSuccess(encoding);
      response.writeHead(200, { "content-type": contentType });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fixed times as [seconds, nanoseconds], so the assertions can check every nanosecond. */
const T = {
  rootStart: [1795790003, 100000000],
  chatStart: [1795790003, 610044527],
  choice: [1795790004, 123],
  chatEnd: [1795790005, 221000001],
  toolStart: [1795790005, 300000000],
  toolEnd: [1795790005, 412500000],
  rootEnd: [1795790006, 0],
} satisfies Record<string, [number, number]>;

/** Records three spans with this test's own provider. The global tracer provider is never touched. */
async function recordSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "trip-planner",
      "deployment.environment.name": "test",
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer("fallom-test", "1.2.3");
  const root = tracer.startSpan("invoke_agent planner", { kind: SpanKind.INTERNAL, startTime: T.rootStart });
  const parent = trace.setSpan(context.active(), root);
  const chat = tracer.startSpan(
    "chat gpt-4.1",
    {
      kind: SpanKind.CLIENT,
      startTime: T.chatStart,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4.1",
        "gen_ai.usage.input_tokens": 2964,
        "gen_ai.request.temperature": 0.2,
        "gen_ai.request.stream": true,
        "gen_ai.response.finish_reasons": ["stop", "length"],
      },
    },
    parent,
  );
  chat.addEvent("gen_ai.choice", { "gen_ai.response.finish_reason": "stop", index: 0 }, T.choice);
  chat.setStatus({ code: SpanStatusCode.ERROR, message: "429 Rate limit reached for gpt-4.1" });
  chat.end(T.chatEnd);
  const tool = tracer.startSpan(
    "execute_tool search_trains",
    { startTime: T.toolStart, attributes: { "gen_ai.tool.name": "search_trains" } },
    parent,
  );
  tool.end(T.toolEnd);
  root.end(T.rootEnd);
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** Sends the spans in one request and waits for the exporter's verdict on our response. */
async function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
    exporter.export(spans, resolve),
  );
  await exporter.shutdown();
  expect(result.error).toBeUndefined();
  expect(result.code).toBe(0); // ExportResultCode.SUCCESS
}

/** The server's path: readBody (decompression) → detectBodyFormat → the matching decoder. */
async function decodeCaptured(captured: Captured): Promise<DecodedOtlpRequest> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(captured.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const request = new Request("http://collector.test/v1/traces", {
    method: "POST",
    headers,
    body: captured.body,
  });
  const bytes = await readBody(request, { maxBytes: 1 << 20 });
  const format = detectBodyFormat(headers.get("content-type"), bytes);
  if (format === "protobuf") return decodeOtlpProtobuf(bytes);
  const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
  expect(classifyJson(value)).toBe("otlp");
  return convertOtlpRequest(value);
}

/**
 * The option is typed as otlp-exporter-base's `CompressionAlgorithm` enum, a package we do not
 * depend on directly. `CompressionAlgorithm.GZIP` is the string "gzip".
 */
const GZIP = "gzip" as NonNullable<ConstructorParameters<typeof OtlpProtoExporter>[0]>["compression"];

const byName = (spans: RawSpan[]) => [...spans].sort((a, b) => a.name.localeCompare(b.name));

describe("OTLP requests from the real OpenTelemetry JS exporters", () => {
  let recorded: ReadableSpan[];
  let captured: { protobuf: Captured; gzip: Captured; json: Captured };

  beforeAll(async () => {
    recorded = await recordSpans();
    const server = await startCaptureServer();
    try {
      await exportOnce(new OtlpProtoExporter({ url: server.url }), recorded);
      await exportOnce(new OtlpProtoExporter({ url: server.url, compression: GZIP }), recorded);
      await exportOnce(new OtlpJsonExporter({ url: server.url }), recorded);
    } finally {
      await server.close();
    }
    const [protobuf, gzip, json] = server.requests;
    if (!protobuf || !gzip || !json) throw new Error(`expected 3 requests, got ${server.requests.length}`);
    captured = { protobuf, gzip, json };
  });

  it("sends the headers the decoder relies on", () => {
    expect(captured.protobuf.headers["content-type"]).toBe("application/x-protobuf");
    expect(captured.protobuf.headers["content-encoding"]).toBeUndefined();
    expect(captured.gzip.headers["content-type"]).toBe("application/x-protobuf");
    expect(captured.gzip.headers["content-encoding"]).toBe("gzip");
    expect([...captured.gzip.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(captured.json.headers["content-type"]).toBe("application/json");
    expect(captured.json.headers["user-agent"]).toMatch(/^OTel-OTLP-Exporter-JavaScript\//);
  });

  it("decodes protobuf, gzip-compressed protobuf and JSON into identical spans", async () => {
    const fromProtobuf = await decodeCaptured(captured.protobuf);
    const fromGzip = await decodeCaptured(captured.gzip);
    const fromJson = await decodeCaptured(captured.json);
    expect(fromProtobuf.rejected).toEqual([]);
    expect(fromProtobuf.spans).toHaveLength(3);
    expect(fromGzip).toEqual(fromProtobuf);
    expect(fromJson).toEqual(fromProtobuf);
  });

  it("keeps ids, parentage, kind, nanosecond times, typed attributes, events, status, scope and resource", async () => {
    const { spans } = await decodeCaptured(captured.protobuf);
    const [chat, tool, root] = byName(spans);
    const sent = new Map(recorded.map((span) => [span.name, span]));
    const rootContext = sent.get("invoke_agent planner")?.spanContext();
    const chatContext = sent.get("chat gpt-4.1")?.spanContext();
    if (!chat || !tool || !root || !rootContext || !chatContext) throw new Error("missing span");

    expect(root).toMatchObject({
      name: "invoke_agent planner",
      traceId: rootContext.traceId,
      spanId: rootContext.spanId,
      parentSpanId: null,
      kind: 1,
      startTimeUnixNano: 1795790003100000000n,
      endTimeUnixNano: 1795790006000000000n,
      status: { code: 0, message: "" },
    });
    expect(chat).toEqual({
      traceId: rootContext.traceId,
      spanId: chatContext.spanId,
      parentSpanId: rootContext.spanId,
      name: "chat gpt-4.1",
      kind: 3,
      startTimeUnixNano: 1795790003610044527n,
      endTimeUnixNano: 1795790005221000001n,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4.1",
        "gen_ai.usage.input_tokens": 2964,
        "gen_ai.request.temperature": 0.2,
        "gen_ai.request.stream": true,
        "gen_ai.response.finish_reasons": ["stop", "length"],
      },
      resourceAttributes: expect.objectContaining({
        "service.name": "trip-planner",
        "deployment.environment.name": "test",
      }),
      scope: { name: "fallom-test", version: "1.2.3" },
      events: [
        {
          name: "gen_ai.choice",
          timeUnixNano: 1795790004000000123n,
          attributes: { "gen_ai.response.finish_reason": "stop", index: 0 },
        },
      ],
      status: { code: 2, message: "429 Rate limit reached for gpt-4.1" },
    });
    expect(tool).toMatchObject({
      name: "execute_tool search_trains",
      parentSpanId: rootContext.spanId,
      attributes: { "gen_ai.tool.name": "search_trains" },
      startTimeUnixNano: 1795790005300000000n,
      endTimeUnixNano: 1795790005412500000n,
    });
  });
});
