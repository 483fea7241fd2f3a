/**
 * Continuous percentiles with linear interpolation between the two nearest ranks: the same
 * definition as PostgreSQL's `percentile_cont`, used by `/api/v1/metrics`, so an experiment's p95
 * equals the metrics endpoint's for the same calls.
 */

/**
 * @example
 * percentile([1, 2, 3, 4], 0.5); // 2.5
 */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = fraction * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (rank - lower);
}
