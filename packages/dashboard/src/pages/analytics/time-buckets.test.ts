import { describe, expect, it } from "vitest";
import type { MetricRow } from "../../api/types.js";
import { alignRows, bucketStartMs, bucketStarts } from "./time-buckets.js";

const row = (group: string, count: number): MetricRow => ({
  group,
  count,
  errors: 0,
  duration_ms_p50: null,
  duration_ms_p95: null,
  duration_ms_p99: null,
  ttft_ms_p50: null,
  ttft_ms_p95: null,
  input_tokens: null,
  output_tokens: null,
  cache_read_tokens: null,
  cache_write_tokens: null,
  reasoning_tokens: null,
  cost_usd: null,
  unpriced_count: 0,
});

describe("time buckets", () => {
  it("reads the API's day and hour group names as UTC", () => {
    expect(bucketStartMs("2026-11-20")).toBe(Date.UTC(2026, 10, 20));
    expect(bucketStartMs("2026-11-20T10:00:00Z")).toBe(Date.UTC(2026, 10, 20, 10));
  });

  it("fills empty buckets between rows with the empty value", () => {
    const from = Date.UTC(2026, 10, 20, 9, 30);
    const starts = bucketStarts(from, Date.UTC(2026, 10, 20, 12), "hour");
    expect(starts).toEqual([9, 10, 11, 12].map((h) => Date.UTC(2026, 10, 20, h)));
    expect(alignRows(starts, [row("2026-11-20T10:00:00Z", 4)], (r) => r.count, 0)).toEqual([0, 4, 0, 0]);
  });
});
