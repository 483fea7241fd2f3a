/**
 * In-code migrations, run on every open. Idempotent; on PostgreSQL, Kysely's Migrator holds a
 * session advisory lock and runs each migration in a transaction, so two processes starting at
 * once apply each migration exactly once (the loser waits, then finds nothing to do).
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import { initialMigration } from "./0001-initial.js";
import { rollupsMigration } from "./0002-rollups.js";
import { accountsMigration } from "./0003-accounts.js";
import { abPromptsMigration } from "./0004-ab-prompts.js";

/** Names sort in application order; never rename or edit a released migration. */
const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": initialMigration,
  "0002-rollups": rollupsMigration,
  "0003-accounts": accountsMigration,
  "0004-ab-prompts": abPromptsMigration,
};

/** Every migration's name, in application order. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

const provider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: "fallom_migrations",
    migrationLockTableName: "fallom_migrations_lock",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName;
    throw new Error(`Database migration ${failed ?? ""} failed: ${String(error)}`, { cause: error });
  }
}
