/**
 * The direct message reading must agree with the reference reading of the same bytes
 * (`toObject` → OTLP/JSON shape → `convertOtlpRequest`) on every span, every rejection and every
 * attribute value, including fields sent at their default and malformed members.
 */
import { describe, expect, it } from "vitest";
import { convertOtlpRequest } from "./decode-otlp-json.js";
import { convertOtlpMessage } from "./decode-otlp-message.js";
import { decodeOtlpProtobuf, loadOtlpSchema, protobufToOtlpObject } from "./decode-otlp-protobuf.js";

const hex = (value: string) => Buffer.from(value, "hex");
const TRACE = hex("5b8efff798038103d269b633813fc60c");

function encode(request: Record<string, unknown>): Uint8Array {
  const { exportRequest } = loadOtlpSchema();
  return exportRequest.encode(exportRequest.fromObject(request)).finish();
}

/** Both readings of the bytes. */
function readBoth(bytes: Uint8Array) {
  const { exportRequest } = loadOtlpSchema();
  return {
    direct: convertOtlpMessage(exportRequest.decode(bytes) as unknown as Record<string, unknown>),
    reference: convertOtlpRequest(protobufToOtlpObject(bytes)),
  };
}

const span = (overrides: Record<string, unknown>) => ({
  traceId: TRACE,
  spanId: hex("eee19b7ec3c1b174"),
  name: "chat",
  startTimeUnixNano: "1795790003610044527",
  ...overrides,
});

const cases: Array<[string, Record<string, unknown>]> = [
  ["an empty request", {}],
  ["a resource without scopes and a scope without spans", { resourceSpans: [{}, { scopeSpans: [{}] }] }],
  [
    "every AnyValue kind, nested, with int64 beyond 2^53 and a repeated key",
    {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeSpans: [
            {
              scope: { name: "s", version: "1" },
              spans: [
                span({
                  parentSpanId: hex("eee19b7ec3c1b173"),
                  kind: 3,
                  endTimeUnixNano: "1795790005221000001",
                  attributes: [
                    { key: "s", value: { stringValue: "text" } },
                    { key: "empty", value: { stringValue: "" } },
                    { key: "b", value: { boolValue: true } },
                    { key: "f", value: { boolValue: false } },
                    { key: "i", value: { intValue: 2964 } },
                    { key: "neg", value: { intValue: "-9007199254740993" } },
                    { key: "max", value: { intValue: "9223372036854775807" } },
                    { key: "d", value: { doubleValue: 0.25 } },
                    { key: "nan", value: { doubleValue: Number.NaN } },
                    { key: "inf", value: { doubleValue: Number.POSITIVE_INFINITY } },
                    { key: "bytes", value: { bytesValue: Buffer.from([0xde, 0xad, 0xbe, 0xef]) } },
                    { key: "no-bytes", value: { bytesValue: Buffer.alloc(0) } },
                    {
                      key: "list",
                      value: { arrayValue: { values: [{ intValue: 1 }, {}, { stringValue: "x" }] } },
                    },
                    { key: "empty-list", value: { arrayValue: {} } },
                    {
                      key: "kv",
                      value: {
                        kvlistValue: { values: [{ key: "k", value: { kvlistValue: { values: [] } } }] },
                      },
                    },
                    { key: "unset" },
                    { key: "no-member", value: {} },
                    { value: { stringValue: "keyless" } },
                    { key: "s", value: { stringValue: "second wins" } },
                  ],
                  events: [
                    {
                      name: "e",
                      timeUnixNano: "1795790004000000123",
                      attributes: [{ key: "a", value: { intValue: 1 } }],
                    },
                    { name: "no time" },
                    {},
                  ],
                  status: { code: 2, message: "rate limited" },
                }),
              ],
            },
          ],
        },
      ],
    },
  ],
  [
    "defaults: no scope, no status, kind 0, no end time, empty parent",
    { resourceSpans: [{ scopeSpans: [{ spans: [span({ parentSpanId: Buffer.alloc(0) })] }] }] },
  ],
  [
    "rejections among good spans, counted across resources and scopes",
    {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                span({ traceId: Buffer.alloc(16) }),
                span({}),
                span({ spanId: hex("eee19b7e") }),
                span({ traceId: undefined }),
              ],
            },
          ],
        },
        {
          scopeSpans: [
            { spans: [span({ startTimeUnixNano: undefined }), span({ parentSpanId: hex("00000000") })] },
            { spans: [span({ parentSpanId: Buffer.alloc(8) }), span({ spanId: Buffer.alloc(0) })] },
          ],
        },
      ],
    },
  ],
  [
    "an unknown span kind and status code",
    { resourceSpans: [{ scopeSpans: [{ spans: [span({ kind: 9, status: { code: 7 } })] }] }] },
  ],
];

describe("convertOtlpMessage", () => {
  it.each(cases)("reads %s exactly as the reference path does", (_label, request) => {
    const { direct, reference } = readBoth(encode(request));
    expect(direct).toEqual(reference);
  });

  it("reads the spans and rejections a correct reading must give (not merely what the reference gives)", () => {
    const rejections = cases[4]?.[1] as Record<string, unknown>;
    const { direct } = readBoth(encode(rejections));
    expect(direct.spans.map((s) => s.parentSpanId)).toEqual([null, null]);
    expect(direct.rejected.map((r) => r.index)).toEqual([0, 2, 3, 4, 5, 7]);
    expect(direct.rejected[0]?.reason).toBe("traceId is all zeros, which OTLP defines as invalid");
    expect(direct.rejected[3]?.reason).toBe("startTimeUnixNano is missing or zero");

    const kinds = cases[2]?.[1] as Record<string, unknown>;
    const [only] = readBoth(encode(kinds)).direct.spans;
    expect(only?.attributes).toMatchObject({
      s: "second wins",
      empty: "",
      neg: "-9007199254740993",
      max: "9223372036854775807",
      nan: null,
      bytes: "3q2+7w==",
      "no-bytes": "",
      list: [1, null, "x"],
      "empty-list": [],
      kv: { k: {} },
      unset: null,
      "no-member": null,
    });
    expect(only?.startTimeUnixNano).toBe(1795790003610044527n);
    expect(only?.events.map((e) => e.timeUnixNano)).toEqual([1795790004000000123n, 0n, 0n]);
    expect(only?.status).toEqual({ code: 2, message: "rate limited" });
  });

  it("is what decodeOtlpProtobuf returns", () => {
    const bytes = encode(cases[2]?.[1] as Record<string, unknown>);
    expect(decodeOtlpProtobuf(bytes)).toEqual(readBoth(bytes).reference);
  });
});
