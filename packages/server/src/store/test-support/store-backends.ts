/**
 * The two backends every store contract suite runs on: SQLite (files in a temp dir) and PostgreSQL
 * (embedded, real binaries).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "./start-embedded-postgres.js";

/** A started backend: a database URL, a way to get more empty databases, and a cleanup. */
export interface StartedBackend {
  url: string;
  /** The URL of a new, empty (unmigrated) database on the same backend. */
  freshUrl(): Promise<string>;
  stop(): Promise<void>;
}

export interface StoreBackend {
  name: "sqlite" | "postgres";
  start(): Promise<StartedBackend>;
}

/** SQLite and PostgreSQL, for `describe.each(storeBackends)`. */
export const storeBackends: readonly StoreBackend[] = [
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
