import { describe, expect, it } from "vitest";
import { convertAnyValue, convertOtlpRequest, OtlpFormatError } from "./decode-otlp-json.js";

const TRACE_ID = "5b8efff798038103d269b633813fc60c";
const SPAN_ID = "eee19b7ec3c1b174";

function request(spans: unknown[], resourceAttributes: unknown[] = []) {
  return {
    resourceSpans: [
      { resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: { name: "s" }, spans }] },
    ],
  };
}

function span(overrides: Record<string, unknown> = {}) {
  return {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    name: "chat",
    startTimeUnixNano: "1700000000000000001",
    ...overrides,
  };
}

describe("convertOtlpRequest", () => {
  it("treats {} and an empty resourceSpans list as a request without spans", () => {
    expect(convertOtlpRequest({})).toEqual({ spans: [], rejected: [] });
    expect(convertOtlpRequest({ resourceSpans: [] })).toEqual({ spans: [], rejected: [] });
  });

  it("throws OtlpFormatError for a body that is not an object", () => {
    for (const body of [null, "text", 42, [], true]) {
      expect(() => convertOtlpRequest(body)).toThrow(OtlpFormatError);
    }
    expect(() => convertOtlpRequest([])).toThrow(
      /must be a JSON object with a "resourceSpans" array; got an array/,
    );
  });

  it("throws OtlpFormatError naming the field when resourceSpans is not an array", () => {
    expect(() => convertOtlpRequest({ resourceSpans: {} })).toThrow(
      /"resourceSpans" must be an array; got an object/,
    );
    expect(() => convertOtlpRequest({ resourceSpans: [{ scopeSpans: "x" }] })).toThrow(OtlpFormatError);
  });

  it("converts a span with its resource, scope, events and status", () => {
    const { spans, rejected } = convertOtlpRequest(
      request(
        [
          span({
            parentSpanId: "1111111111111111",
            kind: 3,
            endTimeUnixNano: "1700000000500000001",
            attributes: [{ key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } }],
            events: [
              {
                name: "exception",
                timeUnixNano: "1700000000100000000",
                attributes: [{ key: "exception.message", value: { stringValue: "boom" } }],
              },
            ],
            status: { code: 2, message: "failed" },
          }),
        ],
        [{ key: "service.name", value: { stringValue: "api" } }],
      ),
    );
    expect(rejected).toEqual([]);
    expect(spans).toEqual([
      {
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        parentSpanId: "1111111111111111",
        name: "chat",
        kind: 3,
        startTimeUnixNano: 1700000000000000001n,
        endTimeUnixNano: 1700000000500000001n,
        attributes: { "gen_ai.request.model": "gpt-4o" },
        resourceAttributes: { "service.name": "api" },
        scope: { name: "s", version: "" },
        events: [
          {
            name: "exception",
            timeUnixNano: 1700000000100000000n,
            attributes: { "exception.message": "boom" },
          },
        ],
        status: { code: 2, message: "failed" },
      },
    ]);
  });

  it("lower-cases uppercase hex ids", () => {
    const { spans } = convertOtlpRequest(
      request([
        span({
          traceId: TRACE_ID.toUpperCase(),
          spanId: SPAN_ID.toUpperCase(),
          parentSpanId: "ABCDEF0123456789",
        }),
      ]),
    );
    expect(spans[0]).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, parentSpanId: "abcdef0123456789" });
  });

  it("accepts snake_case field names and the legacy instrumentationLibrarySpans", () => {
    const { spans } = convertOtlpRequest({
      resource_spans: [
        {
          resource: { attributes: [{ key: "service.name", value: { string_value: "py" } }] },
          instrumentation_library_spans: [
            {
              instrumentation_library: { name: "lib", version: "1.0" },
              spans: [
                {
                  trace_id: TRACE_ID,
                  span_id: SPAN_ID,
                  parent_span_id: "",
                  name: "snake",
                  kind: "SPAN_KIND_CLIENT",
                  start_time_unix_nano: "1700000000000000000",
                  end_time_unix_nano: "0",
                  attributes: [
                    { key: "n", value: { int_value: "12" } },
                    { key: "d", value: { double_value: 0.5 } },
                    { key: "b", value: { bool_value: true } },
                    { key: "a", value: { array_value: { values: [{ string_value: "x" }] } } },
                    {
                      key: "k",
                      value: { kvlist_value: { values: [{ key: "inner", value: { int_value: 3 } }] } },
                    },
                  ],
                  events: [{ name: "e", time_unix_nano: "1700000000000000005", attributes: [] }],
                  status: { code: "STATUS_CODE_ERROR", message: "bad" },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      parentSpanId: null,
      kind: 3,
      endTimeUnixNano: null,
      attributes: { n: 12, d: 0.5, b: true, a: ["x"], k: { inner: 3 } },
      resourceAttributes: { "service.name": "py" },
      scope: { name: "lib", version: "1.0" },
      events: [{ name: "e", timeUnixNano: 1700000000000000005n, attributes: {} }],
      status: { code: 2, message: "bad" },
    });
  });

  it("parses timestamps given as JSON numbers and as strings", () => {
    const { spans } = convertOtlpRequest(
      request([span({ startTimeUnixNano: 1794994937318000000, endTimeUnixNano: "1794994944265000000" })]),
    );
    expect(spans[0]?.startTimeUnixNano).toBe(1794994937318000000n);
    expect(spans[0]?.endTimeUnixNano).toBe(1794994944265000000n);
  });

  it("reads an imprecise JSON number by its decimal form, not its binary expansion", () => {
    const body = JSON.parse(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}",` +
        `"startTimeUnixNano":1794471225461837219,"endTimeUnixNano":1794994944265000000,` +
        `"attributes":[{"key":"big","value":{"intValue":9007199254740993000}}]}]}]}]}`,
    );
    const { spans } = convertOtlpRequest(body);
    // The double nearest to …837219 prints as …837300; its binary value is …837312. Producers that
    // send numbers (OpenRouter) send ms precision, whose trailing zeros the decimal form keeps.
    expect(spans[0]?.startTimeUnixNano).toBe(1794471225461837300n);
    expect(spans[0]?.endTimeUnixNano).toBe(1794994944265000000n);
    expect(spans[0]?.attributes.big).toBe("9007199254740993000");
  });

  it("keeps the nanosecond digits of a string timestamp exactly", () => {
    const { spans } = convertOtlpRequest(request([span({ startTimeUnixNano: "1794471225461837219" })]));
    expect(spans[0]?.startTimeUnixNano).toBe(1794471225461837219n);
  });

  it("accepts protobufjs Long timestamps", () => {
    const nanos = 1700000000000000001n;
    const long = { low: Number(nanos & 0xffffffffn) | 0, high: Number(nanos >> 32n) | 0, unsigned: false };
    const { spans } = convertOtlpRequest(request([span({ startTimeUnixNano: long })]));
    expect(spans[0]?.startTimeUnixNano).toBe(nanos);
  });

  it("rejects bad spans with a readable reason and keeps the others", () => {
    const { spans, rejected } = convertOtlpRequest(
      request([
        span({ spanId: "0000000000000000" }),
        span({ spanId: "aaaaaaaaaaaaaaab" }),
        span({ traceId: "00000000000000000000000000000000" }),
        span({ traceId: "abc" }),
        span({ spanId: "zzzzzzzzzzzzzzzz" }),
        span({ parentSpanId: "1234" }),
        span({ startTimeUnixNano: "0" }),
        span({ startTimeUnixNano: undefined }),
        span({ startTimeUnixNano: "soon" }),
        "not a span",
      ]),
    );
    expect(spans.map((kept) => kept.spanId)).toEqual(["aaaaaaaaaaaaaaab"]);
    expect(rejected).toEqual([
      { index: 0, reason: "spanId is all zeros, which OTLP defines as invalid" },
      { index: 2, reason: "traceId is all zeros, which OTLP defines as invalid" },
      { index: 3, reason: 'traceId "abc" must be 32 hex characters, got 3' },
      { index: 4, reason: 'spanId "zzzzzzzzzzzzzzzz" is not hexadecimal' },
      { index: 5, reason: 'parentSpanId "1234" must be 16 hex characters, got 4' },
      { index: 6, reason: "startTimeUnixNano is missing or zero" },
      { index: 7, reason: "startTimeUnixNano is missing or zero" },
      { index: 8, reason: "startTimeUnixNano is not a non-negative integer" },
      { index: 9, reason: "span is a string, not an object" },
    ]);
  });

  it("counts rejected span indexes across resources and scopes", () => {
    const { rejected } = convertOtlpRequest({
      resourceSpans: [
        { scopeSpans: [{ spans: [span()] }, { spans: [span()] }] },
        { scopeSpans: [{ spans: [span({ spanId: "" })] }] },
      ],
    });
    expect(rejected).toEqual([{ index: 2, reason: "spanId is missing" }]);
  });

  it("treats an all-zero parent id as a root span", () => {
    const { spans } = convertOtlpRequest(request([span({ parentSpanId: "0000000000000000" })]));
    expect(spans[0]?.parentSpanId).toBeNull();
  });

  it("reads status codes given as numbers or enum names", () => {
    const { spans } = convertOtlpRequest(
      request([
        span({ status: { code: "STATUS_CODE_OK" } }),
        span({ status: { code: 2 } }),
        span({ status: {} }),
      ]),
    );
    expect(spans.map((kept) => kept.status)).toEqual([
      { code: 1, message: "" },
      { code: 2, message: "" },
      { code: 0, message: "" },
    ]);
  });
});

describe("convertAnyValue", () => {
  it("turns an int64 into a number when it is a safe integer, from a number or a string", () => {
    expect(convertAnyValue({ intValue: 7342 })).toBe(7342);
    expect(convertAnyValue({ intValue: "18756" })).toBe(18756);
    expect(convertAnyValue({ intValue: "-5" })).toBe(-5);
  });

  it("keeps an int64 beyond 2^53 as an exact decimal string", () => {
    expect(convertAnyValue({ intValue: "9007199254740993" })).toBe("9007199254740993");
    expect(convertAnyValue({ intValue: "-9223372036854775808" })).toBe("-9223372036854775808");
  });

  it("converts doubles, booleans, bytes, arrays and kvlists", () => {
    expect(convertAnyValue({ doubleValue: 0.35 })).toBe(0.35);
    expect(convertAnyValue({ doubleValue: "1.5" })).toBe(1.5);
    expect(convertAnyValue({ doubleValue: "NaN" })).toBeNull();
    expect(convertAnyValue({ boolValue: false })).toBe(false);
    expect(convertAnyValue({ bytesValue: "AQID" })).toBe("AQID");
    expect(convertAnyValue({ bytesValue: new Uint8Array([1, 2, 3]) })).toBe("AQID");
    expect(convertAnyValue({ arrayValue: { values: [{ stringValue: "a" }, { intValue: "2" }] } })).toEqual([
      "a",
      2,
    ]);
    expect(convertAnyValue({ arrayValue: {} })).toEqual([]);
    expect(
      convertAnyValue({
        kvlistValue: {
          values: [
            { key: "nested", value: { kvlistValue: { values: [{ key: "x", value: { boolValue: true } }] } } },
          ],
        },
      }),
    ).toEqual({ nested: { x: true } });
  });

  it("maps an empty value to null", () => {
    expect(convertAnyValue({})).toBeNull();
    expect(convertAnyValue(undefined)).toBeNull();
  });
});
