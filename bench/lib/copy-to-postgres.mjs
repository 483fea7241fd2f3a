/**
 * Copies a generated SQLite data set into a PostgreSQL database migrated by the server's own
 * `openDatabase`: every table, 10,000 rows per `insert … select * from unnest(…)` statement,
 * secondary indexes dropped during the load and recreated from their own definitions. Ends with
 * ANALYZE, which autovacuum would run on its own shortly after a bulk load.
 *
 * @example
 * await copySqliteToPostgres("/tmp/fallom-bench-1m/fallom.db", "postgres://…/bench", console.log);
 */
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { SERVER_DIST } from "./server-process.mjs";

const TABLES = [
  "projects",
  "api_keys",
  "spans",
  "span_tags",
  "span_content",
  "custom_metrics",
  "session_assignments",
  // The rollups (migration 0002), built by the generator with the server's own code.
  "trace_rollups",
  "session_rollups",
  "customer_rollups",
  "customer_sessions",
  "metric_rollups",
];
const ROWS_PER_STATEMENT = 10_000;

/**
 * @param {string} sqlitePath
 * @param {string} postgresUrl
 * @param {(line: string) => void} log
 */
export async function copySqliteToPostgres(sqlitePath, postgresUrl, log) {
  const { openDatabase } = await import(`${SERVER_DIST}store/open-database.js`);
  const migrated = await openDatabase(postgresUrl);
  await migrated.close();

  const source = new BetterSqlite3(sqlitePath, { readonly: true });
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const indexes = (
      await client.query(
        `select indexname, indexdef from pg_indexes where schemaname = 'public'
           and tablename = any($1) and indexname not in (
             select conname from pg_constraint where contype in ('p', 'u'))`,
        [TABLES],
      )
    ).rows;
    for (const index of indexes) await client.query(`drop index ${client.escapeIdentifier(index.indexname)}`);
    // The server created the default project and the benchmark key in SQLite: copy them as they are.
    await client.query("delete from api_keys");
    await client.query("delete from projects");

    let spans = 0;
    for (const table of TABLES) {
      const types = new Map(
        (
          await client.query(
            "select column_name, data_type from information_schema.columns where table_schema = 'public' and table_name = $1",
            [table],
          )
        ).rows.map((row) => [row.column_name, row.data_type]),
      );
      const statement = source.prepare(`select * from ${table}`).raw(true);
      const columns = statement.columns().map((column) => column.name);
      const casts = columns.map((column, i) => `$${i + 1}::${types.get(column) ?? "text"}[]`);
      const text = `insert into ${table} (${columns.join(", ")}) select * from unnest(${casts.join(", ")})`;
      let batch = columns.map(() => /** @type {unknown[]} */ ([]));
      let rows = 0;
      const flush = async () => {
        if ((batch[0]?.length ?? 0) === 0) return;
        await client.query(text, batch);
        batch = columns.map(() => []);
      };
      await client.query("begin");
      for (const row of statement.iterate()) {
        for (let i = 0; i < columns.length; i += 1) batch[i]?.push(row[i]);
        rows += 1;
        if (rows % ROWS_PER_STATEMENT === 0) await flush();
      }
      await flush();
      await client.query("commit");
      if (table === "spans") spans = rows;
      log(`  postgres: ${table} ${rows.toLocaleString("en-US")} rows`);
    }
    for (const index of indexes) await client.query(index.indexdef);
    log(`  postgres: ${indexes.length} secondary indexes rebuilt`);
    await client.query("analyze");
    return { spans };
  } finally {
    await client.end();
    source.close();
  }
}
