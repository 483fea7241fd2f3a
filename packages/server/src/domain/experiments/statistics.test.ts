import { describe, expect, test } from "vitest";
import { buildExperimentResult } from "./build-experiment-result.js";
import { checkSampleRatio } from "./check-sample-ratio.js";
import { chiSquarePValue } from "./chi-square-p-value.js";
import { compareMeans } from "./compare-means.js";
import { compareRates } from "./compare-rates.js";
import { compareVariants } from "./compare-variants.js";
import { percentile } from "./percentile.js";
import { summarizeMean } from "./summarize-mean.js";
import { summarizeVariant, type VariantCall } from "./summarize-variant.js";
import { wilsonInterval } from "./wilson-interval.js";

const call = (overrides: Partial<VariantCall> = {}): VariantCall => ({
  session_id: "s",
  status: "OK",
  duration_ms: 1000,
  ttft_ms: null,
  input_tokens: 100,
  output_tokens: 20,
  cost_usd: 0.01,
  cost_status: "computed",
  ...overrides,
});

describe("interval estimates on known numbers", () => {
  test("mean ± 1.96·s/√n", () => {
    const summary = summarizeMean([1, 2, 3, 4]);
    expect(summary.mean).toBe(2.5);
    expect(summary.variance).toBeCloseTo(5 / 3, 12);
    expect(summary.ci_low).toBeCloseTo(1.2348, 4);
    expect(summary.ci_high).toBeCloseTo(3.7652, 4);
    expect(summarizeMean([7])).toEqual({ n: 1, mean: 7, variance: null, ci_low: null, ci_high: null });
    expect(summarizeMean([]).mean).toBeNull();
  });

  test("Wilson intervals", () => {
    const none = wilsonInterval(0, 10);
    expect(none.rate).toBe(0);
    expect(none.ci_low).toBe(0);
    expect(none.ci_high).toBeCloseTo(0.2775, 4);
    const half = wilsonInterval(5, 10);
    expect(half.ci_low).toBeCloseTo(0.2366, 4);
    expect(half.ci_high).toBeCloseTo(0.7634, 4);
    expect(wilsonInterval(0, 0).rate).toBeNull();
  });

  test("percentiles interpolate like percentile_cont", () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBeCloseTo(95.05, 10);
    expect(percentile([], 0.5)).toBeNull();
  });

  test("chi-square upper tail", () => {
    expect(chiSquarePValue(3.841458820694124, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(5.991464547107979, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquarePValue(10, 3)).toBeCloseTo(0.018566, 5);
    expect(chiSquarePValue(0.5, 1)).toBeCloseTo(0.4795, 4);
    expect(chiSquarePValue(36, 1)).toBeCloseTo(1.973e-9, 11);
    expect(chiSquarePValue(0, 4)).toBe(1);
  });
});

describe("sample-ratio check", () => {
  test("a 51/49 split of 10,000 fits 50/50", () => {
    const check = checkSampleRatio([5100, 4900], [0.5, 0.5]);
    expect(check.chi_square).toBeCloseTo(4, 10);
    expect(check.p_value).toBeCloseTo(0.0455, 4);
    expect(check.mismatch).toBe(false);
  });

  test("a 53/47 split of 10,000 is a mismatch", () => {
    const check = checkSampleRatio([5300, 4700], [0.5, 0.5]);
    expect(check.chi_square).toBeCloseTo(36, 10);
    expect(check.mismatch).toBe(true);
    expect(check.message).toMatch(/^Sample ratio mismatch/);
  });

  test("sessions in a 0 % arm are a mismatch; no sessions is not", () => {
    expect(checkSampleRatio([10, 3], [1, 0]).mismatch).toBe(true);
    expect(checkSampleRatio([0, 0], [0.5, 0.5])).toMatchObject({ mismatch: false, p_value: null });
  });
});

describe("comparisons", () => {
  test("relative change of means by the delta method", () => {
    const base = { n: 100, mean: 10, variance: 4, ci_low: 0, ci_high: 0 };
    const variant = { n: 100, mean: 8.2, variance: 4, ci_low: 0, ci_high: 0 };
    const difference = compareMeans(base, variant);
    expect(difference?.relative_change).toBeCloseTo(-0.18, 12);
    // Var of the means 4/100 each; se = √(0.04/10² + 8.2²·0.04/10⁴) = 0.0258643; half-width 1.96 × that.
    expect((difference?.ci_high ?? 0) - (difference?.relative_change ?? 0)).toBeCloseTo(0.050693, 5);
    expect(difference?.significant).toBe(true);
    expect(compareMeans({ ...base, variance: null }, variant)).toBeNull();
  });

  test("difference of error rates", () => {
    const difference = compareRates(wilsonInterval(50, 1000), wilsonInterval(20, 1000));
    expect(difference?.difference).toBeCloseTo(-0.03, 12);
    expect((difference?.ci_high ?? 0) - (difference?.difference ?? 0)).toBeCloseTo(0.016055, 5);
    expect(difference?.significant).toBe(true);
    expect(compareRates(wilsonInterval(0, 10), wilsonInterval(0, 10))?.significant).toBe(false);
  });

  test("the verdict names what differs and what does not", () => {
    const cost = (i: number, mean: number) => mean + (i % 2 === 0 ? 0.001 : -0.001);
    const latency = (i: number) => 900 + (i % 5) * 50;
    const a = summarizeVariant(
      Array.from({ length: 400 }, (_, i) =>
        call({ session_id: `a${i % 40}`, cost_usd: cost(i, 0.01), duration_ms: latency(i) }),
      ),
    );
    const b = summarizeVariant(
      Array.from({ length: 400 }, (_, i) =>
        call({ session_id: `b${i % 40}`, cost_usd: cost(i, 0.0082), duration_ms: latency(i + 1) }),
      ),
    );
    const { verdict, cost_per_call } = compareVariants("B", a, b);
    expect(cost_per_call?.relative_change).toBeCloseTo(-0.18, 10);
    expect(verdict).toMatch(
      /^B is cheaper by 18 % ± \d\.\d %, latency and error rate not significantly different$/,
    );
  });
});

describe("variant summary and experiment result", () => {
  test("counts, unpriced calls, per-session cost and custom metrics", () => {
    const summary = summarizeVariant(
      [
        call({ session_id: "s1", cost_usd: 0.01 }),
        call({ session_id: "s1", cost_usd: 0.03, status: "ERROR" }),
        call({ session_id: "s2", cost_usd: null, cost_status: "unpriced" }),
      ],
      {
        assignedSessions: 5,
        customMetrics: [
          { rating: 4, converted: true, note: "x" },
          { rating: 2, converted: false },
        ],
      },
    );
    expect(summary).toMatchObject({
      sessions: 5,
      sessions_with_calls: 2,
      calls: 3,
      errors: 1,
      unpriced_calls: 1,
    });
    expect(summary.total_cost_usd).toBeCloseTo(0.04, 12);
    expect(summary.cost_per_session_usd).toMatchObject({ n: 1, mean: 0.04 });
    expect(summary.custom_metrics.rating?.mean).toBe(3);
    expect(summary.custom_metrics.converted?.mean).toBe(0.5);
    expect(summary.custom_metrics.note).toBeUndefined();
    expect(summary.input_tokens).toBe(300);
  });

  test("variants in index order, compared with A, the ratio check on configured weights", () => {
    const arm = (index: number | null, weight: number | null, count: number) => ({
      variant_index: index,
      weight,
      describes: { model: `m${index}` },
      calls: Array.from({ length: count }, (_, i) => call({ session_id: `${index}-${i}` })),
      custom_metrics: [],
      ratio_count: count,
    });
    const result = buildExperimentResult([arm(1, 20, 200), arm(null, null, 5), arm(0, 80, 800)]);
    expect(result.variants.map((v) => [v.label, v.model, v.calls])).toEqual([
      ["A", "m0", 800],
      ["B", "m1", 200],
      ["(not in the current version)", "mnull", 5],
    ]);
    expect(result.comparisons).toHaveLength(1);
    expect(result.comparisons[0]).toMatchObject({ label: "B", against: "A" });
    expect(result.sample_ratio).toMatchObject({
      observed: [800, 200],
      expected: [800, 200],
      mismatch: false,
    });
    const skewed = buildExperimentResult([arm(0, 50, 900), arm(1, 50, 100)]);
    expect(skewed.verdict).toMatch(/^Warning: Sample ratio mismatch/);
    expect(skewed.verdict).not.toContain("..");
  });
});
