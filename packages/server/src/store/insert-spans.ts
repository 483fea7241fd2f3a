/**
 * Idempotent span writes (SPEC §5.2 "Durability and dedupe"): keyed on (project, trace_id,
 * span_id), the first stored version wins, except that a stored span without an end time is
 * replaced by a complete one. Narrow rows, content rows and tag rows are written together, in
 * multi-row statements, inside the caller's transaction.
 */
import type { SpanRecord } from "../domain/span-record.js";
import { insertRows } from "./bulk-sql.js";
import { linkCrossSourceDuplicates } from "./cross-source-duplicates.js";
import { flushRollupChanges } from "./flush-rollup-changes.js";
import type { Database } from "./open-database.js";
import { RollupChanges } from "./rollup-changes.js";
import { type RollupSpan, selectRollupSpans, toRollupSpan } from "./rollup-span.js";
import { chunk, type SpanKey, spanKeyString, spanKeysIn } from "./span-keys.js";
import {
  CONTENT_COLUMNS,
  CONTENT_ROW_COLUMNS,
  type ContentValues,
  SPAN_COLUMNS,
  type SpanRow,
  TAG_COLUMNS,
  toContentRow,
  toSpanRow,
  toTagRows,
} from "./span-row.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

export type InsertOutcome = "inserted" | "replaced" | "skipped";

export interface InsertResult {
  inserted: number;
  replaced: number;
  skipped: number;
}

const UPDATED_ON_REPLACE = SPAN_COLUMNS.filter(
  (column) => column !== "project_id" && column !== "trace_id" && column !== "span_id",
);

export function countOutcomes(outcomes: readonly InsertOutcome[]): InsertResult {
  const result: InsertResult = { inserted: 0, replaced: 0, skipped: 0 };
  for (const outcome of outcomes) result[outcome] += 1;
  return result;
}

/** Stored keys among `keys`: their rollup columns (a replacement subtracts them). */
function findStored(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  keys: SpanKey[],
): Promise<Map<string, RollupSpan>> {
  return selectRollupSpans(db, dialect, projectId, keys);
}

// The conflict clause re-checks the rule in the database, so a concurrent writer (another
// process) that stored the key first is still respected.
const SPAN_UPSERT =
  "on conflict (project_id, trace_id, span_id) do update set " +
  UPDATED_ON_REPLACE.map((column) => `${column} = excluded.${column}`).join(", ") +
  " where spans.end_time is null and excluded.end_time is not null returning trace_id, span_id";

const CONTENT_UPSERT =
  "on conflict (project_id, trace_id, span_id) do update set " +
  CONTENT_COLUMNS.map((column) => `${column} = excluded.${column}`).join(", ");

/**
 * Writes `records` inside `db` (a transaction, normally) and returns one outcome per record, in
 * order. Records repeating a key are applied in order, as if sent one after the other. On SQLite
 * the rows go through the connection's prepared statements (`database.sqliteSpanWrites`); `db`
 * must then be a transaction, which holds that connection. `contents` (SQLite only): record i's
 * content columns already serialised, when `contents[i]` is not undefined (the worker writer's
 * records then travel without their content).
 */
export async function insertSpansWith(
  db: Executor,
  database: Pick<Database, "dialect" | "sqliteSpanWrites">,
  projectId: string,
  records: readonly SpanRecord[],
  contents?: ReadonlyArray<ContentValues | null | undefined>,
): Promise<InsertOutcome[]> {
  if (records.length === 0) return [];
  const { dialect, sqliteSpanWrites } = database;
  const changes = new RollupChanges();
  if (contents && !sqliteSpanWrites) {
    throw new Error("Serialised span contents are only written through the SQLite span writes.");
  }
  if (sqliteSpanWrites) {
    const outcomes = sqliteSpanWrites.write(projectId, records, changes, contents);
    const written = records.filter((_, index) => outcomes[index] !== "skipped");
    await linkCrossSourceDuplicates(
      db,
      dialect,
      projectId,
      written,
      changes,
      sqliteSpanWrites.findLlmSpansByResponseIds,
    );
    await flushRollupChanges(db, dialect, projectId, changes, sqliteSpanWrites.rollupRows);
    return outcomes;
  }
  const uniqueKeys = new Map<string, SpanKey>();
  for (const record of records) uniqueKeys.set(spanKeyString(record), record);
  const stored = await findStored(db, dialect, projectId, [...uniqueKeys.values()]);

  // Replay the batch against what is stored: which record ends up as each key's row?
  const outcomes: InsertOutcome[] = [];
  const current = new Map<string, { incomplete: boolean; index?: number }>();
  for (const [key, row] of stored) current.set(key, { incomplete: row.end_time === null });
  for (const [index, record] of records.entries()) {
    const key = spanKeyString(record);
    const state = current.get(key);
    if (!state) {
      outcomes.push("inserted");
      current.set(key, { incomplete: record.end_time === null, index });
    } else if (state.incomplete && record.end_time !== null) {
      outcomes.push("replaced");
      current.set(key, { incomplete: false, index });
    } else {
      outcomes.push("skipped");
    }
  }
  // Key order: concurrent writers (PostgreSQL, several processes) then take row locks in the
  // same order and cannot deadlock on overlapping batches.
  const winners = [...current.entries()]
    .flatMap(([key, state]) => (state.index === undefined ? [] : [{ key, index: state.index }]))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((winner) => winner.index);
  if (winners.length === 0) return outcomes;

  const ingestedAt = Date.now() * 1000;
  const winnerRows = winners.map((index) => toSpanRow(projectId, records[index] as SpanRecord, ingestedAt));
  const returned = await insertRows<SpanRow, SpanKey>(
    db,
    dialect,
    "spans",
    SPAN_COLUMNS,
    winnerRows,
    SPAN_UPSERT,
  );
  const written = new Set(returned.map(spanKeyString));

  // A planned write the database refused (a concurrent complete version won) is a skip.
  for (const index of winners) {
    const record = records[index] as SpanRecord;
    if (!written.has(spanKeyString(record))) outcomes[index] = "skipped";
  }

  const writtenRows = winnerRows.filter((row) => written.has(spanKeyString(row)));
  for (const row of writtenRows) {
    const before = stored.get(spanKeyString(row));
    if (before) changes.change(before, toRollupSpan(row));
    else changes.add(toRollupSpan(row));
  }
  const writtenRecords = winners
    .map((index) => records[index] as SpanRecord)
    .filter((record) => written.has(spanKeyString(record)));
  await replaceContentAndTags(db, dialect, projectId, writtenRecords, stored);
  await linkCrossSourceDuplicates(db, dialect, projectId, writtenRecords, changes);
  await flushRollupChanges(db, dialect, projectId, changes);
  return outcomes;
}

async function replaceContentAndTags(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  records: SpanRecord[],
  stored: Map<string, unknown>,
): Promise<void> {
  const replacedKeys = records.filter((record) => stored.has(spanKeyString(record)));
  for (const part of chunk(replacedKeys, 2, dialect.maxBindParameters)) {
    await db.deleteFrom("span_content").where("project_id", "=", projectId).where(spanKeysIn(part)).execute();
    await db.deleteFrom("span_tags").where("project_id", "=", projectId).where(spanKeysIn(part)).execute();
  }

  const contentRows = records.flatMap((record) => toContentRow(projectId, record) ?? []);
  await insertRows(db, dialect, "span_content", CONTENT_ROW_COLUMNS, contentRows, CONTENT_UPSERT);
  const tagRows = records.flatMap((record) => toTagRows(projectId, record));
  await insertRows(db, dialect, "span_tags", TAG_COLUMNS, tagRows, "on conflict do nothing");
}

/**
 * Inserts `records` for `projectId` in one transaction. Prefer the group-commit writer
 * (`createSpanWriter`) on the ingest path; this is the direct form.
 *
 * @example
 * const { inserted, replaced, skipped } = await insertSpans(database, "default", records);
 */
export async function insertSpans(
  database: Database,
  projectId: string,
  records: readonly SpanRecord[],
): Promise<InsertResult> {
  const outcomes = await database.kysely
    .transaction()
    .execute((trx) => insertSpansWith(trx, database, projectId, records));
  return countOutcomes(outcomes);
}
