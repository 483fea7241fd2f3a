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

const QUOTE = 34;
const COLON = 58;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Bin, count, bin, count… of the text being read; reused so a merge allocates nothing. */
const scratch: number[] = [];

/**
 * Reads `{"<bin>":<count>,…}` exactly as {@link stringifyHistogram} writes it into `scratch`;
 * false for any other spelling (nothing has been merged yet then).
 */
function scanCompact(text: string): boolean {
  scratch.length = 0;
  const end = text.length - 1;
  if (text.charCodeAt(0) !== OPEN_BRACE || text.charCodeAt(end) !== CLOSE_BRACE) return false;
  let i = 1;
  while (i < end) {
    if (text.charCodeAt(i) !== QUOTE) return false;
    let code = text.charCodeAt(++i);
    if (code < ZERO || code > NINE) return false;
    let bin = 0;
    while (code >= ZERO && code <= NINE) {
      bin = bin * 10 + (code - ZERO);
      code = text.charCodeAt(++i);
    }
    if (code !== QUOTE || text.charCodeAt(i + 1) !== COLON) return false;
    i += 2;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    code = text.charCodeAt(i);
    if (code < ZERO || code > NINE) return false;
    let count = 0;
    while (code >= ZERO && code <= NINE) {
      count = count * 10 + (code - ZERO);
      code = text.charCodeAt(++i);
    }
    if (code === COMMA && i + 1 < end) i++;
    else if (i !== end) return false;
    scratch.push(bin, negative ? -count : count);
  }
  return true;
}

/**
 * Adds the histogram stored as `text` into `into`, like `mergeHistogram(into, parseHistogram(text))`
 * but without the intermediate object and map: the metrics reads merge thousands of hourly rows per
 * request, and parsing was most of their time. Any other JSON spelling (spaces, exponents, a
 * database that reformats JSON) goes through `JSON.parse`.
 */
export function mergeHistogramText(into: Histogram, text: string | null | undefined): void {
  if (!text || text === "{}") return;
  if (!scanCompact(text)) {
    mergeHistogram(into, parseHistogram(text));
    return;
  }
  for (let i = 0; i < scratch.length; i += 2) {
    const count = scratch[i + 1] as number;
    if (count !== 0) addToHistogram(into, scratch[i] as number, count);
  }
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
