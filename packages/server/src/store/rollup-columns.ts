/**
 * The sums shared by trace, session and customer rollups. Aggregate rows and cross-source
 * duplicates are shown but never summed (SPEC §6.3); a cost sum stays null when nothing was
 * priced (null = unknown, never 0), with the unpriced calls counted beside it.
 */
import { sql } from "kysely";
import type { RollupSumsColumns } from "./schema.js";

/** Counted in sums. */
const counted = sql`(spans.is_aggregate = 0 and spans.duplicate_of is null)`;
/** A counted LLM call. */
const countedCall = sql`(spans.kind in ('llm', 'embedding') and ${counted})`;

export const rollupColumns = () => [
  sql<number>`sum(case when ${countedCall} then 1 else 0 end)`.as("llm_calls"),
  sql<number>`sum(case when ${countedCall} and spans.status = 'ERROR' then 1 else 0 end)`.as("errors"),
  sql<number>`coalesce(sum(case when ${counted} then spans.input_tokens end), 0)`.as("input_tokens"),
  sql<number>`coalesce(sum(case when ${counted} then spans.output_tokens end), 0)`.as("output_tokens"),
  sql<number | null>`sum(case when ${counted} then spans.cost_usd end)`.as("cost_usd"),
  sql<number>`sum(case when ${counted} and spans.cost_status = 'unpriced' then 1 else 0 end)`.as(
    "unpriced_calls",
  ),
];

export type RollupSums = {
  llm_calls: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
  unpriced_calls: number;
};

/** Normalises driver number types (PostgreSQL sums arrive as numeric). */
export const toRollupSums = (row: RollupSums): RollupSums => ({
  llm_calls: Number(row.llm_calls),
  errors: Number(row.errors),
  input_tokens: Number(row.input_tokens),
  output_tokens: Number(row.output_tokens),
  cost_usd: row.cost_usd === null ? null : Number(row.cost_usd),
  unpriced_calls: Number(row.unpriced_calls),
});

/**
 * A cost sum kept by adding and subtracting deltas (rollup tables) carries float noise in the
 * last bits (0.0042000000000000015): 12 significant digits drop it and keep every cent.
 */
export const roundCostSum = (value: number): number => Number(value.toPrecision(12));

/** A rollup table's stored sums as the read API's {@link RollupSums} (cost null when nothing was priced). */
export const sumsFromRollupRow = (row: Omit<RollupSumsColumns, "span_count">): RollupSums => ({
  llm_calls: Number(row.llm_calls),
  errors: Number(row.errors),
  input_tokens: Number(row.input_tokens),
  output_tokens: Number(row.output_tokens),
  cost_usd: Number(row.priced_spans) > 0 ? roundCostSum(Number(row.cost_usd)) : null,
  unpriced_calls: Number(row.unpriced_calls),
});
