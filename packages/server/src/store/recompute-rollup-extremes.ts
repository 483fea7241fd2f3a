/**
 * The non-additive part of the rollups: after spans were deleted or moved, empty rollup rows are
 * deleted and the minima, maxima and roots of the traces, sessions and customers that lost a span
 * are recomputed from the stored spans (bounded by the trace's or session's size; a customer only
 * when it lost its latest span).
 */
import { sql } from "kysely";
import { maxOf, minOf, type RootCandidate, ranksBefore, rootCandidateOf } from "./rollup-changes.js";
import type { RollupSpan } from "./rollup-span.js";
import { chunk } from "./span-keys.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

export async function deleteEmpty(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  table: "trace_rollups" | "session_rollups" | "customer_rollups",
  keyColumn: string,
  keys: Iterable<string>,
): Promise<void> {
  for (const part of chunk([...keys], 1, dialect.maxBindParameters)) {
    await sql`delete from ${sql.table(table)} where project_id = ${projectId} and span_count <= 0
      and ${sql.ref(keyColumn)} in (${sql.join(part)})`.execute(db);
  }
}

type ExtremeSpan = Pick<
  RollupSpan,
  | "trace_id"
  | "span_id"
  | "parent_span_id"
  | "name"
  | "start_time"
  | "end_time"
  | "config_key"
  | "session_id"
  | "customer_id"
>;

export async function recomputeTraces(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  traceIds: string[],
): Promise<void> {
  for (const part of chunk(traceIds, 1, dialect.maxBindParameters)) {
    const spans = (await db
      .selectFrom("spans")
      .select([
        "trace_id",
        "span_id",
        "parent_span_id",
        "name",
        "start_time",
        "end_time",
        "config_key",
        "session_id",
        "customer_id",
      ])
      .where("project_id", "=", projectId)
      .where("trace_id", "in", part)
      .execute()) as ExtremeSpan[];
    const byTrace = new Map<string, { start: number | null; end: number | null; root: RootCandidate }>();
    for (const span of spans) {
      const candidate = rootCandidateOf(span as RollupSpan);
      const start = Number(span.start_time);
      const end = Number(span.end_time ?? span.start_time);
      const current = byTrace.get(span.trace_id);
      if (!current) byTrace.set(span.trace_id, { start, end, root: candidate });
      else {
        current.start = minOf(current.start, start);
        current.end = maxOf(current.end, end);
        if (ranksBefore(candidate, current.root)) current.root = candidate;
      }
    }
    for (const [traceId, extremes] of byTrace) {
      await db
        .updateTable("trace_rollups")
        .set({ start_time: extremes.start as number, end_time: extremes.end as number, ...extremes.root })
        .where("project_id", "=", projectId)
        .where("trace_id", "=", traceId)
        .execute();
    }
  }
}

export async function recomputeSessions(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  sessionIds: string[],
): Promise<void> {
  for (const part of chunk(sessionIds, 1, dialect.maxBindParameters)) {
    const rows = await db
      .selectFrom("spans")
      .select((eb) => [
        "session_id",
        eb.fn.min("start_time").as("first_activity"),
        sql<number>`max(coalesce(end_time, start_time))`.as("last_activity"),
        eb.fn.max("config_key").as("config_key"),
        eb.fn.max("customer_id").as("customer_id"),
      ])
      .where("project_id", "=", projectId)
      .where("session_id", "in", part)
      .groupBy("session_id")
      .execute();
    for (const row of rows) {
      await db
        .updateTable("session_rollups")
        .set({
          first_activity: Number(row.first_activity),
          last_activity: Number(row.last_activity),
          config_key: row.config_key,
          customer_id: row.customer_id,
        })
        .where("project_id", "=", projectId)
        .where("session_id", "=", row.session_id as string)
        .execute();
    }
  }
}

export async function recomputeCustomers(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  lost: ReadonlyMap<string, number>,
): Promise<void> {
  for (const part of chunk([...lost.keys()], 1, dialect.maxBindParameters)) {
    const stored = await db
      .selectFrom("customer_rollups")
      .select(["customer_id", "last_activity"])
      .where("project_id", "=", projectId)
      .where("customer_id", "in", part)
      .execute();
    // Only a customer that lost its latest span has a new maximum.
    const stale = stored
      .filter((row) => Number(row.last_activity) <= (lost.get(row.customer_id) ?? 0))
      .map((row) => row.customer_id);
    if (stale.length === 0) continue;
    const rows = await db
      .selectFrom("spans")
      .select(["customer_id", sql<number>`max(coalesce(end_time, start_time))`.as("last_activity")])
      .where("project_id", "=", projectId)
      .where("customer_id", "in", stale)
      .groupBy("customer_id")
      .execute();
    for (const row of rows) {
      await db
        .updateTable("customer_rollups")
        .set({ last_activity: Number(row.last_activity) })
        .where("project_id", "=", projectId)
        .where("customer_id", "=", row.customer_id as string)
        .execute();
    }
  }
}
