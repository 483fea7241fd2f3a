import { describe, expect, it } from "vitest";
import { parseTimestampMicros } from "./parse-timestamp-micros.js";

/** µs since the epoch of a ms-precision ISO date, computed independently of the code under test. */
function micros(iso: string): number {
  return Date.parse(iso) * 1000;
}

describe("parseTimestampMicros", () => {
  it("keeps the µs digits that Date.parse drops", () => {
    expect(parseTimestampMicros("2026-11-19T21:17:02.508123+00:00")).toBe(
      micros("2026-11-19T21:17:02.508Z") + 123,
    );
  });

  it("applies zone offsets and reads a missing zone as UTC", () => {
    expect(parseTimestampMicros("2026-11-19T23:17:02.5+02:00")).toBe(micros("2026-11-19T21:17:02.500Z"));
    expect(parseTimestampMicros("2026-11-19T16:47:02-0430")).toBe(micros("2026-11-19T21:17:02.000Z"));
    expect(parseTimestampMicros("2026-11-19T21:17:02.508")).toBe(micros("2026-11-19T21:17:02.508Z"));
  });

  it("truncates digits below the µs", () => {
    expect(parseTimestampMicros("2026-11-19T21:17:02.123456789Z")).toBe(
      micros("2026-11-19T21:17:02.123Z") + 456,
    );
  });

  it("rejects what is not an ISO-8601 date-time", () => {
    expect(parseTimestampMicros("yesterday")).toBeNull();
    expect(parseTimestampMicros("2026-02-31T00:00:00Z")).toBeNull();
    expect(parseTimestampMicros("2026-03-01T25:00:00Z")).toBeNull();
    expect(parseTimestampMicros(1795123022508)).toBeNull();
  });
});
