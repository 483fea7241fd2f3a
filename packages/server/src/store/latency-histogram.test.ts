import { describe, expect, test } from "vitest";
import {
  addToHistogram,
  binOf,
  binValue,
  HISTOGRAM_RATIO,
  type Histogram,
  histogramPercentiles,
  mergeHistogram,
  mergeHistogramText,
  parseHistogram,
  stringifyHistogram,
} from "./latency-histogram.js";

/** percentile_cont over sorted values. */
function exact(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const lowValue = sorted[low] as number;
  const highValue = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return lowValue + (position - low) * (highValue - lowValue);
}

describe("latency histograms", () => {
  test("every value lies in its bin, whose middle is within the documented bound", () => {
    const bound = Math.sqrt(HISTOGRAM_RATIO) - 1;
    for (const value of [0.1000001, 0.5, 1, 1.05, 7, 99.999, 1_000, 12_345.6, 3_600_000]) {
      const bin = binOf(value);
      expect(bin).toBeGreaterThan(0);
      expect(0.1 * HISTOGRAM_RATIO ** (bin - 1)).toBeLessThan(value * (1 + 1e-9));
      expect(0.1 * HISTOGRAM_RATIO ** bin).toBeGreaterThanOrEqual(value * (1 - 1e-9));
      expect(Math.abs(binValue(bin) - value)).toBeLessThanOrEqual(value * bound * (1 + 1e-9));
    }
    expect([binOf(0), binOf(-3), binOf(0.1)]).toEqual([0, 0, 0]);
  });

  test("percentiles follow percentile_cont within 2.5 % on skewed data", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const values: number[] = [];
    const histogram: Histogram = new Map();
    for (let i = 0; i < 5_000; i += 1) {
      // Log-normal-ish latencies from ~20 ms to ~20 s.
      const value = Math.exp(3 + next() * 7);
      values.push(value);
      addToHistogram(histogram, binOf(value), 1);
    }
    values.sort((a, b) => a - b);
    const fractions = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1];
    const estimates = histogramPercentiles(histogram, fractions);
    for (const [index, fraction] of fractions.entries()) {
      const truth = exact(values, fraction);
      expect(Math.abs((estimates[index] as number) - truth) / truth).toBeLessThanOrEqual(0.0247);
    }
  });

  test("sparse JSON round trip drops empty bins; an empty histogram has no percentiles", () => {
    const histogram: Histogram = new Map();
    addToHistogram(histogram, 3, 2);
    addToHistogram(histogram, 9, 1);
    addToHistogram(histogram, 9, -1);
    expect(stringifyHistogram(histogram)).toBe('{"3":2}');
    expect(parseHistogram('{"3":2,"4":0}')).toEqual(new Map([[3, 2]]));
    expect(histogramPercentiles(new Map(), [0.5])).toEqual([null]);
  });

  test("merging stored text equals parse-then-merge, for the compact form and any other JSON spelling", () => {
    const base = (): Histogram =>
      new Map([
        [3, 2],
        [40, 1],
      ]);
    const texts = [
      stringifyHistogram(
        new Map([
          [0, 4],
          [3, 1],
          [171, 12],
          [1234, 7],
        ]),
      ),
      '{"3":-2,"9":5}',
      "{}",
      "",
      '{ "3": 1, "8": 2 }',
      '{"7":1e2}',
      '{"7":1,}',
      '{"x":1}',
    ];
    for (const text of texts) {
      const expected = base();
      let parsed: Histogram | undefined;
      try {
        parsed = parseHistogram(text);
      } catch {
        parsed = undefined;
      }
      if (parsed === undefined) {
        // Malformed text fails the same way on both paths, having merged nothing.
        const into = base();
        expect(() => mergeHistogramText(into, text)).toThrow();
        expect(into).toEqual(base());
        continue;
      }
      mergeHistogram(expected, parsed);
      const into = base();
      mergeHistogramText(into, text);
      expect(into, text).toEqual(expected);
    }
  });
});
