/**
 * The analytics page's queries: totals per time bucket, the split dimension's groups, and one
 * bucketed query per top group (the API groups by one dimension at a time), run in parallel.
 */
import { type UseQueryResult, useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiFetch } from "../../api/api-fetch.js";
import type { MetricRow, Metrics } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { useSession } from "../../app/session-context.js";
import type { Bucket } from "./time-buckets.js";

export const SPLITS = [
  { value: "", label: "No split" },
  { value: "model", label: "Model" },
  { value: "provider", label: "Provider" },
  { value: "config_key", label: "Config key" },
  { value: "customer_id", label: "Customer" },
] as const;

/** Lines per chart when split; the rest are in the group tables. */
export const TOP_GROUPS = 5;

export function metricsPath(groupBy: string, query: string): string {
  return `/api/v1/metrics?group_by=${groupBy}${query ? `&${query}` : ""}`;
}

/** Stable across renders (react-query memoises `combine` by identity), so charts redraw only on new data. */
function combinePerGroup(results: UseQueryResult<Metrics>[]) {
  return {
    rows: results.map((result) => result.data?.data ?? null),
    pending: results.some((result) => result.isPending),
  };
}

export function useMetricsSeries(baseQuery: string, bucket: Bucket, split: string) {
  const { project } = useSession();
  const totals = useApi<Metrics>(metricsPath(bucket, baseQuery));
  const byModel = useApi<Metrics>(metricsPath("model", baseQuery));
  const byConfigKey = useApi<Metrics>(metricsPath("config_key", baseQuery));
  const bySplit = useApi<Metrics>(
    split && split !== "model" && split !== "config_key" ? metricsPath(split, baseQuery) : null,
  );
  const splitRows: MetricRow[] | undefined =
    split === "model"
      ? byModel.data?.data
      : split === "config_key"
        ? byConfigKey.data?.data
        : bySplit.data?.data;
  const groups = (splitRows ?? [])
    .filter((row) => row.group !== null && row.group !== "")
    .slice(0, TOP_GROUPS)
    .map((row) => String(row.group));
  const perGroup = useQueries({
    queries: groups.map((group) => {
      const path = metricsPath(bucket, `${baseQuery}&${split}=${encodeURIComponent(group)}`);
      return {
        queryKey: [project.id, path],
        queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<Metrics>(path, { signal }),
      };
    }),
    combine: combinePerGroup,
  });
  const groupKey = groups.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: groupKey is the identity of groups
  const series = useMemo(
    () => perGroup.rows.map((rows, index) => ({ group: groups[index] ?? "", rows })),
    [perGroup.rows, groupKey],
  );
  return {
    totals,
    byModel,
    byConfigKey,
    splitRows,
    groups,
    perGroup: series,
    perGroupPending: perGroup.pending,
  };
}
