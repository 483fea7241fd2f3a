/**
 * One variant against the baseline (variant A): the relative change of each mean metric, the
 * error-rate difference, and a plain-language verdict such as
 * "B is cheaper by 18 % ± 6 %, latency not significantly different".
 */
import { compareMeans, type RelativeDifference } from "./compare-means.js";
import { compareRates, type RateDifference } from "./compare-rates.js";
import type { VariantSummary } from "./summarize-variant.js";

export interface VariantComparison {
  cost_per_call: RelativeDifference | null;
  cost_per_session: RelativeDifference | null;
  latency: RelativeDifference | null;
  ttft: RelativeDifference | null;
  output_tokens_per_call: RelativeDifference | null;
  error_rate: RateDifference | null;
  custom_metrics: Record<string, RelativeDifference | null>;
  verdict: string;
}

/** `18`, `6.4`, `0.8`: whole numbers from 10 on, one decimal below. */
function formatPercent(fraction: number): string {
  const percent = Math.abs(fraction * 100);
  return percent >= 10 ? percent.toFixed(0) : percent.toFixed(1);
}

function halfWidth(difference: { ci_low: number; ci_high: number }): number {
  return (difference.ci_high - difference.ci_low) / 2;
}

interface Wording {
  name: string;
  lower: string;
  higher: string;
}

const WORDING: Record<"cost_per_call" | "latency" | "ttft" | "cost_per_session", Wording> = {
  cost_per_call: { name: "cost per call", lower: "is cheaper by", higher: "is more expensive by" },
  cost_per_session: {
    name: "cost per session",
    lower: "costs less per session by",
    higher: "costs more per session by",
  },
  latency: { name: "latency", lower: "is faster by", higher: "is slower by" },
  ttft: {
    name: "time to first token",
    lower: "starts streaming sooner by",
    higher: "starts streaming later by",
  },
};

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/**
 * @example
 * compareVariants("B", summaryA, summaryB).verdict; // "B is cheaper by 18 % ± 6 %, latency not significantly different"
 */
export function compareVariants(
  label: string,
  baseline: VariantSummary,
  variant: VariantSummary,
): VariantComparison {
  const comparison = {
    cost_per_call: compareMeans(baseline.cost_per_call_usd, variant.cost_per_call_usd),
    cost_per_session: compareMeans(baseline.cost_per_session_usd, variant.cost_per_session_usd),
    latency: compareMeans(baseline.duration_ms, variant.duration_ms),
    ttft: compareMeans(baseline.ttft_ms, variant.ttft_ms),
    output_tokens_per_call: compareMeans(baseline.output_tokens_per_call, variant.output_tokens_per_call),
    error_rate: compareRates(baseline.error_rate, variant.error_rate),
    custom_metrics: Object.fromEntries(
      Object.keys(variant.custom_metrics)
        .filter((name) => name in baseline.custom_metrics)
        .map((name) => [
          name,
          compareMeans(baseline.custom_metrics[name] as never, variant.custom_metrics[name] as never),
        ]),
    ),
  };

  const findings: string[] = [];
  const flat: string[] = [];
  const unknown: string[] = [];
  const describe = (difference: RelativeDifference | null, wording: Wording) => {
    if (!difference) return unknown.push(wording.name);
    if (!difference.significant) return flat.push(wording.name);
    const direction = difference.relative_change < 0 ? wording.lower : wording.higher;
    findings.push(
      `${label} ${direction} ${formatPercent(difference.relative_change)} % ± ${formatPercent(halfWidth(difference))} %`,
    );
  };
  describe(comparison.cost_per_call, WORDING.cost_per_call);
  describe(comparison.latency, WORDING.latency);
  if (comparison.ttft) describe(comparison.ttft, WORDING.ttft);
  const errors = comparison.error_rate;
  if (!errors) unknown.push("error rate");
  else if (!errors.significant) flat.push("error rate");
  else {
    findings.push(
      `${label} has ${errors.difference < 0 ? "fewer" : "more"} errors (${formatPercent(variant.error_rate.rate ?? 0)} % vs ${formatPercent(baseline.error_rate.rate ?? 0)} %, ${formatPercent(errors.difference)} ± ${formatPercent(halfWidth(errors))} points)`,
    );
  }
  for (const [name, difference] of Object.entries(comparison.custom_metrics)) {
    describe(difference, { name, lower: `has lower ${name} by`, higher: `has higher ${name} by` });
  }

  const parts = [...findings];
  if (flat.length > 0) parts.push(`${joinNames(flat)} not significantly different`);
  if (unknown.length > 0) parts.push(`not enough data for ${joinNames(unknown)}`);
  const verdict =
    findings.length === 0 && flat.length > 0 ? `${label}: ${parts.join(", ")}` : parts.join(", ");
  return { ...comparison, verdict };
}
