/**
 * The store contract: every case runs against SQLite (a temp file) and PostgreSQL (embedded, real
 * binaries), so both dialects behave identically.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { type Database, openDatabase } from "./open-database.js";
import { contextFor } from "./test-support/contract/contract-context.js";
import { multiProcessCases } from "./test-support/contract/multi-process.cases.js";
import { repositoryCases } from "./test-support/contract/repository.cases.js";
import { rollupCases } from "./test-support/contract/rollup.cases.js";
import { rollupConsistencyCases } from "./test-support/contract/rollup-consistency.cases.js";
import { spanQueryCases } from "./test-support/contract/span-query.cases.js";
import { spanWriteCases } from "./test-support/contract/span-write.cases.js";
import { spanWriterCases } from "./test-support/contract/span-writer.cases.js";
import { startEmbeddedPostgres } from "./test-support/start-embedded-postgres.js";

interface Backend {
  name: "sqlite" | "postgres";
  /** Returns a database URL, a way to get more empty databases, and a cleanup. */
  start(): Promise<{ url: string; freshUrl(): Promise<string>; stop(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: "sqlite",
    async start() {
      const dir = await mkdtemp(join(tmpdir(), "fallom-sqlite-"));
      let files = 0;
      return {
        url: `sqlite:${join(dir, "store.db")}`,
        freshUrl: async () => `sqlite:${join(dir, `fresh-${++files}.db`)}`,
        stop: () => rm(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: "postgres",
    async start() {
      const server = await startEmbeddedPostgres();
      return {
        url: await server.createDatabase(),
        freshUrl: () => server.createDatabase(),
        stop: () => server.stop(),
      };
    },
  },
];

describe.each(backends)("store contract on $name", (backend) => {
  let state:
    | { database: Database; url: string; freshUrl(): Promise<string>; stop(): Promise<void> }
    | undefined;

  beforeAll(async () => {
    const started = await backend.start();
    state = { ...started, database: await openDatabase(started.url) };
  });

  afterAll(async () => {
    await state?.database.close();
    await state?.stop();
  });

  const ctx = contextFor(backend.name, () => {
    if (!state) throw new Error("the backend did not start");
    return state;
  });
  spanWriteCases(ctx);
  spanQueryCases(ctx);
  rollupCases(ctx);
  rollupConsistencyCases(ctx);
  spanWriterCases(ctx);
  repositoryCases(ctx);
  multiProcessCases(ctx);
});
