/**
 * The SQLite write path for spans: the same rules as `insertSpansWith` (SPEC §5.2), run record
 * by record through a handful of prepared statements cached on the better-sqlite3 handle. SQLite
 * must prepare a multi-row insert anew whenever its row count changes, and Kysely's per-call
 * overhead is paid per statement; single-row prepared statements avoid both (measured: the
 * store's SQLite CPU per span roughly halves). Must run inside an open transaction on `handle`.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { SpanRecord } from "../domain/span-record.js";
import {
  type FindLlmSpansByResponseIds,
  LLM_KINDS,
  LLM_SPAN_REF_COLUMNS,
  type LlmSpanRef,
} from "./cross-source-duplicates.js";
import type { RollupRowWriter } from "./flush-rollup-changes.js";
import type { InsertOutcome } from "./insert-spans.js";
import type { RollupChanges } from "./rollup-changes.js";
import { ROLLUP_SPAN_COLUMNS, type RollupSpan, toRollupSpan } from "./rollup-span.js";
import {
  CONTENT_COLUMNS,
  CONTENT_ROW_COLUMNS,
  type ContentValues,
  SPAN_COLUMNS,
  TAG_COLUMNS,
  toContentValues,
  toSpanRow,
  uniqueTags,
} from "./span-row.js";
import { createSqliteRollupRows } from "./sqlite-rollup-rows.js";

const KEY_COLUMNS = ["project_id", "trace_id", "span_id"] as const;
const UPDATED_ON_REPLACE = SPAN_COLUMNS.filter(
  (column) => !(KEY_COLUMNS as readonly string[]).includes(column),
);

/** Response ids per duplicate probe (a fixed size, so one prepared statement serves every chunk). */
const RESPONSE_ID_CHUNK = 100;

const placeholders = (count: number): string => Array.from({ length: count }, () => "?").join(", ");

export interface SqliteSpanWrites {
  /**
   * Writes `records` in order and returns one outcome per record; rollup deltas go to `changes`.
   * `contents[i]`, when given (not undefined), is record i's content already serialised.
   */
  write(
    projectId: string,
    records: readonly SpanRecord[],
    changes: RollupChanges,
    contents?: ReadonlyArray<ContentValues | null | undefined>,
  ): InsertOutcome[];
  /** The cross-source duplicate lookup (SPEC §6.3): one statement per 100 response ids, rows only for shared ones. */
  findLlmSpansByResponseIds: FindLlmSpansByResponseIds;
  /** Rollup rows through prepared statements on the same handle. */
  rollupRows: RollupRowWriter;
}

/** The statements, prepared once per handle. */
export function createSqliteSpanWrites(handle: BetterSqlite3.Database): SqliteSpanWrites {
  const insertSpan = handle.prepare(
    `insert into spans (${SPAN_COLUMNS.join(", ")}) values (${placeholders(SPAN_COLUMNS.length)}) ` +
      "on conflict (project_id, trace_id, span_id) do nothing",
  );
  // Replacement of a stored span that has no end time by a complete one; the guard re-checks
  // the rule in the database.
  const replaceSpan = handle.prepare(
    `update spans set ${UPDATED_ON_REPLACE.map((column) => `${column} = ?`).join(", ")} ` +
      "where project_id = ? and trace_id = ? and span_id = ? and end_time is null",
  );
  const selectRollupSpan = handle.prepare<[string, string, string], RollupSpan>(
    `select ${ROLLUP_SPAN_COLUMNS.join(", ")} from spans where project_id = ? and trace_id = ? and span_id = ?`,
  );
  const upsertContent = handle.prepare(
    `insert into span_content (${CONTENT_ROW_COLUMNS.join(", ")}) ` +
      `values (${placeholders(CONTENT_ROW_COLUMNS.length)}) ` +
      "on conflict (project_id, trace_id, span_id) do update set " +
      CONTENT_COLUMNS.map((column) => `${column} = excluded.${column}`).join(", "),
  );
  const deleteContent = handle.prepare(
    "delete from span_content where project_id = ? and trace_id = ? and span_id = ?",
  );
  const deleteTags = handle.prepare(
    "delete from span_tags where project_id = ? and trace_id = ? and span_id = ?",
  );
  const insertTag = handle.prepare(
    `insert into span_tags (${TAG_COLUMNS.join(", ")}) values (${placeholders(TAG_COLUMNS.length)}) ` +
      "on conflict do nothing",
  );

  const llmKinds = `kind in (${LLM_KINDS.map((kind) => `'${kind}'`).join(", ")})`;
  const findByResponseId = handle.prepare<[string, string], LlmSpanRef>(
    `select ${LLM_SPAN_REF_COLUMNS.join(", ")} from spans where project_id = ? and response_id = ? and ${llmKinds}`,
  );
  // Which of a chunk of response ids are carried by LLM spans of two sources or more: only those
  // can be cross-source duplicates. One statement per chunk instead of a row object per span
  // (each new span finds at least itself); the chunk is padded by repeating an id.
  const sharedResponseIds = handle
    .prepare<unknown[], string>(
      `select response_id from spans where project_id = ? and response_id is not null ` +
        `and response_id in (${placeholders(RESPONSE_ID_CHUNK)}) and ${llmKinds} ` +
        "group by response_id having count(distinct source) > 1",
    )
    .pluck();

  function writeContentAndTags(
    projectId: string,
    record: SpanRecord,
    prepared: ContentValues | null | undefined,
  ): void {
    const content = prepared === undefined ? toContentValues(record) : prepared;
    if (content) upsertContent.run(projectId, record.trace_id, record.span_id, ...content);
    for (const tag of uniqueTags(record))
      insertTag.run(projectId, record.trace_id, record.span_id, tag, record.start_time);
  }

  return {
    rollupRows: createSqliteRollupRows(handle),
    write(projectId, records, changes, contents) {
      const ingestedAt = Date.now() * 1000;
      const outcomes: InsertOutcome[] = [];
      for (const [index, record] of records.entries()) {
        const content = contents?.[index];
        const row = toSpanRow(projectId, record, ingestedAt);
        if (insertSpan.run(SPAN_COLUMNS.map((column) => row[column] ?? null)).changes === 1) {
          outcomes.push("inserted");
          changes.add(toRollupSpan(row));
          writeContentAndTags(projectId, record, content);
          continue;
        }
        if (record.end_time === null) {
          outcomes.push("skipped");
          continue;
        }
        const before = selectRollupSpan.get(projectId, record.trace_id, record.span_id);
        const values: unknown[] = UPDATED_ON_REPLACE.map((column) => row[column] ?? null);
        values.push(projectId, record.trace_id, record.span_id);
        if (!before || replaceSpan.run(values).changes === 0) {
          outcomes.push("skipped");
          continue;
        }
        outcomes.push("replaced");
        changes.change(toRollupSpan(before), toRollupSpan(row));
        deleteContent.run(projectId, record.trace_id, record.span_id);
        deleteTags.run(projectId, record.trace_id, record.span_id);
        writeContentAndTags(projectId, record, content);
      }
      return outcomes;
    },
    findLlmSpansByResponseIds(_db, projectId, responseIds) {
      const out: LlmSpanRef[] = [];
      for (let start = 0; start < responseIds.length; start += RESPONSE_ID_CHUNK) {
        const part = responseIds.slice(start, start + RESPONSE_ID_CHUNK);
        while (part.length < RESPONSE_ID_CHUNK) part.push(part[0] as string);
        for (const responseId of sharedResponseIds.all(projectId, ...part))
          out.push(...findByResponseId.all(projectId, responseId));
      }
      return out;
    },
  };
}
