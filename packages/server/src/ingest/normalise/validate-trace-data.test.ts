import { describe, expect, it } from "vitest";
import { normaliseTraceData } from "./normalise-trace-data.js";
import { fixtureJson as fixture } from "./test-support/native-fixtures.js";
import { validateTraceData } from "./validate-trace-data.js";

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
