/**
 * Customer rollups (SPEC §5.8 `GET /api/v1/customers`): spans grouped by `customer_id`, sorted by
 * cost, calls, errors or last activity (descending). Rollup rows move as data arrives, so the
 * cursor is an offset.
 */
import { type RawBuilder, sql } from "kysely";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import { type RollupSums, rollupColumns, sumsFromRollupRow, toRollupSums } from "./rollup-columns.js";
import { hasFilters, type SpanFilters, spanWhere } from "./span-filters.js";
import type { Paged } from "./span-queries.js";

export type CustomerSort = "cost" | "calls" | "errors" | "last_activity";

export type CustomerSummary = RollupSums & {
  customer_id: string;
  /** LLM calls (kind llm/embedding), aggregates and duplicates excluded; `errors` among them. */
  calls: number;
  sessions: number;
  /** µs of the last span end (or start). */
  last_activity: number;
};

const lastActivity = sql<number>`max(coalesce(spans.end_time, spans.start_time))`;

// Over the grouped rows `c`. Nulls sort differently per database: an unknown cost ranks below
// every known one.
const SORT_EXPRESSIONS: Record<CustomerSort, RawBuilder<number>> = {
  cost: sql<number>`coalesce(c.cost_usd, -1)`,
  calls: sql<number>`c.llm_calls`,
  errors: sql<number>`c.errors`,
  last_activity: sql<number>`c.last_activity`,
};

/**
 * @example
 * const { data } = await listCustomers(database, projectId, {}, { sort: "cost", limit: 20 });
 */
export async function listCustomers(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  page: { limit?: number; cursor?: string; sort?: CustomerSort } = {},
): Promise<Paged<CustomerSummary>> {
  const limit = clampLimit(page.limit);
  const [offset] = page.cursor ? decodeCursor<[number]>(page.cursor, ["number"]) : [0];
  if (!hasFilters(filters)) return listCustomerRollups(database, projectId, page.sort, limit, offset);
  const grouped = database.kysely
    .selectFrom("spans")
    .select((eb) => [
      "spans.customer_id",
      eb.fn.count("spans.session_id").distinct().as("sessions"),
      lastActivity.as("last_activity"),
      ...rollupColumns(),
    ])
    .where(spanWhere(database.dialect, projectId, filters))
    .where("spans.customer_id", "is not", null)
    .groupBy("spans.customer_id");
  const rows = await database.kysely
    .selectFrom(grouped.as("c"))
    .selectAll()
    .orderBy(SORT_EXPRESSIONS[page.sort ?? "last_activity"], "desc")
    .orderBy("c.customer_id")
    .limit(limit + 1)
    .offset(Math.max(0, Math.trunc(offset)))
    .execute();
  const data = rows.slice(0, limit).map((row) => {
    const sums = toRollupSums(row);
    return {
      customer_id: row.customer_id as string,
      calls: sums.llm_calls,
      sessions: Number(row.sessions),
      ...sums,
      last_activity: Number(row.last_activity),
    };
  });
  return { data, next_cursor: rows.length > limit ? encodeCursor([offset + limit]) : null };
}

/** Whole customers from `customer_rollups`; sessions counted in `customer_sessions`. */
async function listCustomerRollups(
  database: Database,
  projectId: string,
  sort: CustomerSort | undefined,
  limit: number,
  offset: number,
): Promise<Paged<CustomerSummary>> {
  const rows = await database.kysely
    .selectFrom("customer_rollups as c")
    .selectAll("c")
    .select((eb) =>
      eb
        .selectFrom("customer_sessions as cs")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("cs.project_id", "=", "c.project_id")
        .whereRef("cs.customer_id", "=", "c.customer_id")
        .as("sessions"),
    )
    .where("c.project_id", "=", projectId)
    .where("c.span_count", ">", 0)
    .orderBy(
      sort === "cost"
        ? sql<number>`case when c.priced_spans > 0 then c.cost_usd else -1 end`
        : SORT_EXPRESSIONS[sort ?? "last_activity"],
      "desc",
    )
    .orderBy("c.customer_id")
    .limit(limit + 1)
    .offset(Math.max(0, Math.trunc(offset)))
    .execute();
  const data = rows.slice(0, limit).map((row) => {
    const sums = sumsFromRollupRow(row);
    return {
      customer_id: row.customer_id,
      calls: sums.llm_calls,
      sessions: Number(row.sessions ?? 0),
      ...sums,
      last_activity: Number(row.last_activity),
    };
  });
  return { data, next_cursor: rows.length > limit ? encodeCursor([offset + limit]) : null };
}
