/**
 * The experiment results table as data: what `GET /api/v1/experiments/...` says per variant, in
 * the order and shape the page's table shows it, and what the page actually shows (read from
 * the cells' `data-*` attributes, so formatting cannot hide a wrong number).
 */
import type { Page } from "playwright-core";

export interface Mean {
  mean: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** One variant of an experiment result, as the API returns it. */
export interface ApiVariant {
  variant_index: number | null;
  sessions: number;
  calls: number;
  error_rate: { rate: number | null; ci_low: number | null; ci_high: number | null };
  total_cost_usd: number | null;
  cost_per_call_usd: Mean;
  cost_per_session_usd: Mean;
  input_tokens_per_call: Mean;
  output_tokens_per_call: Mean;
  duration_ms: Mean & { p50: number | null; p95: number | null };
  ttft_ms: Mean & { p50: number | null; p95: number | null };
  custom_metrics: Record<string, Mean>;
}

/** `GET /api/v1/experiments/models/{key}` (the fields the page shows). */
export interface ApiResult {
  variants: ApiVariant[];
  verdict: string;
  sample_ratio: { observed: number[]; mismatch: boolean; message: string };
}

/** One value cell of the results table. */
export interface Cell {
  metric: string;
  variant: string;
  value: string;
  low: string | null;
  high: string | null;
}

const text = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);
const withInterval = (metric: string, variant: string, summary: Mean | ({ rate: number | null } & Mean)) => ({
  metric,
  variant,
  value: text("rate" in summary ? summary.rate : summary.mean),
  low: text(summary.ci_low),
  high: text(summary.ci_high),
});
const plain = (metric: string, variant: string, value: number | null) => ({
  metric,
  variant,
  value: text(value),
  low: null,
  high: null,
});

/**
 * The API's per-variant numbers in the order and shape the results table shows them.
 *
 * @example expect(await shownCells(page)).toEqual(expectedCells(api))
 */
export function expectedCells(result: ApiResult): Cell[] {
  const customNames = [...new Set(result.variants.flatMap((v) => Object.keys(v.custom_metrics)))].sort();
  const rows: Array<(v: ApiVariant, key: string) => Cell> = [
    (v, k) => plain("sessions", k, v.sessions),
    (v, k) => plain("calls", k, v.calls),
    (v, k) => withInterval("error_rate", k, v.error_rate as never),
    (v, k) => withInterval("cost_per_call", k, v.cost_per_call_usd),
    (v, k) => withInterval("cost_per_session", k, v.cost_per_session_usd),
    (v, k) => plain("total_cost", k, v.total_cost_usd),
    (v, k) => withInterval("input_tokens_per_call", k, v.input_tokens_per_call),
    (v, k) => withInterval("output_tokens_per_call", k, v.output_tokens_per_call),
    (v, k) => plain("latency_p50", k, v.duration_ms.p50),
    (v, k) => plain("latency_p95", k, v.duration_ms.p95),
    (v, k) => withInterval("latency_mean", k, v.duration_ms),
    (v, k) => plain("ttft_p50", k, v.ttft_ms.p50),
    (v, k) => withInterval("ttft_mean", k, v.ttft_ms),
    ...customNames.map(
      (name) => (v: ApiVariant, k: string) =>
        withInterval(
          `custom:${name}`,
          k,
          v.custom_metrics[name] ?? { mean: null, ci_low: null, ci_high: null },
        ),
    ),
  ];
  return rows.flatMap((row) =>
    result.variants.map((variant) =>
      row(variant, variant.variant_index === null ? "other" : String(variant.variant_index)),
    ),
  );
}

/** Every value cell of the page's results table, once the table has rows. */
export async function shownCells(target: Page): Promise<Cell[]> {
  await target.locator("[data-testid=experiment-results] tbody tr").first().waitFor();
  return target.locator("[data-testid=experiment-results] tbody td").evaluateAll((tds) =>
    tds.map((td) => ({
      metric: td.closest("tr")?.getAttribute("data-metric") ?? "",
      variant: td.getAttribute("data-variant") ?? "",
      value: td.getAttribute("data-value") ?? "",
      low: td.getAttribute("data-ci-low"),
      high: td.getAttribute("data-ci-high"),
    })),
  );
}
