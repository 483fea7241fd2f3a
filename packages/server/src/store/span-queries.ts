/**
 * Call records for the read API (SPEC §5.8 `GET /api/v1/spans`): newest first, keyset-paged, the
 * narrow row only unless content is asked for.
 */
import type { SpanRecord } from "../domain/span-record.js";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import { type SpanFilters, spanWhere, splitDrivingTag, toMicros } from "./span-filters.js";
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
 * One page of span rows, newest first (start_time, span_id, trace_id desc), after the keyset
 * `after`. With a tag filter the page is driven from `span_tags_by_tag` (whose key ends in the same
 * order; span_tags.start_time is the span's start_time): the first page reads ~limit index entries
 * however rare or old the tag, where an EXISTS probe per span may walk the whole project (and
 * PostgreSQL misestimates the semi-join into a hash join over every span).
 */
async function selectListRows(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  limit: number,
  after: [number, string, string] | undefined,
): Promise<SpanRow[]> {
  const driving = splitDrivingTag(filters);
  if (!driving) {
    let query = database.kysely
      .selectFrom("spans")
      .selectAll("spans")
      .where(spanWhere(database.dialect, projectId, filters));
    if (after) {
      query = query.where((eb) =>
        eb(eb.refTuple("spans.start_time", "spans.span_id", "spans.trace_id"), "<", eb.tuple(...after)),
      );
    }
    return query
      .orderBy("spans.start_time", "desc")
      .orderBy("spans.span_id", "desc")
      .orderBy("spans.trace_id", "desc")
      .limit(limit)
      .execute();
  }
  const rest = spanWhere(database.dialect, projectId, driving.rest);
  const joined = database.kysely
    .selectFrom("span_tags")
    .innerJoin("spans", (join) =>
      join
        .onRef("spans.project_id", "=", "span_tags.project_id")
        .onRef("spans.trace_id", "=", "span_tags.trace_id")
        .onRef("spans.span_id", "=", "span_tags.span_id"),
    )
    .selectAll("spans")
    .where(rest);
  // PostgreSQL estimates the join on (trace_id, span_id) at ~1 row, so it hashes every span and
  // sorts (0.5–0.8 s at 1M spans). A LATERAL subquery that cannot be pulled up (OFFSET 0) forces
  // the nested loop: span_tags_by_tag in order, one primary-key probe per tag row, stopping at the
  // limit (3 ms). Same rows and columns as the join, so the same query type.
  const driven =
    database.dialect.name === "postgres"
      ? (database.kysely
          .selectFrom("span_tags")
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom("spans")
                .selectAll("spans")
                .whereRef("spans.project_id", "=", "span_tags.project_id")
                .whereRef("spans.trace_id", "=", "span_tags.trace_id")
                .whereRef("spans.span_id", "=", "span_tags.span_id")
                .where(rest)
                .offset(0)
                .as("spans"),
            (join) => join.onTrue(),
          )
          .selectAll("spans") as unknown as typeof joined)
      : joined;
  let query = driven.where("span_tags.project_id", "=", projectId).where("span_tags.tag", "=", driving.tag);
  // The time range again on the driving side, so it bounds the index range.
  if (filters.from !== undefined)
    query = query.where("span_tags.start_time", ">=", toMicros(filters.from, "from"));
  if (filters.to !== undefined) query = query.where("span_tags.start_time", "<", toMicros(filters.to, "to"));
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple("span_tags.start_time", "span_tags.span_id", "span_tags.trace_id"),
        "<",
        eb.tuple(...after),
      ),
    );
  }
  return query
    .orderBy("span_tags.start_time", "desc")
    .orderBy("span_tags.span_id", "desc")
    .orderBy("span_tags.trace_id", "desc")
    .limit(limit)
    .execute();
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
  const after = page.cursor
    ? decodeCursor<[number, string, string]>(page.cursor, ["number", "string", "string"])
    : undefined;
  const rows = await selectListRows(database, projectId, filters, limit + 1, after);
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
