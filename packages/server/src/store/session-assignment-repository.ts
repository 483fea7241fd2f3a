/**
 * Model A/B assignments (`POST /sessions`, SPEC §5.5, §7.5): one row per
 * (project, config_key, session_id); an upsert keeps `first_seen` and moves `last_seen`.
 */
import type { Database } from "./open-database.js";

export interface SessionAssignment {
  config_key: string;
  session_id: string;
  config_version: number;
  assigned_model: string;
  first_seen: string;
  last_seen: string;
}

export interface SessionAssignmentInput {
  config_key: string;
  session_id: string;
  config_version: number;
  assigned_model: string;
  /** Defaults to now. */
  seen_at?: string;
}

/**
 * @example
 * await upsertSessionAssignment(database, "default", {
 *   config_key: "summarizer", session_id: "s-1", config_version: 3, assigned_model: "gpt-4o",
 * });
 */
export async function upsertSessionAssignment(
  database: Database,
  projectId: string,
  input: SessionAssignmentInput,
): Promise<void> {
  const seenAt = input.seen_at ?? new Date().toISOString();
  await database.kysely
    .insertInto("session_assignments")
    .values({
      project_id: projectId,
      config_key: input.config_key,
      session_id: input.session_id,
      config_version: input.config_version,
      assigned_model: input.assigned_model,
      first_seen: seenAt,
      last_seen: seenAt,
    })
    .onConflict((conflict) =>
      conflict.columns(["project_id", "config_key", "session_id"]).doUpdateSet((eb) => ({
        config_version: eb.ref("excluded.config_version"),
        assigned_model: eb.ref("excluded.assigned_model"),
        last_seen: eb.ref("excluded.last_seen"),
      })),
    )
    .execute();
}

/** A session's assignments across configs, or (with `configKey`) only that config's. */
export async function listSessionAssignments(
  database: Database,
  projectId: string,
  sessionId: string,
  configKey?: string,
): Promise<SessionAssignment[]> {
  let query = database.kysely
    .selectFrom("session_assignments")
    .select(["config_key", "session_id", "config_version", "assigned_model", "first_seen", "last_seen"])
    .where("project_id", "=", projectId)
    .where("session_id", "=", sessionId);
  if (configKey !== undefined) query = query.where("config_key", "=", configKey);
  return query.orderBy("config_key").execute();
}
