/**
 * Log-spaced latency histograms for the metric rollups (docs/decisions/004-metric-rollups.md).
 * Bin 0 holds every value ≤ 0.1 ms; bin b ≥ 1 holds (0.1·1.05^(b-1), 0.1·1.05^b]. A percentile
 * read from the bins is off by at most 2.5 % of the true value (or 0.1 ms below 0.1 ms), because
 * each order statistic is replaced by the geometric middle of its bin.
 */

/** Width ratio of one bin. */
export const HISTOGRAM_RATIO = 1.05;
/** Upper edge of bin 0, ms. */
const FLOOR_MS = 0.1;
const LOG_RATIO = Math.log(HISTOGRAM_RATIO);

/** Sparse histogram: bin → count (counts may go negative inside a delta). */
export type Histogram = Map<number, number>;

/** The bin of a value in ms. */
export function binOf(ms: number): number {
  if (!(ms > FLOOR_MS)) return 0;
  return Math.max(1, Math.ceil(Math.log(ms / FLOOR_MS) / LOG_RATIO - 1e-9));
}

/** The value a bin stands for: its geometric middle (bin 0: half its upper edge). */
export function binValue(bin: number): number {
  return bin === 0 ? FLOOR_MS / 2 : FLOOR_MS * HISTOGRAM_RATIO ** (bin - 0.5);
}

export function addToHistogram(histogram: Histogram, bin: number, count: number): void {
  const next = (histogram.get(bin) ?? 0) + count;
  if (next === 0) histogram.delete(bin);
  else histogram.set(bin, next);
}

export function mergeHistogram(into: Histogram, from: Histogram, sign = 1): void {
  for (const [bin, count] of from) addToHistogram(into, bin, sign * count);
}

/** `{"12": 3, …}` ⇄ Map. */
export function parseHistogram(text: string | null | undefined): Histogram {
  const out: Histogram = new Map();
  if (!text) return out;
  for (const [bin, count] of Object.entries(JSON.parse(text) as Record<string, number>))
    if (count !== 0) out.set(Number(bin), count);
  return out;
}

export function stringifyHistogram(histogram: Histogram): string {
  const bins = [...histogram.entries()].filter(([, count]) => count !== 0).sort((a, b) => a[0] - b[0]);
  return JSON.stringify(Object.fromEntries(bins));
}

/**
 * Estimated percentiles with `percentile_cont` semantics (linear interpolation between the two
 * nearest ranks), each rank's value taken as its bin's middle. Null for an empty histogram.
 */
export function histogramPercentiles(
  histogram: Histogram,
  fractions: readonly number[],
): Array<number | null> {
  const bins = [...histogram.entries()].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = bins.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return fractions.map(() => null);
  const valueAtRank = (rank: number): number => {
    let seen = 0;
    for (const [bin, count] of bins) {
      seen += count;
      if (rank < seen) return binValue(bin);
    }
    return binValue((bins.at(-1) as [number, number])[0]);
  };
  return fractions.map((fraction) => {
    const position = fraction * (total - 1);
    const low = Math.floor(position);
    const lowValue = valueAtRank(low);
    const highValue = low + 1 < total ? valueAtRank(low + 1) : lowValue;
    return lowValue + (position - low) * (highValue - lowValue);
  });
}
