/**
 * Turns `/api/v1/metrics?group_by=day|hour` rows into evenly spaced chart points, with empty
 * buckets between them (0 calls is a real zero; a percentile of nothing stays null).
 */
import type { MetricRow } from "../../api/types.js";

export type Bucket = "hour" | "day";

const STEP_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };

/** `2026-11-20` or `2026-11-20T10:00:00Z` → epoch ms (UTC). */
export function bucketStartMs(group: string): number {
  return Date.parse(group.length === 10 ? `${group}T00:00:00Z` : group);
}

/** Every bucket start from `fromMs` to `toMs`, in ms, aligned to UTC. */
export function bucketStarts(fromMs: number, toMs: number, bucket: Bucket): number[] {
  const step = STEP_MS[bucket];
  const out: number[] = [];
  for (let t = Math.floor(fromMs / step) * step; t <= toMs; t += step) out.push(t);
  return out;
}

/** `pick` of each bucket's row, `empty` where a bucket has no row. */
export function alignRows(
  starts: number[],
  rows: MetricRow[],
  pick: (row: MetricRow) => number | null,
  empty: number | null,
): Array<number | null> {
  const byStart = new Map(rows.map((row) => [bucketStartMs(String(row.group)), row]));
  return starts.map((start) => {
    const row = byStart.get(start);
    return row ? pick(row) : empty;
  });
}
