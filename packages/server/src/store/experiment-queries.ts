/**
 * The raw material of experiment results (SPEC §7.6): one narrow row per counted LLM call of an
 * experiment, the assignment counts, and the sessions' custom metrics. The statistics themselves
 * are pure (`domain/experiments/`).
 *
 * Model configs link a call to an arm through the session: the call's `session_id` has an
 * assignment to the config (`POST /sessions`), and by default the call's `model` is the assigned
 * model. Prompt A/B tests link through the span's own `prompt_ab_test_key` and
 * `prompt_variant_index`.
 */
import { type ExpressionBuilder, sql } from "kysely";
import type { VariantCall } from "../domain/experiments/summarize-variant.js";
import { LLM_KINDS } from "./cross-source-duplicates.js";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";

/** Most calls one result reads (newest first); the answer says when it stopped there. */
export const EXPERIMENT_CALL_LIMIT = 200_000;

/** A call as the experiment summaries read it ({@link VariantCall}), with the arm it belongs to. */
export interface ExperimentCall extends VariantCall {
  /** The arm: an assigned model (configs) or a variant index (prompt tests). */
  arm: string | number | null;
}

export interface ExperimentWindow {
  /** µs, inclusive. */
  from?: number;
  /** µs, exclusive. */
  to?: number;
  limit?: number;
}

export interface ExperimentCalls {
  calls: ExperimentCall[];
  /** True when more calls matched than `limit`: the newest ones were used. */
  truncated: boolean;
}

const callColumns = [
  "spans.session_id",
  "spans.status",
  "spans.duration_ms",
  "spans.ttft_ms",
  "spans.input_tokens",
  "spans.output_tokens",
  "spans.cost_usd",
  "spans.cost_status",
] as const;

// Counted LLM calls, as in the metrics and rollups: no aggregates, no cross-source duplicates.
function countedCallsIn(eb: ExpressionBuilder<StoreSchema, "spans">, window: ExperimentWindow) {
  const conditions = [
    eb("spans.kind", "in", LLM_KINDS),
    eb("spans.is_aggregate", "=", 0),
    eb("spans.duplicate_of", "is", null),
  ];
  if (window.from !== undefined) conditions.push(eb("spans.start_time", ">=", window.from));
  if (window.to !== undefined) conditions.push(eb("spans.start_time", "<", window.to));
  return eb.and(conditions);
}

function toCall(row: Record<string, unknown>): ExperimentCall {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    arm: row.arm === null || row.arm === undefined ? null : (row.arm as string | number),
    session_id: (row.session_id as string | null) ?? null,
    status: row.status as string,
    duration_ms: num(row.duration_ms),
    ttft_ms: num(row.ttft_ms),
    input_tokens: num(row.input_tokens),
    output_tokens: num(row.output_tokens),
    cost_usd: num(row.cost_usd),
    cost_status: row.cost_status as string,
  };
}

/**
 * The calls of a model config's sessions, `arm` = the session's assigned model.
 *
 * @example
 * const { calls } = await listModelExperimentCalls(database, "default", "summarizer", { matchModel: true });
 */
export async function listModelExperimentCalls(
  database: Database,
  projectId: string,
  configKey: string,
  options: ExperimentWindow & { matchModel?: boolean } = {},
): Promise<ExperimentCalls> {
  const limit = options.limit ?? EXPERIMENT_CALL_LIMIT;
  let query = database.kysely
    .selectFrom("session_assignments")
    .innerJoin("spans", (join) =>
      join
        .onRef("spans.project_id", "=", "session_assignments.project_id")
        .onRef("spans.session_id", "=", "session_assignments.session_id"),
    )
    .select(["session_assignments.assigned_model as arm", ...callColumns])
    .where("session_assignments.project_id", "=", projectId)
    .where("session_assignments.config_key", "=", configKey)
    .where((eb) => countedCallsIn(eb as unknown as ExpressionBuilder<StoreSchema, "spans">, options));
  if (options.matchModel !== false) {
    query = query.whereRef("spans.model", "=", "session_assignments.assigned_model");
  }
  const rows = await query
    .orderBy("spans.start_time", "desc")
    .limit(limit + 1)
    .execute();
  return { calls: rows.slice(0, limit).map(toCall), truncated: rows.length > limit };
}

/**
 * The calls linked to a prompt A/B test, `arm` = `prompt_variant_index` (null when a span named the
 * test but no variant).
 */
export async function listPromptExperimentCalls(
  database: Database,
  projectId: string,
  abTestKey: string,
  options: ExperimentWindow = {},
): Promise<ExperimentCalls> {
  const limit = options.limit ?? EXPERIMENT_CALL_LIMIT;
  const rows = await database.kysely
    .selectFrom("spans")
    .select(["spans.prompt_variant_index as arm", ...callColumns])
    .where("spans.project_id", "=", projectId)
    .where("spans.prompt_ab_test_key", "=", abTestKey)
    .where((eb) => countedCallsIn(eb, options))
    .orderBy("spans.start_time", "desc")
    .limit(limit + 1)
    .execute();
  return { calls: rows.slice(0, limit).map(toCall), truncated: rows.length > limit };
}

export interface AssignmentCount {
  assigned_model: string;
  config_version: number;
  sessions: number;
}

/** Assigned sessions of a config per (model, config version). */
export async function countConfigAssignments(
  database: Database,
  projectId: string,
  configKey: string,
): Promise<AssignmentCount[]> {
  const rows = await database.kysely
    .selectFrom("session_assignments")
    .select(["assigned_model", "config_version", sql<number>`count(*)`.as("sessions")])
    .where("project_id", "=", projectId)
    .where("config_key", "=", configKey)
    .groupBy(["assigned_model", "config_version"])
    .orderBy("assigned_model")
    .orderBy("config_version")
    .execute();
  return rows.map((row) => ({
    ...row,
    config_version: Number(row.config_version),
    sessions: Number(row.sessions),
  }));
}

export interface SessionCustomMetrics {
  session_id: string;
  /** The arm the session belongs to (assigned model), or null for prompt tests (taken from calls). */
  arm: string | null;
  data: Record<string, unknown>;
}

/** `POST /spans` metrics of a config's assigned sessions (same config key). */
export async function listConfigCustomMetrics(
  database: Database,
  projectId: string,
  configKey: string,
): Promise<SessionCustomMetrics[]> {
  const rows = await database.kysely
    .selectFrom("custom_metrics")
    .innerJoin("session_assignments", (join) =>
      join
        .onRef("session_assignments.project_id", "=", "custom_metrics.project_id")
        .onRef("session_assignments.session_id", "=", "custom_metrics.session_id")
        .onRef("session_assignments.config_key", "=", "custom_metrics.config_key"),
    )
    .select(["custom_metrics.session_id", "session_assignments.assigned_model as arm", "custom_metrics.data"])
    .where("custom_metrics.project_id", "=", projectId)
    .where("custom_metrics.config_key", "=", configKey)
    .execute();
  return rows.map((row) => ({ session_id: row.session_id, arm: row.arm, data: JSON.parse(row.data) }));
}

/**
 * `POST /spans` metrics of every session that has a call linked to the prompt test (any config
 * key; a session with metrics under several keys yields one entry per key).
 */
export async function listPromptTestCustomMetrics(
  database: Database,
  projectId: string,
  abTestKey: string,
): Promise<SessionCustomMetrics[]> {
  const rows = await database.kysely
    .selectFrom("custom_metrics")
    .select(["custom_metrics.session_id", "custom_metrics.data"])
    .where("custom_metrics.project_id", "=", projectId)
    .where("custom_metrics.session_id", "in", (eb) =>
      eb
        .selectFrom("spans")
        .select("spans.session_id")
        .where("spans.project_id", "=", projectId)
        .where("spans.prompt_ab_test_key", "=", abTestKey)
        .where("spans.session_id", "is not", null)
        .$narrowType<{ session_id: string }>(),
    )
    .execute();
  return rows.map((row) => ({ session_id: row.session_id, arm: null, data: JSON.parse(row.data) }));
}
