/**
 * Trace summaries (SPEC §5.8 `GET /api/v1/traces[/{id}]`). A trace is listed when any of its
 * spans matches the filters, ordered by its first matching span (newest first); its summary
 * covers all of its spans.
 */
import { sql } from "kysely";
import type { SpanRecord } from "../domain/span-record.js";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import { type RollupSums, rollupColumns, toRollupSums } from "./rollup-columns.js";
import { type SpanFilters, spanWhere } from "./span-filters.js";
import { type Paged, toRecords } from "./span-queries.js";

export type TraceSummary = RollupSums & {
  trace_id: string;
  /** Name of the root span (no parent; the earliest if several), else of the earliest span. */
  root_name: string;
  /** µs of the earliest span start. */
  start_time: number;
  /** µs of the latest span end (or start, for spans without an end). */
  end_time: number;
  duration_ms: number;
  span_count: number;
  status: "OK" | "ERROR";
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
};

export type TraceDetail = TraceSummary & {
  spans: SpanRecord[];
};

async function summarise(
  database: Database,
  projectId: string,
  traceIds: string[],
): Promise<Map<string, TraceSummary>> {
  const out = new Map<string, TraceSummary>();
  if (traceIds.length === 0) return out;
  const { kysely } = database;
  const sums = await kysely
    .selectFrom("spans")
    .select((eb) => [
      "spans.trace_id",
      eb.fn.min("spans.start_time").as("start_time"),
      sql<number>`max(coalesce(spans.end_time, spans.start_time))`.as("end_time"),
      eb.fn.countAll<number>().as("span_count"),
      sql<number>`max(case when spans.status = 'ERROR' then 1 else 0 end)`.as("has_error"),
      ...rollupColumns(),
    ])
    .where("spans.project_id", "=", projectId)
    .where("spans.trace_id", "in", traceIds)
    .groupBy("spans.trace_id")
    .execute();

  // The root: a span without a parent, earliest first; failing that, the earliest span.
  const roots = await kysely
    .selectFrom((db) =>
      db
        .selectFrom("spans")
        .select([
          "spans.trace_id",
          "spans.name",
          "spans.config_key",
          "spans.session_id",
          "spans.customer_id",
          sql<number>`row_number() over (partition by spans.trace_id order by case when spans.parent_span_id is null then 0 else 1 end, spans.start_time, spans.span_id)`.as(
            "rank",
          ),
        ])
        .where("spans.project_id", "=", projectId)
        .where("spans.trace_id", "in", traceIds)
        .as("ranked"),
    )
    .selectAll()
    .where("ranked.rank", "=", 1)
    .execute();
  const rootByTrace = new Map(roots.map((root) => [root.trace_id, root]));

  for (const row of sums) {
    const root = rootByTrace.get(row.trace_id);
    const startTime = Number(row.start_time);
    const endTime = Number(row.end_time);
    out.set(row.trace_id, {
      trace_id: row.trace_id,
      root_name: root?.name ?? "",
      start_time: startTime,
      end_time: endTime,
      duration_ms: (endTime - startTime) / 1000,
      span_count: Number(row.span_count),
      ...toRollupSums(row),
      status: Number(row.has_error) > 0 ? "ERROR" : "OK",
      config_key: root?.config_key ?? "",
      session_id: root?.session_id ?? null,
      customer_id: root?.customer_id ?? null,
    });
  }
  return out;
}

/**
 * @example
 * const { data, next_cursor } = await listTraces(database, projectId, { session_id: "s-1" }, { limit: 20 });
 */
export async function listTraces(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  page: { limit?: number; cursor?: string } = {},
): Promise<Paged<TraceSummary>> {
  const limit = clampLimit(page.limit);
  let query = database.kysely
    .selectFrom("spans")
    .select((eb) => ["spans.trace_id", eb.fn.min("spans.start_time").as("first_start")])
    .where(spanWhere(database.dialect, projectId, filters))
    .groupBy("spans.trace_id");
  if (page.cursor) {
    const [start, traceId] = decodeCursor<[number, string]>(page.cursor, ["number", "string"]);
    query = query.having((eb) =>
      eb.or([
        eb(eb.fn.min("spans.start_time"), "<", start),
        eb.and([eb(eb.fn.min("spans.start_time"), "=", start), eb("spans.trace_id", "<", traceId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("first_start", "desc")
    .orderBy("spans.trace_id", "desc")
    .limit(limit + 1)
    .execute();
  const pageRows = rows.slice(0, limit);
  const summaries = await summarise(
    database,
    projectId,
    pageRows.map((row) => row.trace_id),
  );
  const last = pageRows.at(-1);
  return {
    data: pageRows.flatMap((row) => summaries.get(row.trace_id) ?? []),
    next_cursor: rows.length > limit && last ? encodeCursor([Number(last.first_start), last.trace_id]) : null,
  };
}

/** The summary plus every span (oldest first, with content unless `includeContent` is false). */
export async function getTrace(
  database: Database,
  projectId: string,
  traceId: string,
  options: { includeContent?: boolean } = {},
): Promise<TraceDetail | null> {
  const summary = (await summarise(database, projectId, [traceId])).get(traceId);
  if (!summary) return null;
  const rows = await database.kysely
    .selectFrom("spans")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("trace_id", "=", traceId)
    .orderBy("start_time")
    .orderBy("span_id")
    .execute();
  return { ...summary, spans: await toRecords(database, projectId, rows, options.includeContent ?? true) };
}
