/**
 * Everything the experiment page shows for one arm, from its calls and its sessions' custom
 * metrics: counts, error rate (Wilson), per-call and per-session cost, tokens, latency and TTFT
 * (mean with interval, p50/p95), and the numeric custom metrics (booleans count as 0/1).
 */
import { percentile } from "./percentile.js";
import { type MeanSummary, summarizeMean } from "./summarize-mean.js";
import { type RateSummary, wilsonInterval } from "./wilson-interval.js";

/** One counted LLM call of the arm. */
export interface VariantCall {
  session_id: string | null;
  status: string;
  duration_ms: number | null;
  ttft_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  cost_status: string;
}

export interface LatencySummary extends MeanSummary {
  p50: number | null;
  p95: number | null;
}

export interface VariantSummary {
  /** Sessions in the arm (assigned sessions for configs, sessions with calls for prompt tests). */
  sessions: number;
  sessions_with_calls: number;
  calls: number;
  errors: number;
  error_rate: RateSummary;
  total_cost_usd: number | null;
  unpriced_calls: number;
  /** Over priced calls only. */
  cost_per_call_usd: MeanSummary;
  /** Over sessions with at least one priced call: the sum of their priced calls. */
  cost_per_session_usd: MeanSummary;
  input_tokens: number;
  output_tokens: number;
  input_tokens_per_call: MeanSummary;
  output_tokens_per_call: MeanSummary;
  duration_ms: LatencySummary;
  ttft_ms: LatencySummary;
  custom_metrics: Record<string, MeanSummary>;
}

const present = (values: Array<number | null>): number[] =>
  values.filter((value): value is number => value !== null && Number.isFinite(value));

function latency(values: number[]): LatencySummary {
  return { ...summarizeMean(values), p50: percentile(values, 0.5), p95: percentile(values, 0.95) };
}

/**
 * @example
 * summarizeVariant(calls, { assignedSessions: 120, customMetrics: [{ rating: 4 }] });
 */
export function summarizeVariant(
  calls: readonly VariantCall[],
  options: { assignedSessions?: number; customMetrics?: ReadonlyArray<Record<string, unknown>> } = {},
): VariantSummary {
  const errors = calls.filter((call) => call.status === "ERROR").length;
  const costs = present(calls.map((call) => call.cost_usd));
  const perSession = new Map<string, number>();
  const sessionsWithCalls = new Set<string>();
  for (const call of calls) {
    if (call.session_id === null) continue;
    sessionsWithCalls.add(call.session_id);
    if (call.cost_usd !== null)
      perSession.set(call.session_id, (perSession.get(call.session_id) ?? 0) + call.cost_usd);
  }
  const custom = new Map<string, number[]>();
  for (const data of options.customMetrics ?? []) {
    for (const [name, value] of Object.entries(data)) {
      const numeric = typeof value === "number" ? value : typeof value === "boolean" ? Number(value) : null;
      if (numeric === null || !Number.isFinite(numeric)) continue;
      custom.set(name, [...(custom.get(name) ?? []), numeric]);
    }
  }
  const inputTokens = present(calls.map((call) => call.input_tokens));
  const outputTokens = present(calls.map((call) => call.output_tokens));
  return {
    sessions: options.assignedSessions ?? sessionsWithCalls.size,
    sessions_with_calls: sessionsWithCalls.size,
    calls: calls.length,
    errors,
    error_rate: wilsonInterval(errors, calls.length),
    total_cost_usd: costs.length > 0 ? costs.reduce((sum, cost) => sum + cost, 0) : null,
    unpriced_calls: calls.filter((call) => call.cost_status === "unpriced").length,
    cost_per_call_usd: summarizeMean(costs),
    cost_per_session_usd: summarizeMean([...perSession.values()]),
    input_tokens: inputTokens.reduce((sum, n) => sum + n, 0),
    output_tokens: outputTokens.reduce((sum, n) => sum + n, 0),
    input_tokens_per_call: summarizeMean(inputTokens),
    output_tokens_per_call: summarizeMean(outputTokens),
    duration_ms: latency(present(calls.map((call) => call.duration_ms))),
    ttft_ms: latency(present(calls.map((call) => call.ttft_ms))),
    custom_metrics: Object.fromEntries(
      [...custom.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, values]) => [name, summarizeMean(values)]),
    ),
  };
}
