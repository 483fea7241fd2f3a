/**
 * Session rollups (SPEC §5.8 `GET /api/v1/sessions[/{id}]`): spans grouped by `session_id`,
 * newest activity first. A session detail adds its LLM calls, custom metrics (§5.6) and model
 * assignments (§7.5).
 */
import { sql } from "kysely";
import type { SpanRecord } from "../domain/span-record.js";
import { LLM_KINDS } from "./cross-source-duplicates.js";
import { clampLimit, decodeCursor, encodeCursor } from "./cursor.js";
import { type CustomMetrics, getCustomMetrics } from "./custom-metrics-repository.js";
import type { Database } from "./open-database.js";
import { type RollupSums, rollupColumns, sumsFromRollupRow, toRollupSums } from "./rollup-columns.js";
import { listSessionAssignments, type SessionAssignment } from "./session-assignment-repository.js";
import { hasFilters, type SpanFilters, spanWhere } from "./span-filters.js";
import { type Paged, toRecords } from "./span-queries.js";

export type SessionSummary = RollupSums & {
  session_id: string;
  /** The session's config key (the greatest, if its spans name several). */
  config_key: string;
  customer_id: string | null;
  /** LLM calls (kind llm/embedding), aggregates and duplicates excluded; `errors` among them. */
  calls: number;
  /** µs of the first span start. */
  first_activity: number;
  /** µs of the last span end (or start). */
  last_activity: number;
  duration_ms: number;
};

/** In the detail, `calls` is one page of the calls; their count stays in `llm_calls`. */
export type SessionDetail = Omit<SessionSummary, "calls"> & {
  /** One page of the session's LLM calls, oldest first, with content. */
  calls: SpanRecord[];
  /** Pass as `cursor` for the next page of calls; null on the last page. */
  next_cursor: string | null;
  custom_metrics: CustomMetrics[];
  assignments: SessionAssignment[];
};

/** A session row (rollup or live aggregate) and its sums as the API's summary. */
function toSessionSummary(
  row: {
    session_id: string;
    config_key: string;
    customer_id: string | null;
    first_activity: number | string;
    last_activity: number | string;
  },
  sums: RollupSums,
): SessionSummary {
  const first = Number(row.first_activity);
  const last = Number(row.last_activity);
  return {
    session_id: row.session_id,
    config_key: row.config_key,
    customer_id: row.customer_id,
    calls: sums.llm_calls,
    ...sums,
    first_activity: first,
    last_activity: last,
    duration_ms: (last - first) / 1000,
  };
}

const lastActivity = sql<number>`max(coalesce(spans.end_time, spans.start_time))`;

/**
 * Whole sessions from `session_rollups` (no span filter): a page of the newest-activity index,
 * or the one session `sessionId`.
 */
async function querySessionRollups(
  database: Database,
  projectId: string,
  page: { limit: number; after?: [number, string]; sessionId?: string },
): Promise<SessionSummary[]> {
  let query = database.kysely
    .selectFrom("session_rollups")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("span_count", ">", 0);
  if (page.sessionId !== undefined) query = query.where("session_id", "=", page.sessionId);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb("last_activity", "<", after[0]),
        eb.and([eb("last_activity", "=", after[0]), eb("session_id", "<", after[1])]),
      ]),
    );
  }
  const rows = await query
    .orderBy("last_activity", "desc")
    .orderBy("session_id", "desc")
    .limit(page.limit)
    .execute();
  return rows.map((row) => toSessionSummary(row, sumsFromRollupRow(row)));
}

async function querySessions(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  page: { limit: number; after?: [number, string] },
): Promise<SessionSummary[]> {
  // Without filters a session's summary covers all its spans: the rollup row is that summary.
  if (!hasFilters(filters)) return querySessionRollups(database, projectId, page);
  let query = database.kysely
    .selectFrom("spans")
    .select((eb) => [
      "spans.session_id",
      eb.fn.max("spans.config_key").as("config_key"),
      eb.fn.max("spans.customer_id").as("customer_id"),
      eb.fn.min("spans.start_time").as("first_activity"),
      lastActivity.as("last_activity"),
      ...rollupColumns(),
    ])
    .where(spanWhere(database.dialect, projectId, filters))
    .where("spans.session_id", "is not", null)
    .groupBy("spans.session_id");
  const after = page.after;
  if (after) {
    query = query.having((eb) =>
      eb.or([
        eb(lastActivity, "<", after[0]),
        eb.and([eb(lastActivity, "=", after[0]), eb("spans.session_id", "<", after[1])]),
      ]),
    );
  }
  const rows = await query
    .orderBy("last_activity", "desc")
    .orderBy("spans.session_id", "desc")
    .limit(page.limit)
    .execute();
  return rows.map((row) =>
    toSessionSummary({ ...row, session_id: row.session_id as string }, toRollupSums(row)),
  );
}

/**
 * @example
 * const { data } = await listSessions(database, projectId, { config_key: "chat" }, { limit: 50 });
 */
export async function listSessions(
  database: Database,
  projectId: string,
  filters: SpanFilters,
  page: { limit?: number; cursor?: string } = {},
): Promise<Paged<SessionSummary>> {
  const limit = clampLimit(page.limit);
  const after = page.cursor ? decodeCursor<[number, string]>(page.cursor, ["number", "string"]) : undefined;
  const rows = await querySessions(database, projectId, filters, {
    limit: limit + 1,
    ...(after ? { after } : {}),
  });
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return {
    data,
    next_cursor: rows.length > limit && last ? encodeCursor([last.last_activity, last.session_id]) : null,
  };
}

/** Calls per session-detail page when the caller names no `limit` (at most 200, like lists). */
export const SESSION_CALLS_PAGE = 50;

/**
 * One page of the session's LLM calls, oldest first (start_time, span_id, trace_id ascending),
 * after the keyset `after`. `spans_session` ends in the same columns descending, so this reads the
 * index backwards from the cursor: a page costs the same however long the session is.
 */
function selectCallRows(
  database: Database,
  projectId: string,
  sessionId: string,
  limit: number,
  after: [number, string, string] | undefined,
) {
  let query = database.kysely
    .selectFrom("spans")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("session_id", "=", sessionId)
    .where("kind", "in", LLM_KINDS);
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("start_time", "span_id", "trace_id"), ">", eb.tuple(...after)),
    );
  }
  return query.orderBy("start_time").orderBy("span_id").orderBy("trace_id").limit(limit).execute();
}

/**
 * The session's summary, custom metrics and model assignments, and one page of its LLM calls
 * (oldest first, with content; `limit` 1..200, default {@link SESSION_CALLS_PAGE}; follow
 * `next_cursor` for the rest). Null when the project knows nothing of the session.
 *
 * @example
 * const first = await getSession(database, projectId, "s-1");
 * const second = first?.next_cursor ? await getSession(database, projectId, "s-1", { cursor: first.next_cursor }) : null;
 */
export async function getSession(
  database: Database,
  projectId: string,
  sessionId: string,
  page: { limit?: number; cursor?: string } = {},
): Promise<SessionDetail | null> {
  const limit = clampLimit(page.limit ?? SESSION_CALLS_PAGE);
  const after = page.cursor
    ? decodeCursor<[number, string, string]>(page.cursor, ["number", "string", "string"])
    : undefined;
  const [summary] = await querySessionRollups(database, projectId, { limit: 1, sessionId });
  const [customMetrics, assignments] = await Promise.all([
    getCustomMetrics(database, projectId, sessionId),
    listSessionAssignments(database, projectId, sessionId),
  ]);
  if (!summary && customMetrics.length === 0 && assignments.length === 0) return null;
  const rows = await selectCallRows(database, projectId, sessionId, limit + 1, after);
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  const base: SessionSummary = summary ?? {
    session_id: sessionId,
    config_key: customMetrics[0]?.config_key ?? assignments[0]?.config_key ?? "",
    customer_id: null,
    calls: 0,
    llm_calls: 0,
    errors: 0,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: null,
    unpriced_calls: 0,
    first_activity: 0,
    last_activity: 0,
    duration_ms: 0,
  };
  return {
    ...base,
    calls: await toRecords(database, projectId, pageRows, true),
    next_cursor:
      rows.length > limit && last ? encodeCursor([last.start_time, last.span_id, last.trace_id]) : null,
    custom_metrics: customMetrics,
    assignments,
  };
}
