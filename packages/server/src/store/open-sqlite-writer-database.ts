/**
 * A second connection to an already migrated SQLite file, for the span writer's worker thread
 * (worker-span-writer.ts). Its own file so that the worker loads only the SQLite store modules
 * (no migrations, no pg): every module a worker imports is loaded again in its isolate.
 */
import type { Database } from "./open-database.js";
import { BACKSTOP_AUTOCHECKPOINT_PAGES } from "./sqlite-checkpointer.js";
import { openSqlite, sqliteDialect } from "./sqlite-dialect.js";
import { createSqliteSpanWrites } from "./sqlite-span-writes.js";

/**
 * Same pragmas as the main connection, and the same WAL backstop, so that this connection's
 * commits leave checkpoints to the checkpointer worker. No migrations, checkpointer or
 * optimizer: the main connection runs those.
 *
 * @example
 * const database = openSqliteWriterDatabase("/data/fallom.db");
 */
export function openSqliteWriterDatabase(path: string): Database {
  const { kysely, handle } = openSqlite(path);
  handle.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  return {
    kysely,
    dialect: sqliteDialect,
    sqliteSpanWrites: createSqliteSpanWrites(handle),
    sqlitePath: path,
    close: () => kysely.destroy(),
  };
}
