/**
 * The rows of the experiment results table: which number of a variant each shows, how it is
 * formatted, and which comparison against variant A goes under it.
 */
import { formatInteger, formatMs, formatPercent, formatUsd } from "../../format/format-number.js";
import type {
  ExperimentResult,
  MeanSummary,
  RateDifference,
  RelativeDifference,
  VariantComparison,
  VariantResult,
} from "../../pages/experiments/experiment-types.js";

export type Format = (value: number | null) => string;

const formatTokens: Format = (value) =>
  value === null ? "—" : value >= 100 ? formatInteger(Math.round(value)) : value.toFixed(1);
const formatNumber: Format = (value) => (value === null ? "—" : String(Number(value.toPrecision(4))));
const formatRate: Format = (value) => formatPercent(value);

export interface MetricRow {
  id: string;
  label: string;
  hint?: string;
  cell(variant: VariantResult): {
    value: number | null;
    text: string;
    low?: number | null;
    high?: number | null;
    extra?: string;
  };
  format: Format;
  compare?(comparison: VariantComparison): RelativeDifference | RateDifference | null;
}

function meanCell(summary: MeanSummary | undefined, format: Format) {
  return {
    value: summary?.mean ?? null,
    text: format(summary?.mean ?? null),
    low: summary?.ci_low ?? null,
    high: summary?.ci_high ?? null,
  };
}

const plural = (count: number, word: string) => `${formatInteger(count)} ${word}${count === 1 ? "" : "s"}`;

/** The rows for `result`, custom metrics (any variant has) last, by name. */
export function metricRows(result: ExperimentResult, sessionsHint: string): MetricRow[] {
  const rows: MetricRow[] = [
    {
      id: "sessions",
      label: "Sessions",
      hint: sessionsHint,
      format: formatInteger,
      cell: (v) => ({
        value: v.sessions,
        text: formatInteger(v.sessions),
        extra: `${formatInteger(v.sessions_with_calls)} with calls`,
      }),
    },
    {
      id: "calls",
      label: "Calls",
      format: formatInteger,
      cell: (v) => ({
        value: v.calls,
        text: formatInteger(v.calls),
        extra: plural(v.errors, "error"),
      }),
    },
    {
      id: "error_rate",
      label: "Error rate",
      format: formatRate,
      cell: (v) => ({
        value: v.error_rate.rate,
        text: formatRate(v.error_rate.rate),
        low: v.error_rate.ci_low,
        high: v.error_rate.ci_high,
      }),
      compare: (c) => c.error_rate,
    },
    {
      id: "cost_per_call",
      label: "Cost per call",
      hint: "priced calls only",
      format: formatUsd,
      cell: (v) => ({
        ...meanCell(v.cost_per_call_usd, formatUsd),
        ...(v.unpriced_calls > 0 ? { extra: `${formatInteger(v.unpriced_calls)} unpriced` } : {}),
      }),
      compare: (c) => c.cost_per_call,
    },
    {
      id: "cost_per_session",
      label: "Cost per session",
      format: formatUsd,
      cell: (v) => meanCell(v.cost_per_session_usd, formatUsd),
      compare: (c) => c.cost_per_session,
    },
    {
      id: "total_cost",
      label: "Total cost",
      format: formatUsd,
      cell: (v) => ({ value: v.total_cost_usd, text: formatUsd(v.total_cost_usd) }),
    },
    {
      id: "input_tokens_per_call",
      label: "Input tokens per call",
      format: formatTokens,
      cell: (v) => ({
        ...meanCell(v.input_tokens_per_call, formatTokens),
        extra: `${formatInteger(v.input_tokens)} total`,
      }),
    },
    {
      id: "output_tokens_per_call",
      label: "Output tokens per call",
      format: formatTokens,
      cell: (v) => ({
        ...meanCell(v.output_tokens_per_call, formatTokens),
        extra: `${formatInteger(v.output_tokens)} total`,
      }),
      compare: (c) => c.output_tokens_per_call,
    },
    {
      id: "latency_p50",
      label: "Latency p50",
      format: formatMs,
      cell: (v) => ({ value: v.duration_ms.p50, text: formatMs(v.duration_ms.p50) }),
    },
    {
      id: "latency_p95",
      label: "Latency p95",
      format: formatMs,
      cell: (v) => ({ value: v.duration_ms.p95, text: formatMs(v.duration_ms.p95) }),
    },
    {
      id: "latency_mean",
      label: "Latency (mean)",
      format: formatMs,
      cell: (v) => meanCell(v.duration_ms, formatMs),
      compare: (c) => c.latency,
    },
    {
      id: "ttft_p50",
      label: "Time to first token p50",
      hint: "streaming calls only",
      format: formatMs,
      cell: (v) => ({
        value: v.ttft_ms.p50,
        text: formatMs(v.ttft_ms.p50),
        extra: `p95 ${formatMs(v.ttft_ms.p95)}`,
      }),
    },
    {
      id: "ttft_mean",
      label: "Time to first token (mean)",
      format: formatMs,
      cell: (v) => meanCell(v.ttft_ms, formatMs),
      compare: (c) => c.ttft,
    },
  ];
  const customNames = [...new Set(result.variants.flatMap((v) => Object.keys(v.custom_metrics)))].sort();
  for (const name of customNames) {
    rows.push({
      id: `custom:${name}`,
      label: name,
      hint: "custom metric (POST /spans), mean per session",
      format: formatNumber,
      cell: (v) => meanCell(v.custom_metrics[name], formatNumber),
      compare: (c) => c.custom_metrics[name] ?? null,
    });
  }
  return rows;
}
