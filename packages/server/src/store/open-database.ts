/**
 * The dialect factory: one URL in, a migrated database out.
 */
import { type Kysely, sql } from "kysely";
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
  /** SQLite only: the database file (`:memory:` for an in-memory database). */
  readonly sqlitePath?: string;
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
    if (handle) {
      // Statistics for every table never analysed (see startSqliteOptimizer). The sampling limit
      // is not implied by optimize in the bundled SQLite: without it the first run on a file of
      // a million unanalysed spans is a full ANALYZE (2.5 s); with it 0.25 s.
      await sql`pragma analysis_limit = ${sql.lit(SQLITE_ANALYSIS_LIMIT)}`.execute(kysely);
      await sql`pragma optimize = 0x10002`.execute(kysely);
    }
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
  const optimizer = handle ? startSqliteOptimizer(kysely) : undefined;
  return {
    kysely,
    dialect,
    sqliteSpanWrites,
    ...(sqlitePath !== undefined ? { sqlitePath } : {}),
    async close() {
      await optimizer?.close();
      await checkpointer?.close();
      await kysely.destroy();
    },
  };
}

/** Rows ANALYZE samples per index (SQLite's recommended value for `PRAGMA optimize`). */
const SQLITE_ANALYSIS_LIMIT = 400;

/** How often a SQLite connection refreshes its planner statistics (`PRAGMA optimize`). */
export const SQLITE_OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Planner statistics for SQLite, which has none until ANALYZE runs: without them the planner
 * prefers `spans_newest` for any filter it cannot also sort by. `PRAGMA optimize` runs ANALYZE
 * only on tables never analysed or whose size changed a lot since, sampling at most
 * {@link SQLITE_ANALYSIS_LIMIT} rows per index, so it takes about a millisecond on an empty file
 * and ~0.25 s on a million spans. Run at open with 0x10000 (every table, not just those this connection has
 * queried; in openDatabase), then hourly on an unref'd timer (here), through Kysely so that it
 * waits for an open write transaction rather than running inside it.
 */
function startSqliteOptimizer(kysely: Kysely<StoreSchema>): { close(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sql`pragma optimize`
      .execute(kysely)
      .catch((error: unknown) => {
        console.error(
          `[fallom] PRAGMA optimize failed (retrying in an hour): ${(error as Error).stack ?? error}`,
        );
      })
      .finally(() => {
        running = undefined;
      });
  }, SQLITE_OPTIMIZE_INTERVAL_MS);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
