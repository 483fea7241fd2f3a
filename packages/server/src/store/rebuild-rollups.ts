/**
 * Rebuilds a project's rollups from its spans, with the same delta code the writer uses: the
 * backfill of migration 0002 and the benchmark generator (which bulk-loads spans) run it.
 * Spans are read in start-time order, a page at a time, so each page touches few hourly rows.
 */
import { type QueryResult, type RawBuilder, sql } from "kysely";
import { flushRollupChanges } from "./flush-rollup-changes.js";
import { RollupChanges } from "./rollup-changes.js";
import { ROLLUP_SPAN_COLUMNS, type RollupSpan, toRollupSpan } from "./rollup-span.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

export const ROLLUP_TABLES = [
  "trace_rollups",
  "session_rollups",
  "customer_rollups",
  "customer_sessions",
  "metric_rollups",
] as const;

const PAGE_SPANS = 5_000;

/**
 * Replaces `projectId`'s rollup rows by ones computed from its spans. Run it in a transaction
 * (or with no concurrent writer): spans written meanwhile would be counted twice or not at all.
 *
 * @example
 * await database.kysely.transaction().execute((trx) => rebuildRollups(trx, database.dialect, "default"));
 */
export async function rebuildRollups(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
): Promise<number> {
  for (const table of ROLLUP_TABLES) await db.deleteFrom(table).where("project_id", "=", projectId).execute();
  const select = (where: RawBuilder<unknown>, limit: number | null): Promise<QueryResult<RollupSpan>> =>
    sql<RollupSpan>`select ${sql.raw(ROLLUP_SPAN_COLUMNS.join(", "))} from spans
      where project_id = ${projectId} and ${where} order by start_time
      ${limit === null ? sql`` : sql`limit ${limit}`}`.execute(db);
  let spans = 0;
  let cursor: number | null = null;
  for (;;) {
    const page: RollupSpan[] = (
      await select(cursor === null ? sql`1 = 1` : sql`start_time >= ${cursor}`, PAGE_SPANS)
    ).rows;
    if (page.length === 0) return spans;
    const last = Number((page.at(-1) as RollupSpan).start_time);
    let rows: RollupSpan[] = page;
    if (page.length === PAGE_SPANS) {
      // The page may end inside a run of equal start times: take those with the next page.
      rows = page.filter((row) => Number(row.start_time) < last);
      if (rows.length === 0) rows = (await select(sql`start_time = ${last}`, null)).rows;
    }
    const changes = new RollupChanges();
    for (const row of rows) changes.add(toRollupSpan(row));
    await flushRollupChanges(db, dialect, projectId, changes);
    spans += rows.length;
    if (page.length < PAGE_SPANS) return spans;
    cursor =
      rows.length === page.length || rows.some((row) => Number(row.start_time) === last) ? last + 1 : last;
  }
}
