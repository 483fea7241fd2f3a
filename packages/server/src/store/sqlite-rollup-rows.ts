/**
 * Rollup rows on SQLite through single-row statements prepared once per statement text on the
 * better-sqlite3 handle: the writer's multi-row statements change text with their row count, so
 * SQLite prepared each anew per commit, and Kysely added its per-call cost. Must run inside the
 * write transaction open on `handle`.
 */
import type BetterSqlite3 from "better-sqlite3";
import { METRIC_COLUMNS, type MetricKey, type RollupRowWriter } from "./flush-rollup-changes.js";
import type { MetricRollupsTable } from "./schema.js";

export function createSqliteRollupRows(handle: BetterSqlite3.Database): RollupRowWriter {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string): BetterSqlite3.Statement => {
    let statement = statements.get(text);
    if (!statement) {
      statement = handle.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const selectMetric = () =>
    prepared(
      `select ${METRIC_COLUMNS.join(", ")} from metric_rollups ` +
        "where project_id = ? and dimension = ? and bucket = ? and value = ?",
    );

  return {
    upsert(table, columns, rows, suffix) {
      if (rows.length === 0) return;
      const statement = prepared(
        `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")}) ${suffix}`,
      );
      for (const row of rows) {
        const record = row as Record<string, unknown>;
        statement.run(columns.map((column) => record[column] ?? null));
      }
    },
    selectMetrics(projectId: string, keys: readonly MetricKey[]) {
      const statement = selectMetric();
      const out: MetricRollupsTable[] = [];
      for (const key of keys) {
        const row = statement.get(projectId, key.dimension, key.bucket, key.value) as
          | MetricRollupsTable
          | undefined;
        if (row) out.push(row);
      }
      return out;
    },
  };
}
