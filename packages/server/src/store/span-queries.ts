/**
 * Call records for the read API (SPEC §5.8 `GET /api/v1/spans`): newest first, keyset-paged, the
 * narrow row only unless content is asked for.
 */
import type { SpanRecord } from "../domain/span-record.js";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import { type SpanFilters, spanWhere } from "./span-filters.js";
import { chunk, type SpanKey, spanKeyString, spanKeysIn } from "./span-keys.js";
import { type ContentRow, fromSpanRow, type SpanRow } from "./span-row.js";

export interface Paged<T> {
  data: T[];
  next_cursor: string | null;
}

export interface SpanPage {
  /** 1..200, default 50. */
  limit?: number;
  cursor?: string;
  /** Content fields (and attributes, events, resource) are filled only when true. */
  includeContent?: boolean;
}

/** Content rows of `keys`, keyed `${trace_id}:${span_id}`. */
export async function loadContent(
  database: Database,
  projectId: string,
  keys: readonly SpanKey[],
): Promise<Map<string, ContentRow>> {
  const out = new Map<string, ContentRow>();
  for (const part of chunk(keys, 2, database.dialect.maxBindParameters)) {
    const rows = await database.kysely
      .selectFrom("span_content")
      .selectAll()
      .where("project_id", "=", projectId)
      .where(spanKeysIn(part))
      .execute();
    for (const row of rows) out.set(spanKeyString(row), row);
  }
  return out;
}

/** Stored rows as call records, with their content when asked for. */
export async function toRecords(
  database: Database,
  projectId: string,
  rows: readonly SpanRow[],
  includeContent: boolean,
): Promise<SpanRecord[]> {
  if (!includeContent) return rows.map((row) => fromSpanRow(row));
  const content = await loadContent(database, projectId, rows);
  return rows.map((row) => fromSpanRow(row, content.get(spanKeyString(row))));
}

/**
 * @example
 * const page1 = await listSpans(database, projectId, { model: "gpt-4o" }, { limit: 50 });
 * const page2 = await listSpans(database, projectId, { model: "gpt-4o" }, { limit: 50, cursor: page1.next_cursor! });
 */
export async function listSpans(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  page: SpanPage = {},
): Promise<Paged<SpanRecord>> {
  const limit = clampLimit(page.limit);
  let query = database.kysely
    .selectFrom("spans")
    .selectAll("spans")
    .where(spanWhere(database.dialect, projectId, filters));
  if (page.cursor) {
    const [startTime, spanId, traceId] = decodeCursor<[number, string, string]>(page.cursor, [
      "number",
      "string",
      "string",
    ]);
    query = query.where((eb) =>
      eb(
        eb.refTuple("spans.start_time", "spans.span_id", "spans.trace_id"),
        "<",
        eb.tuple(startTime, spanId, traceId),
      ),
    );
  }
  const rows = await query
    .orderBy("spans.start_time", "desc")
    .orderBy("spans.span_id", "desc")
    .orderBy("spans.trace_id", "desc")
    .limit(limit + 1)
    .execute();
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    data: await toRecords(database, projectId, pageRows, page.includeContent ?? false),
    next_cursor:
      rows.length > limit && last ? encodeCursor([last.start_time, last.span_id, last.trace_id]) : null,
  };
}

/** A span by id alone; when several traces share the id, the newest. */
export async function getSpan(
  database: Database,
  projectId: string,
  spanId: string,
  includeContent = false,
): Promise<SpanRecord | null> {
  const row = await database.kysely
    .selectFrom("spans")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("span_id", "=", spanId)
    .orderBy("start_time", "desc")
    .orderBy("trace_id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const [record] = await toRecords(database, projectId, [row], includeContent);
  return record ?? null;
}
