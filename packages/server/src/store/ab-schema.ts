/**
 * Table types of model configs, prompts and prompt A/B tests (migration 0004). Kept apart from
 * `schema.ts` like the account tables: repositories see them through `abDb()`.
 */
import type { Kysely } from "kysely";
import type { Database } from "./open-database.js";
import type { StoreSchema } from "./schema.js";

/** The head row of a versioned object: its key and which version is current. */
export interface VersionedHeadsTable {
  project_id: string;
  key: string;
  current_version: number;
  description: string;
  created_at: string;
  updated_at: string;
}

/** Columns every immutable version row has. */
export interface VersionColumns {
  project_id: string;
  key: string;
  version: number;
  /** What changed, as the author put it ("" when none). */
  note: string;
  /** Who saved it: a user id or email of a dashboard session, `key:<id prefix>` for API keys, or null. */
  created_by: string | null;
  created_at: string;
}

export interface ModelConfigVersionsTable extends VersionColumns {
  /** JSON array of `{model, weight}`. */
  variants: string;
  /** JSON object (camelCase keys, SPEC §7.1) or null. */
  targeting: string | null;
}

export interface PromptVersionsTable extends VersionColumns {
  system_prompt: string;
  user_template: string;
}

export interface PromptAbTestVersionsTable extends VersionColumns {
  /** JSON array of `{prompt_key, prompt_version, weight}`. */
  variants: string;
}

// A type alias, not an interface: `withTables` needs an index-signature-compatible type.
export type AbSchema = {
  model_configs: VersionedHeadsTable;
  model_config_versions: ModelConfigVersionsTable;
  prompts: VersionedHeadsTable;
  prompt_versions: PromptVersionsTable;
  prompt_ab_tests: VersionedHeadsTable;
  prompt_ab_test_versions: PromptAbTestVersionsTable;
};

/** The database's Kysely instance, typed with the A/B and prompt tables too. */
export const abDb = (database: Database): Kysely<StoreSchema & AbSchema> =>
  database.kysely.withTables<AbSchema>();
