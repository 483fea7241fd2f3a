import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from "@opentelemetry/api";
import { TraceState } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { encodeTraceRequest } from "./encode-trace-request.js";

/** Real SDK spans, collected as the export processor receives them. */
function collectSpans(make: (provider: BasicTracerProvider) => void): ReadableSpan[] {
  const spans: ReadableSpan[] = [];
  const collector: SpanProcessor = {
    onStart() {},
    onEnd: (span) => spans.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": "encode-test",
      "telemetry.sdk.name": "@fallom/trace",
    }),
    spanLimits: { attributeCountLimit: 1024, attributeValueLengthLimit: Number.POSITIVE_INFINITY },
    spanProcessors: [collector],
  });
  make(provider);
  return spans;
}

function expectSameBytes(spans: ReadableSpan[]): void {
  const ours = encodeTraceRequest(spans);
  const reference = ProtobufTraceSerializer.serializeRequest(spans);
  expect(reference).toBeDefined();
  expect(Buffer.from(ours).equals(Buffer.from(reference as Uint8Array))).toBe(true);
}

describe("encodeTraceRequest", () => {
  it("writes the same bytes as OTel's ProtobufTraceSerializer for every attribute type", () => {
    const spans = collectSpans((provider) => {
      const tracer = provider.getTracer("@fallom/trace", "0.3.0");
      const parent = tracer.startSpan("parent", { kind: SpanKind.CLIENT });
      const child = tracer.startSpan("chat.completions.create", {}, trace.setSpan(ROOT_CONTEXT, parent));
      child.setAttributes({
        "fallom.session_id": "s-1",
        "gen_ai.request.temperature": 0.7,
        "gen_ai.usage.input_tokens": 120,
        "big.int": 2 ** 40 + 3,
        "negative.int": -5,
        "negative.big": -(2 ** 45),
        "huge.double": 2 ** 70,
        "not.finite": Number.NaN,
        "gen_ai.request.stream": true,
        "flag.off": false,
        "fallom.tool_names": ["get_weather", "search"],
        "numbers.list": [1, 2.5, -3],
        "bools.list": [true, false],
        "unicode.text": "héllo wörld — 你好 🌍",
        "lone.surrogate": "a\uD800b",
        "long.ascii": "x".repeat(300),
        "long.unicode": "é".repeat(5000),
        "empty.string": "",
      });
      child.addEvent("first-chunk", { "chunk.index": 1 });
      child.setStatus({ code: SpanStatusCode.ERROR, message: "HTTP 500: upstream failed" });
      child.end();
      parent.setStatus({ code: SpanStatusCode.OK });
      parent.end();
    });
    expect(spans).toHaveLength(2);
    expectSameBytes(spans);
  });

  it("matches for links, trace state, remote parents and large batches", () => {
    const spans = collectSpans((provider) => {
      const tracer = provider.getTracer("other-scope");
      const remote = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
        traceState: new TraceState("vendor=abc"),
      });
      const linked = tracer.startSpan(
        "linked",
        {
          links: [
            {
              context: {
                traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
                spanId: "00f067aa0ba902b7",
                traceFlags: TraceFlags.NONE,
              },
              attributes: { "link.kind": "follows" },
            },
          ],
        },
        remote,
      );
      linked.end();
      const scoped = provider.getTracer("@fallom/trace", "0.3.0");
      for (let i = 0; i < 600; i++) {
        const span = scoped.startSpan(`span-${i}`);
        span.setAttribute(
          "fallom.raw.request",
          JSON.stringify({ messages: [{ role: "user", content: "q".repeat(i) }] }),
        );
        span.end();
      }
    });
    expect(spans).toHaveLength(601);
    expectSameBytes(spans);
  });

  it("encodes an empty batch as an empty request", () => {
    expect(encodeTraceRequest([])).toHaveLength(0);
  });
});
