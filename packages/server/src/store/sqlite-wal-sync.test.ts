import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openSqlite } from "./sqlite-dialect.js";
import { fileWalSync } from "./sqlite-wal-sync.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function databasePath(): string {
  const directory = mkdtempSync(join(tmpdir(), "fallom-wal-sync-"));
  directories.push(directory);
  return join(directory, "test.db");
}

/** A WAL sync the test releases by hand, counting calls. */
function gatedSync() {
  const waiting: Array<() => void> = [];
  const gate = {
    calls: 0,
    sync: () => {
      gate.calls += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
  return gate;
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("commits on a file database", () => {
  it("run with synchronous=NORMAL and resolve only after the WAL sync", async () => {
    const gate = gatedSync();
    const { kysely, handle } = openSqlite(databasePath(), { walSync: gate.sync });
    expect(handle.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
    const created = sql`create table t (x integer)`.execute(kysely);
    expect(await settled(created)).toBe(false); // DDL is a write too
    gate.release();
    await created;

    const callsBefore = gate.calls;
    const transaction = kysely.transaction().execute(async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
      await sql`insert into t values (2)`.execute(trx);
      expect(gate.calls).toBe(callsBefore); // nothing synced inside the transaction
    });
    expect(await settled(transaction)).toBe(false); // committed, waiting for the sync
    expect(gate.calls).toBe(callsBefore + 1);
    gate.release();
    await transaction;

    const autocommit = sql`insert into t values (3) returning x`.execute(kysely);
    expect(await settled(autocommit)).toBe(false);
    gate.release();
    expect((await autocommit).rows).toEqual([{ x: 3 }]);

    const callsBeforeRead = gate.calls;
    const read = await sql<{ n: number }>`select count(*) as n from t`.execute(kysely);
    expect(read.rows).toEqual([{ n: 3 }]);
    expect(gate.calls).toBe(callsBeforeRead);
    await kysely.destroy();
  });

  it("fsync the real WAL file", async () => {
    const path = databasePath();
    const { kysely } = openSqlite(path);
    await sql`create table t (x integer)`.execute(kysely);
    await kysely.transaction().execute(async (trx) => {
      await sql`insert into t values (1)`.execute(trx);
    });
    expect(existsSync(`${path}-wal`)).toBe(true);
    await expect(fileWalSync(path)()).resolves.toBeUndefined();
    await kysely.destroy();
  });

  it("a failing sync fails the write (the caller must not see it as durable)", async () => {
    const { kysely } = openSqlite(databasePath(), {
      walSync: () => Promise.reject(new Error("EIO: i/o error, fsync")),
    });
    await expect(sql`create table t (x integer)`.execute(kysely)).rejects.toThrow("EIO");
    await kysely.destroy();
  });
});

describe("an in-memory database", () => {
  it("keeps synchronous=FULL and needs no WAL sync", async () => {
    const { kysely, handle } = openSqlite(":memory:");
    expect(handle.pragma("synchronous", { simple: true })).toBe(2); // FULL
    await sql`create table t (x integer)`.execute(kysely);
    await kysely.destroy();
  });
});
