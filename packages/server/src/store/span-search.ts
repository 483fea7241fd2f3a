/**
 * Span lists for the dashboard's free-text search (`GET /api/v1/spans?q=`) and for exports:
 * the read API's filters, optionally narrowed to spans whose prompt or completion contains a
 * text, newest first with the same keyset cursor as `listSpans`.
 *
 * Cost: there is no full-text index. The list walks the project's spans newest first (through
 * the filters' indexes) and probes each one's content row by primary key with a `LIKE`, until it
 * has a page. A common word fills a page after a few rows; a rare one reads every span (and its
 * content row) in the filtered range, so it grows with the project. Narrow it with `from`/`to` or
 * another filter.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { SpanRecord } from "../domain/span-record.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";
import { type SpanFilters, spanWhere } from "./span-filters.js";
import { type Paged, toRecords } from "./span-queries.js";

/** The content columns a search reads: what was said, not the raw provider payloads. */
const SEARCHED_COLUMNS = ["input_messages", "system_instructions", "output_messages"] as const;

/** Largest page this module serves (exports read in pages this big). */
export const MAX_SEARCH_PAGE = 1000;

export interface SearchPage {
  /** 1..{@link MAX_SEARCH_PAGE}, default 50. */
  limit?: number;
  cursor?: string;
  includeContent?: boolean;
}

/**
 * The `LIKE` pattern for `text` as it appears inside stored content. Content is stored as JSON
 * text, so the needle is JSON-escaped the same way (a quote or a newline in the text then
 * matches); ASCII letters are lowercased (compared against `lower(column)`, which lowercases
 * ASCII only on SQLite); `!` escapes the LIKE wildcards.
 */
export function toContentPattern(text: string): string {
  const lowered = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const jsonEscaped = JSON.stringify(lowered).slice(1, -1);
  return `%${jsonEscaped.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/** The span's prompt or completion contains `text` (ASCII case-insensitive). */
function contentContains(text: string) {
  const pattern = toContentPattern(text);
  return (eb: ExpressionBuilder<StoreSchema, "spans">): Expression<SqlBool> =>
    eb.exists(
      eb
        .selectFrom("span_content")
        .select(sql.lit(1).as("one"))
        .whereRef("span_content.project_id", "=", "spans.project_id")
        .whereRef("span_content.trace_id", "=", "spans.trace_id")
        .whereRef("span_content.span_id", "=", "spans.span_id")
        .where((inner) =>
          inner.or(
            SEARCHED_COLUMNS.map(
              (column) =>
                sql<SqlBool>`lower(${sql.ref(`span_content.${column}`)}) like ${pattern} escape '!'`,
            ),
          ),
        ),
    );
}

/**
 * One page of the project's spans matching `filters` and, when given, containing `text` in a
 * prompt or completion.
 *
 * @example
 * const page = await listSpansMatching(database, "default", { model: "gpt-4o" }, "refund", { limit: 50 });
 */
export async function listSpansMatching(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  text: string | undefined,
  page: SearchPage = {},
): Promise<Paged<SpanRecord>> {
  const limit = Math.min(MAX_SEARCH_PAGE, Math.max(1, Math.trunc(page.limit ?? 50) || 50));
  const after = page.cursor
    ? decodeCursor<[number, string, string]>(page.cursor, ["number", "string", "string"])
    : undefined;
  let query = database.kysely
    .selectFrom("spans")
    .selectAll("spans")
    .where(spanWhere(database.dialect, projectId, filters));
  if (text !== undefined && text !== "") query = query.where(contentContains(text));
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("spans.start_time", "spans.span_id", "spans.trace_id"), "<", eb.tuple(...after)),
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
