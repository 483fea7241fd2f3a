/**
 * SQLite through better-sqlite3 (one connection, WAL). A 200 promises durability
 * (docs/decisions/002-sqlite-durability.md): every commit is fsynced before its promise resolves
 * — by SQLite itself (`synchronous=FULL`) for `:memory:`, and for a file by an fsync of the WAL on
 * the thread pool after a `synchronous=NORMAL` commit (sqlite-wal-sync.ts, decision 005), so the
 * event loop does not stall while the disk flushes. The group-commit writer amortises the fsync.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
import type { StoreSchema } from "./schema.js";
import { fileWalSync, type WalSync, WalSyncedConnection } from "./sqlite-wal-sync.js";
import type { GroupKey, StoreDialect } from "./store-dialect.js";
import { StoreInputError } from "./store-input-error.js";

function jsonPath(key: string): string {
  if (key.includes('"')) {
    throw new StoreInputError("invalid_filter", `Metadata keys containing '"' cannot be filtered on: ${key}`);
  }
  return `$."${key}"`;
}

export const sqliteDialect: StoreDialect = {
  name: "sqlite",
  maxBindParameters: 32_766,
  concurrentWriters: false,
  nativePercentiles: false,
  placeholder: () => "?",

  // Transactions begin IMMEDIATE (openSqlite) and wait up to busy_timeout for the write lock, so
  // a second connection (the span writer's worker thread) never makes a transaction fail midway;
  // only a lock held longer than busy_timeout (a very long admin transaction) surfaces as
  // SQLITE_BUSY, and running the transaction again is then safe (it rolled back).
  isTransientError: (error) =>
    typeof (error as { code?: unknown } | null)?.code === "string" &&
    ((error as { code: string }).code === "SQLITE_BUSY" ||
      (error as { code: string }).code.startsWith("SQLITE_BUSY_")),

  jsonText(column, key) {
    const path = jsonPath(key);
    const ref = sql.ref(column);
    // `->` keeps a number's JSON spelling (PostgreSQL's `->>` does too); strings lose their quotes.
    return sql<string | null>`(case json_type(${ref}, ${path})
      when 'text' then json_extract(${ref}, ${path})
      when 'null' then null
      else ${ref} -> ${path} end)`;
  },

  jsonMerge(existing, incoming) {
    return sql<string>`json_patch(${sql.ref(existing)}, ${sql.ref(incoming)})`;
  },

  timeBucket(column, unit) {
    const format = unit === "day" ? "%Y-%m-%d" : "%Y-%m-%dT%H:00:00Z";
    return sql<string>`strftime(${sql.lit(format)}, ${sql.ref(column)} / 1000000, 'unixepoch')`;
  },

  async percentiles(db, values, fractions) {
    // SQLite has no percentile aggregate: rank each group's values with window functions and
    // fetch only the two rows around each wanted position, then interpolate like percentile_cont.
    const positions = fractions.map(
      (f) =>
        sql`r.rn = cast(${sql.lit(f)} * (r.n - 1) as integer) or r.rn = cast(${sql.lit(f)} * (r.n - 1) as integer) + 1`,
    );
    const result = await sql<{ g: GroupKey; n: number; rn: number; x: number }>`
      select r.g as g, r.n as n, r.rn as rn, r.x as x from (
        select v.g as g, v.x as x,
          row_number() over (partition by v.g order by v.x) - 1 as rn,
          count(*) over (partition by v.g) as n
        from ${values} as v where v.x is not null
      ) as r
      where ${sql.join(positions, sql` or `)}`.execute(db);

    const groups = new Map<GroupKey, { n: number; byRank: Map<number, number> }>();
    for (const row of result.rows) {
      let group = groups.get(row.g);
      if (!group) {
        group = { n: row.n, byRank: new Map() };
        groups.set(row.g, group);
      }
      group.byRank.set(row.rn, row.x);
    }
    const out = new Map<GroupKey, number[]>();
    for (const [g, { n, byRank }] of groups) {
      out.set(
        g,
        fractions.map((f) => {
          const position = f * (n - 1);
          const low = Math.trunc(position);
          const lowValue = byRank.get(low) ?? 0;
          const highValue = byRank.get(low + 1) ?? lowValue;
          return lowValue + (position - low) * (highValue - lowValue);
        }),
      );
    }
    return out;
  },
};

/**
 * Transactions that take the write lock when they begin. Kysely's SQLite driver begins DEFERRED
 * transactions, which take the lock at their first write; in WAL mode a transaction that read
 * first and meanwhile saw another connection commit then fails at once with SQLITE_BUSY_SNAPSHOT
 * (busy_timeout cannot help). With the span writer on its own connection in a worker thread
 * (worker-span-writer.ts), every write transaction on either connection therefore begins
 * IMMEDIATE and simply waits (busy_timeout) for the other's commit. Our transactions all write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #connection: WalSyncedConnection;
  readonly #sync: WalSync;
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }, sync: WalSync) {
    super(config);
    this.#connection = new WalSyncedConnection(config.database, sync);
    this.#sync = sync;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    await super.acquireConnection(); // the one connection's lock
    return this.#connection;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
  override async destroy(): Promise<void> {
    await super.destroy();
    await this.#sync.close?.();
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig & { database: BetterSqlite3.Database };
  readonly #sync: WalSync;
  constructor(config: SqliteDialectConfig & { database: BetterSqlite3.Database }, sync: WalSync) {
    super(config);
    this.#config = config;
    this.#sync = sync;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.#sync);
  }
}

/**
 * `:memory:` or a file path (its folder is created): Kysely and the handle under it. `walSync`
 * replaces the WAL fsync (tests hold it back to see that nothing resolves before it).
 */
export function openSqlite(
  path: string,
  options: { walSync?: WalSync } = {},
): { kysely: Kysely<StoreSchema>; handle: BetterSqlite3.Database } {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  database.pragma("journal_mode = WAL");
  const inMemory = path === ":memory:";
  // A file's commits are fsynced by WalSyncedConnection (see the top of this file).
  database.pragma(inMemory ? "synchronous = FULL" : "synchronous = NORMAL");
  const sync: WalSync = options.walSync ?? (inMemory ? async () => {} : fileWalSync(path));
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  // Hot pages of the span indexes stay in memory (negative = KiB). 32 MiB, not 64: the larger
  // cache filled during sustained ingest and took peak RSS past the 300 MB budget (311 vs 277 MB,
  // docs/benchmarks.md); reads of cold pages still come from the OS page cache.
  database.pragma("cache_size = -32768");
  database.pragma("temp_store = MEMORY");
  return {
    kysely: new Kysely<StoreSchema>({ dialect: new ImmediateSqliteDialect({ database }, sync) }),
    handle: database,
  };
}
