/**
 * Trace summaries (SPEC §5.8 `GET /api/v1/traces[/{id}]`). A trace is listed when any of its
 * spans matches the filters, ordered by its first matching span (newest first); its summary
 * covers all of its spans.
 */
import type { Selectable } from "kysely";
import type { SpanRecord } from "../domain/span-record.js";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import { type RollupSums, sumsFromRollupRow } from "./rollup-columns.js";
import type { TraceRollupsTable } from "./schema.js";
import { hasFilters, type SpanFilters, spanWhere } from "./span-filters.js";
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

type TraceRollupRow = Selectable<TraceRollupsTable>;

function toSummary(row: TraceRollupRow): TraceSummary {
  const startTime = Number(row.start_time);
  const endTime = Number(row.end_time);
  return {
    trace_id: row.trace_id,
    root_name: row.root_name ?? "",
    start_time: startTime,
    end_time: endTime,
    duration_ms: (endTime - startTime) / 1000,
    span_count: Number(row.span_count),
    ...sumsFromRollupRow(row),
    status: Number(row.error_spans) > 0 ? "ERROR" : "OK",
    config_key: row.config_key ?? "",
    session_id: row.session_id,
    customer_id: row.customer_id,
  };
}

/** Whole-trace summaries from `trace_rollups` (one primary-key lookup per trace). */
async function summarise(
  database: Database,
  projectId: string,
  traceIds: string[],
): Promise<Map<string, TraceSummary>> {
  const out = new Map<string, TraceSummary>();
  if (traceIds.length === 0) return out;
  const rows = await database.kysely
    .selectFrom("trace_rollups")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("trace_id", "in", traceIds)
    .where("span_count", ">", 0)
    .execute();
  for (const row of rows) out.set(row.trace_id, toSummary(row));
  return out;
}

/** The unfiltered list: a page of `trace_rollups` by (start_time, trace_id) descending. */
async function listTraceRollups(
  database: Database,
  projectId: string,
  limit: number,
  cursor: string | undefined,
): Promise<Paged<TraceSummary>> {
  let query = database.kysely
    .selectFrom("trace_rollups")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("span_count", ">", 0);
  if (cursor) {
    const [start, traceId] = decodeCursor<[number, string]>(cursor, ["number", "string"]);
    query = query.where((eb) =>
      eb.or([
        eb("start_time", "<", start),
        eb.and([eb("start_time", "=", start), eb("trace_id", "<", traceId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("start_time", "desc")
    .orderBy("trace_id", "desc")
    .limit(limit + 1)
    .execute();
  const data = rows.slice(0, limit).map(toSummary);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rows.length > limit && last ? encodeCursor([last.start_time, last.trace_id]) : null,
  };
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
  if (!hasFilters(filters)) return listTraceRollups(database, projectId, limit, page.cursor);
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
