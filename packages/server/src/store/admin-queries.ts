/**
 * Queries the admin API needs beyond the repositories: the models with unpriced calls
 * (duplicates and aggregates included, since those are re-priced too) and a project rename.
 */
import type { Database } from "./open-database.js";

/** Distinct `(model, provider)` pairs that have at least one unpriced call. */
export async function listUnpricedModelKeys(
  database: Database,
  projectId: string,
): Promise<Array<{ model: string; provider: string | null }>> {
  const rows = await database.kysely
    .selectFrom("spans")
    .select(["model", "provider"])
    .distinct()
    .where("project_id", "=", projectId)
    .where("cost_status", "=", "unpriced")
    .where("model", "is not", null)
    .execute();
  return rows.filter((row): row is { model: string; provider: string | null } => row.model !== null);
}

/** True when the project exists (and was renamed). */
export async function renameProject(database: Database, projectId: string, name: string): Promise<boolean> {
  const result = await database.kysely
    .updateTable("projects")
    .set({ name })
    .where("id", "=", projectId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
