/**
 * Durable commits without blocking the event loop (docs/decisions/005-async-wal-sync.md). A file
 * database runs with `synchronous=NORMAL`: SQLite writes each commit's WAL frames but does not
 * fsync them. The connection below then fsyncs the `-wal` file on the libuv thread pool and
 * resolves the statement that committed only when that returns, so "a write's promise resolved"
 * still means "on stable storage", as `synchronous=FULL` gave, but JavaScript keeps running while
 * the disk flushes (with FULL, every group commit stalled the event loop for the fsync).
 *
 * Every write goes through this connection: Kysely queries, and the span writer's prepared
 * statements, which run inside Kysely transactions and are made durable by their COMMIT.
 */
import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import type { CompiledQuery, DatabaseConnection, QueryResult } from "kysely";

/** Makes everything written to the WAL so far durable; `close` releases what it holds. */
export type WalSync = (() => Promise<void>) & { close?: () => Promise<void> };

/**
 * fsync of `<database>-wal` through one handle opened at the first call (after a commit, so the
 * file exists); the directory is synced once too, so the WAL file's own entry is durable.
 *
 * @example
 * const sync = fileWalSync("/data/fallom.db"); await sync();
 */
export function fileWalSync(databasePath: string): WalSync {
  let wal: Promise<FileHandle> | undefined;
  const openWal = async (): Promise<FileHandle> => {
    const handle = await open(`${databasePath}-wal`, "r+");
    const directory = await open(dirname(databasePath), "r");
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return handle;
  };
  const sync: WalSync = async () => {
    wal ??= openWal().catch((error: unknown) => {
      wal = undefined;
      throw error;
    });
    await (await wal).sync();
  };
  sync.close = async () => {
    const opened = wal;
    wal = undefined;
    await (await opened?.catch(() => undefined))?.close();
  };
  return sync;
}

/**
 * The Kysely connection over one better-sqlite3 handle that awaits `sync` after every statement
 * that leaves data committed: a COMMIT (or ROLLBACK: harmless), and any writing statement run
 * outside a transaction. Reads and statements inside a transaction return at once.
 */
export class WalSyncedConnection implements DatabaseConnection {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly sync: WalSync,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.db.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    const wasInTransaction = this.db.inTransaction;
    let result: QueryResult<R>;
    if (statement.reader) {
      result = { rows: statement.all(parameters) as R[] };
    } else {
      const { changes, lastInsertRowid } = statement.run(parameters);
      result = { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    }
    // COMMIT is "readonly" to SQLite (it writes nothing itself); what counts is that a
    // transaction ended, or that a write ran on its own (autocommit).
    if (!this.db.inTransaction && (wasInTransaction || !statement.readonly)) await this.sync();
    return result;
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const statement = this.db.prepare(compiledQuery.sql);
    if (!statement.reader) throw new Error("Only statements that return rows can be streamed.");
    for (const row of statement.iterate(compiledQuery.parameters as unknown[])) yield { rows: [row as R] };
  }
}
