/**
 * The dialect factory: one URL in, a migrated database out.
 */
import type { Kysely } from "kysely";
import { migrateToLatest } from "./migrations/migrate-to-latest.js";
import { openPostgresKysely, postgresDialect } from "./postgres-dialect.js";
import type { StoreSchema } from "./schema.js";
import { openSqliteKysely, sqliteDialect } from "./sqlite-dialect.js";
import type { StoreDialect } from "./store-dialect.js";

export interface Database {
  readonly kysely: Kysely<StoreSchema>;
  readonly dialect: StoreDialect;
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
  if (url.startsWith("sqlite:")) {
    let path = url.slice("sqlite:".length);
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") throw new Error(`DATABASE_URL "${url}" names no SQLite file; use sqlite:<path>.`);
    kysely = openSqliteKysely(path);
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
  return { kysely, dialect, close: () => kysely.destroy() };
}
