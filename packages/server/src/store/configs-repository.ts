/**
 * Model configs (SPEC §7.1): immutable versions of weighted variants plus targeting, one current
 * version per key.
 */
import type { ModelVariant, Targeting } from "../domain/ab/model-config.js";
import type { Database } from "./open-database.js";
import { type VersionedObjects, versionedObjects } from "./versioned-objects.js";

export interface ConfigPayload {
  variants: ModelVariant[];
  targeting: Targeting | null;
}

/**
 * @example
 * const configs = configsRepository(database);
 * await configs.create("default", "summarizer", { variants: [{ model: "gpt-4o", weight: 100 }], targeting: null });
 * const current = await configs.get("default", "summarizer");
 */
export function configsRepository(database: Database): VersionedObjects<ConfigPayload> {
  return versionedObjects<ConfigPayload>(database, {
    heads: "model_configs",
    versions: "model_config_versions",
    payloadColumns: ["variants", "targeting"],
    toColumns: (payload) => ({
      variants: JSON.stringify(payload.variants),
      targeting: payload.targeting === null ? null : JSON.stringify(payload.targeting),
    }),
    fromColumns: (row) => ({
      variants: JSON.parse(row.variants as string) as ModelVariant[],
      targeting: row.targeting === null ? null : (JSON.parse(row.targeting as string) as Targeting),
    }),
  });
}
