/**
 * What a span contributes to the rollups: the narrow columns they read, and the rules that turn
 * one span into counts and sums (the same rules as `rollup-columns.ts` and `metrics-query.ts`).
 */
import { selectSpansByKeys } from "./bulk-sql.js";
import { type SpanKey, spanKeyString } from "./span-keys.js";
import type { SpanRow } from "./span-row.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

export const ROLLUP_SPAN_COLUMNS = [
  "trace_id",
  "span_id",
  "parent_span_id",
  "name",
  "kind",
  "status",
  "start_time",
  "end_time",
  "duration_ms",
  "ttft_ms",
  "config_key",
  "session_id",
  "customer_id",
  "model",
  "provider",
  "prompt_version",
  "prompt_variant_index",
  "input_tokens",
  "output_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "reasoning_tokens",
  "cost_usd",
  "cost_status",
  "is_aggregate",
  "duplicate_of",
] as const satisfies ReadonlyArray<keyof SpanRow>;

export type RollupSpan = Pick<SpanRow, (typeof ROLLUP_SPAN_COLUMNS)[number]>;

/** Columns whose change moves a trace's, session's or customer's extremes (min, max, root). */
const EXTREME_COLUMNS = [
  "parent_span_id",
  "name",
  "start_time",
  "end_time",
  "config_key",
  "session_id",
  "customer_id",
] as const satisfies ReadonlyArray<keyof RollupSpan>;

// Spelled out rather than imported from cross-source-duplicates.ts, which imports this module.
const LLM: ReadonlySet<string> = new Set(["llm", "embedding"]);

/** Counted in sums: not an aggregate, not a cross-source duplicate (SPEC §4.1, §6.3). */
export const isCountedSpan = (span: RollupSpan): boolean =>
  Number(span.is_aggregate) === 0 && span.duplicate_of === null;

/** A counted LLM call: what `llm_calls` and the metrics count. */
export const isCountedCall = (span: RollupSpan): boolean => LLM.has(span.kind) && isCountedSpan(span);

/** The span's activity time: max(coalesce(end_time, start_time)) is taken over these. */
export const activityOf = (span: RollupSpan): number => Number(span.end_time ?? span.start_time);

export function extremesDiffer(before: RollupSpan, after: RollupSpan): boolean {
  return EXTREME_COLUMNS.some((column) => {
    const a = before[column];
    const b = after[column];
    return (a === null ? null : String(a)) !== (b === null ? null : String(b));
  });
}

/** Normalises driver types (PostgreSQL bigint/numeric arrive as numbers through our parser). */
export function toRollupSpan(row: RollupSpan): RollupSpan {
  const out = {} as Record<string, unknown>;
  for (const column of ROLLUP_SPAN_COLUMNS) out[column] = row[column] ?? null;
  return out as RollupSpan;
}

/** The stored rollup columns of `keys` (missing keys are absent), keyed by `trace:span`. */
export async function selectRollupSpans(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  keys: readonly SpanKey[],
): Promise<Map<string, RollupSpan>> {
  const rows = await selectSpansByKeys<RollupSpan>(db, dialect, ROLLUP_SPAN_COLUMNS, projectId, keys);
  return new Map(rows.map((row) => [spanKeyString(row), toRollupSpan(row)]));
}

/**
 * Runs `mutate` (an update of the spans `keys`) and records in `changes` how each span's
 * rollup columns moved: before and after are read in the same transaction.
 */
export async function trackSpanUpdates(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  keys: readonly SpanKey[],
  changes: { change(before: RollupSpan, after: RollupSpan): void; remove(span: RollupSpan): void },
  mutate: () => Promise<void>,
): Promise<void> {
  const before = await selectRollupSpans(db, dialect, projectId, keys);
  await mutate();
  const after = await selectRollupSpans(db, dialect, projectId, keys);
  for (const [key, old] of before) {
    const next = after.get(key);
    if (next) changes.change(old, next);
    else changes.remove(old);
  }
}
