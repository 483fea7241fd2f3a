import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeOtlpProtobuf,
  loadOtlpSchema,
  OtlpDecodeError,
  protobufToOtlpObject,
} from "./decode-otlp-protobuf.js";

const TRACE_ID = "5b8efff798038103d269b633813fc60c";
const SPAN_ID = "eee19b7ec3c1b174";
const PARENT_ID = "eee19b7ec3c1b173";
const LINKED_SPAN_ID = "00f067aa0ba902b7";

const hex = (value: string) => Buffer.from(value, "hex");

/** Encodes a request the way any protobuf OTLP exporter would, via the vendored schema. */
function encodeRequest(request: Record<string, unknown>): Uint8Array {
  const { exportRequest } = loadOtlpSchema();
  return exportRequest.encode(exportRequest.fromObject(request)).finish();
}

const request = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "trip-planner" } }] },
      scopeSpans: [
        {
          scope: { name: "fallom", version: "2.0.0" },
          spans: [
            {
              traceId: hex(TRACE_ID),
              spanId: hex(SPAN_ID),
              parentSpanId: hex(PARENT_ID),
              name: "chat gpt-4.1",
              kind: 3,
              // Above 2^53: a lossy number would end in …4500 or …4600, not …4527.
              startTimeUnixNano: "1795790003610044527",
              endTimeUnixNano: "1795790005221000001",
              attributes: [
                { key: "gen_ai.usage.input_tokens", value: { intValue: 2964 } },
                { key: "big", value: { intValue: "-9007199254740993" } },
                { key: "zero", value: { intValue: 0 } },
                { key: "no", value: { boolValue: false } },
                { key: "blob", value: { bytesValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]) } },
                {
                  key: "nested",
                  value: {
                    kvlistValue: {
                      values: [{ key: "k", value: { arrayValue: { values: [{ doubleValue: 0.5 }] } } }],
                    },
                  },
                },
              ],
              events: [{ timeUnixNano: "1795790004000000123", name: "gen_ai.choice", attributes: [] }],
              links: [{ traceId: hex(TRACE_ID), spanId: hex(LINKED_SPAN_ID) }],
              status: { code: 2, message: "rate limited" },
            },
          ],
        },
      ],
    },
  ],
};

describe("protobufToOtlpObject", () => {
  it("produces the OTLP/JSON shape: hex ids, int64 as decimal strings, bytes as base64, enums as numbers", () => {
    const plain = protobufToOtlpObject(encodeRequest(request));
    expect(plain).toEqual({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "trip-planner" } }] },
          scopeSpans: [
            {
              scope: { name: "fallom", version: "2.0.0" },
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  parentSpanId: PARENT_ID,
                  name: "chat gpt-4.1",
                  kind: 3,
                  startTimeUnixNano: "1795790003610044527",
                  endTimeUnixNano: "1795790005221000001",
                  attributes: [
                    { key: "gen_ai.usage.input_tokens", value: { intValue: "2964" } },
                    { key: "big", value: { intValue: "-9007199254740993" } },
                    { key: "zero", value: { intValue: "0" } },
                    { key: "no", value: { boolValue: false } },
                    { key: "blob", value: { bytesValue: "3q2+7w==" } },
                    {
                      key: "nested",
                      value: {
                        kvlistValue: {
                          values: [{ key: "k", value: { arrayValue: { values: [{ doubleValue: 0.5 }] } } }],
                        },
                      },
                    },
                  ],
                  events: [{ timeUnixNano: "1795790004000000123", name: "gen_ai.choice" }],
                  links: [{ traceId: TRACE_ID, spanId: LINKED_SPAN_ID }],
                  status: { code: 2, message: "rate limited" },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it("leaves the parent id out for a root span, because proto3 never writes empty bytes", () => {
    const root = structuredClone(request);
    const span = root.resourceSpans[0]?.scopeSpans[0]?.spans[0] as Record<string, unknown>;
    delete span.parentSpanId;
    const plain = protobufToOtlpObject(encodeRequest(root)) as typeof request;
    expect(plain.resourceSpans[0]?.scopeSpans[0]?.spans[0]).not.toHaveProperty("parentSpanId");
  });

  it("decodes an empty body as an empty request (an exporter flushing nothing)", () => {
    expect(protobufToOtlpObject(new Uint8Array(0))).toEqual({});
  });

  it("skips unknown fields instead of failing (SPEC §5.2)", () => {
    // Field 99, wire type 2 (length-delimited), 3 bytes — not in the schema — appended to a valid message.
    const unknownField = Uint8Array.from([0x9a, 0x06, 0x03, 0x61, 0x62, 0x63]);
    const valid = encodeRequest(request);
    const withUnknown = new Uint8Array(valid.length + unknownField.length);
    withUnknown.set(valid);
    withUnknown.set(unknownField, valid.length);
    expect(protobufToOtlpObject(withUnknown)).toEqual(protobufToOtlpObject(valid));
  });

  it("rejects the random-bytes fixture with a message that names the message type and the reason", () => {
    const bytes = readFileSync(new URL("./__fixtures__/invalid/protobuf-random.bin", import.meta.url));
    expect(() => protobufToOtlpObject(bytes)).toThrow(OtlpDecodeError);
    expect(() => protobufToOtlpObject(bytes)).toThrow(
      /not a valid OTLP ExportTraceServiceRequest protobuf message: invalid wire type 7 at offset 1/,
    );
  });

  it("rejects a truncated message", () => {
    const valid = encodeRequest(request);
    expect(() => protobufToOtlpObject(valid.subarray(0, valid.length - 7))).toThrow(OtlpDecodeError);
  });

  it("loads the vendored schema once", () => {
    expect(loadOtlpSchema()).toBe(loadOtlpSchema());
  });
});

describe("decodeOtlpProtobuf", () => {
  it("decodes the spans through the shared OTLP converter", () => {
    const { spans, rejected } = decodeOtlpProtobuf(encodeRequest(request));
    expect(rejected).toEqual([]);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: PARENT_ID,
      name: "chat gpt-4.1",
      kind: 3,
      startTimeUnixNano: 1795790003610044527n,
      endTimeUnixNano: 1795790005221000001n,
      attributes: { "gen_ai.usage.input_tokens": 2964, big: "-9007199254740993", zero: 0, no: false },
      resourceAttributes: { "service.name": "trip-planner" },
      scope: { name: "fallom", version: "2.0.0" },
      events: [{ name: "gen_ai.choice", timeUnixNano: 1795790004000000123n, attributes: {} }],
      status: { code: 2, message: "rate limited" },
    });
  });

  it("rejects only the span with an all-zero id and keeps the others (partial success)", () => {
    const twoSpans = structuredClone(request);
    const scope = twoSpans.resourceSpans[0]?.scopeSpans[0];
    const good = scope?.spans[0];
    if (!scope || !good) throw new Error("fixture shape");
    scope.spans.push({ ...good, spanId: Buffer.alloc(8) });
    const { spans, rejected } = decodeOtlpProtobuf(encodeRequest(twoSpans));
    expect(spans.map((span) => span.spanId)).toEqual([SPAN_ID]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.index).toBe(1);
  });

  it("throws OtlpDecodeError for the random-bytes fixture", () => {
    const bytes = readFileSync(new URL("./__fixtures__/invalid/protobuf-random.bin", import.meta.url));
    expect(() => decodeOtlpProtobuf(bytes)).toThrow(OtlpDecodeError);
  });
});
