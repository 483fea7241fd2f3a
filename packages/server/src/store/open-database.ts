/**
 * The dialect factory: one URL in, a migrated database out.
 */
import type { Kysely } from "kysely";
import { migrateToLatest } from "./migrations/migrate-to-latest.js";
import { openPostgresKysely, postgresDialect } from "./postgres-dialect.js";
import type { StoreSchema } from "./schema.js";
import {
  BACKSTOP_AUTOCHECKPOINT_PAGES,
  type SqliteCheckpointer,
  startSqliteCheckpointer,
} from "./sqlite-checkpointer.js";
import { openSqlite, sqliteDialect } from "./sqlite-dialect.js";
import { createSqliteSpanWrites, type SqliteSpanWrites } from "./sqlite-span-writes.js";
import type { StoreDialect } from "./store-dialect.js";

export interface Database {
  readonly kysely: Kysely<StoreSchema>;
  readonly dialect: StoreDialect;
  /**
   * SQLite only: span writes through prepared statements on the connection itself, for use
   * inside a Kysely transaction (which holds that one connection). PostgreSQL has none.
   */
  readonly sqliteSpanWrites?: SqliteSpanWrites;
  /** Closes the pool or the SQLite file. Drain writers first. */
  close(): Promise<void>;
}

/**
 * Opens `sqlite:<path>` (also `sqlite::memory:` and `sqlite:///abs/path`) or
 * `postgres://…` / `postgresql://…`, and runs pending migrations.
 *
 * @example
 * const database = await openDatabase("sqlite:./data/fallom.db");
 * await database.close();
 */
export async function openDatabase(url: string): Promise<Database> {
  let kysely: Kysely<StoreSchema>;
  let dialect: StoreDialect;
  let handle: Parameters<typeof createSqliteSpanWrites>[0] | undefined;
  let sqlitePath: string | undefined;
  if (url.startsWith("sqlite:")) {
    let path = url.slice("sqlite:".length);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") throw new Error(`DATABASE_URL "${url}" names no SQLite file; use sqlite:<path>.`);
    ({ kysely, handle } = openSqlite(path));
    sqlitePath = path;
    dialect = sqliteDialect;
  } else if (/^postgres(ql)?:\/\//.test(url)) {
    kysely = openPostgresKysely(url);
    dialect = postgresDialect;
  } else {
    // The URL may hold a password: name only its scheme.
    const scheme = url.split(":")[0] ?? "";
    throw new Error(
      `Unsupported DATABASE_URL scheme "${scheme}": use sqlite:<path> or postgres://user:pass@host/db.`,
    );
  }
  try {
    await migrateToLatest(kysely);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  // Prepared after the migrations: the statements name the tables.
  const sqliteSpanWrites = handle ? createSqliteSpanWrites(handle) : undefined;
  let checkpointer: SqliteCheckpointer | undefined;
  if (handle && sqlitePath !== undefined && sqlitePath !== ":memory:") {
    handle.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    checkpointer = startSqliteCheckpointer(sqlitePath);
  }
  return {
    kysely,
    dialect,
    sqliteSpanWrites,
    async close() {
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}
