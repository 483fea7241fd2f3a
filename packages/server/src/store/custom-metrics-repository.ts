/**
 * Legacy custom business metrics (`POST /spans`, SPEC §5.6): one JSON object per
 * (project, config_key, session_id); each write merges into it, the latest value per field wins.
 */
import type { Database } from "./open-database.js";

export type CustomMetricValue = number | string | boolean;

export interface CustomMetrics {
  config_key: string;
  session_id: string;
  data: Record<string, CustomMetricValue>;
  updated_at: string;
}

/**
 * @example
 * await upsertCustomMetrics(database, "default", "checkout", "s-1", { revenue: 42, converted: true });
 */
export async function upsertCustomMetrics(
  database: Database,
  projectId: string,
  configKey: string,
  sessionId: string,
  data: Record<string, CustomMetricValue>,
): Promise<void> {
  const { kysely, dialect } = database;
  // The merge happens in the database, so concurrent writers (processes) never lose a field.
  await kysely
    .insertInto("custom_metrics")
    .values({
      project_id: projectId,
      config_key: configKey,
      session_id: sessionId,
      data: JSON.stringify(data),
      updated_at: new Date().toISOString(),
    })
    .onConflict((conflict) =>
      conflict.columns(["project_id", "config_key", "session_id"]).doUpdateSet({
        data: dialect.jsonMerge("custom_metrics.data", "excluded.data"),
        updated_at: (eb) => eb.ref("excluded.updated_at"),
      }),
    )
    .execute();
}

/** The session's metrics, one entry per config key (or only `configKey`'s). */
export async function getCustomMetrics(
  database: Database,
  projectId: string,
  sessionId: string,
  configKey?: string,
): Promise<CustomMetrics[]> {
  let query = database.kysely
    .selectFrom("custom_metrics")
    .select(["config_key", "session_id", "data", "updated_at"])
    .where("project_id", "=", projectId)
    .where("session_id", "=", sessionId);
  if (configKey !== undefined) query = query.where("config_key", "=", configKey);
  const rows = await query.orderBy("config_key").execute();
  return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, CustomMetricValue> }));
}
