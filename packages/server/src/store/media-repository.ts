/**
 * Rows for content-addressed media (SPEC §4.6); the bytes live in the media store.
 */
import type { Database } from "./open-database.js";

export interface MediaRow {
  sha256: string;
  mime_type: string;
  size: number;
  created_at: string;
}

/** Records blobs once per project; re-inserting a known hash is a no-op. */
export async function insertMedia(
  database: Database,
  projectId: string,
  items: ReadonlyArray<{ sha256: string; mime_type: string; size: number }>,
): Promise<void> {
  if (items.length === 0) return;
  const createdAt = new Date().toISOString();
  await database.kysely
    .insertInto("media")
    .values(items.map((item) => ({ project_id: projectId, ...item, created_at: createdAt })))
    .onConflict((conflict) => conflict.columns(["project_id", "sha256"]).doNothing())
    .execute();
}

export async function getMedia(
  database: Database,
  projectId: string,
  sha256: string,
): Promise<MediaRow | null> {
  const row = await database.kysely
    .selectFrom("media")
    .select(["sha256", "mime_type", "size", "created_at"])
    .where("project_id", "=", projectId)
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  return row ?? null;
}
