/**
 * What every contract case gets: the database under test (one per backend, shared by the cases;
 * each case works in its own project, so cases never see each other's data).
 */

import type { Database } from "../../open-database.js";
import { createProject } from "../../project-repository.js";

export interface ContractContext {
  backend: "sqlite" | "postgres";
  /** The database under test. */
  database(): Database;
  /** The URL it was opened from (open a second instance on it). */
  url(): string;
  /** A fresh, empty project. */
  newProject(): Promise<string>;
  /** The URL of a new, empty (unmigrated) database on the same backend. */
  freshUrl(): Promise<string>;
}

export function contextFor(
  backend: ContractContext["backend"],
  get: () => { database: Database; url: string; freshUrl(): Promise<string> },
): ContractContext {
  return {
    backend,
    database: () => get().database,
    url: () => get().url,
    freshUrl: () => get().freshUrl(),
    newProject: async () => (await createProject(get().database, { name: "contract" })).id,
  };
}
