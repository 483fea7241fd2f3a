import { describe, expect, it } from "vitest";
import { loadOtlpFixture } from "./test-support/load-otlp-fixture.js";

describe("invalid OTLP fixtures", () => {
  it("rejects the zero span id and keeps the valid span of the same trace", () => {
    const fixture = loadOtlpFixture("invalid/otlp-zero-span-id.json");
    expect(fixture.decoded.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/spanId.*zero/) }]);
    expect(fixture.records).toHaveLength(1);
    expect(fixture.span("a7f8cbd03e4daff5")).toMatchObject({
      trace_id: "c45100665994f5368ab30ea72072282a",
      input_tokens: 812,
      output_tokens: 67,
      total_tokens: 879,
      config_key: "invoice-bot",
      session_id: "inv-sess-7731",
      customer_id: null,
      provider: "openai",
      model: "gpt-4.1-mini",
      kind: "llm",
    });
  });

  it("rejects a 30-hex trace id and stores nothing", () => {
    const fixture = loadOtlpFixture("invalid/otlp-wrong-length-trace-id.json");
    expect(fixture.records).toEqual([]);
    expect(fixture.decoded.rejected).toEqual([
      { index: 0, reason: expect.stringMatching(/traceId "2eab60fca116af4710f7ed6c03a6ae" must be 32 hex/) },
    ]);
  });
});
