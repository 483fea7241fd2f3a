/**
 * The additive sums of one metric rollup row (per hour × dimension value): the same fields in the
 * stored row (schema.ts), the pending delta (rollup-changes.ts) and the read-side accumulator
 * (metrics-from-rollups.ts), so a column added to one cannot be forgotten in the others.
 */
export interface MetricSums {
  calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  priced_calls: number;
  unpriced_calls: number;
}

/** All sums at zero, the start of an accumulator or a delta. */
export const emptyMetricSums = (): MetricSums => ({
  calls: 0,
  errors: 0,
  input_tokens: 0,
  output_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0,
  priced_calls: 0,
  unpriced_calls: 0,
});
