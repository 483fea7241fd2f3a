/**
 * Binds the admin API (SPEC §5.8: keys, prices, cost recompute, settings) to the store. Every
 * change that ingest reads through its key → project cache (a revoked key, a price row,
 * `store_content`) calls `onChange` so it applies to this process's next request.
 */
import { findPriceOverride, type PriceOverride } from "./domain/price-override.js";
import { genaiPricesDataVersion } from "./domain/price-package-version.js";
import { repriceCall } from "./domain/reprice-spans.js";
import type { CostStatus } from "./domain/span-record.js";
import type {
  AdminApi,
  ApiKeyView,
  PriceOverrideView,
  ProjectSettingsView,
  RecomputeRange,
  RecomputeResult,
} from "./http/admin-api.js";
import { listUnpricedModelKeys, renameProject } from "./store/admin-queries.js";
import {
  type ApiKeyInfo,
  createApiKey,
  type Database,
  deletePriceOverride,
  getProject,
  listApiKeys,
  listPriceOverrides,
  listSpansForRepricing,
  listUnpricedModels,
  revokeApiKey,
  type SpanCostUpdate,
  type PriceOverride as StoredPriceOverride,
  updateProjectSettings,
  updateSpanCost,
  upsertPriceOverride,
} from "./store/index.js";

/** Rows re-priced per read + write round trip: a recompute never holds a large range in memory. */
const REPRICE_BATCH = 500;

const toKeyView = ({ project_id: _project, ...key }: ApiKeyInfo): ApiKeyView => key;

const toOverrideView = (row: StoredPriceOverride): PriceOverrideView => ({
  ...row,
  tiers: (row.tiers ?? null) as PriceOverrideView["tiers"],
});

const toDomainOverrides = (rows: StoredPriceOverride[]): PriceOverride[] => rows.map(toOverrideView);

/**
 * Re-prices the project's spans with `statuses` in `range`, page by page in key order.
 *
 * @example
 * await repriceStoredSpans(database, "default", { model: "gpt-4o" }, ["computed", "unpriced"], overrides);
 * // { repriced: 12, changed: 3 }
 */
export async function repriceStoredSpans(
  database: Database,
  projectId: string,
  range: RecomputeRange,
  statuses: readonly Exclude<CostStatus, "provider" | "no_usage">[],
  overrides: readonly PriceOverride[],
  batchSize = REPRICE_BATCH,
): Promise<RecomputeResult> {
  let repriced = 0;
  let changed = 0;
  let after: { trace_id: string; span_id: string } | undefined;
  for (;;) {
    const rows = await listSpansForRepricing(database, projectId, range, statuses, {
      limit: batchSize,
      ...(after ? { after } : {}),
    });
    const last = rows.at(-1);
    if (!last) return { repriced, changed };
    const updates: SpanCostUpdate[] = [];
    for (const row of rows) {
      const cost = repriceCall(row, overrides);
      if (cost) updates.push({ trace_id: row.trace_id, span_id: row.span_id, ...cost });
    }
    changed += await updateSpanCost(database, projectId, updates);
    repriced += rows.length;
    after = { trace_id: last.trace_id, span_id: last.span_id };
  }
}

/**
 * @example
 * const admin = createAdminApi(database, { onChange: () => authCache.clear() });
 * await admin.recompute("default", { model: "gpt-4o" });
 */
export function createAdminApi(database: Database, options: { onChange(): void }): AdminApi {
  const { onChange } = options;

  const settingsOf = async (projectId: string): Promise<ProjectSettingsView | null> => {
    const project = await getProject(database, projectId);
    return project
      ? { name: project.name, store_content: project.store_content, retention_days: project.retention_days }
      : null;
  };

  return {
    async listKeys(projectId) {
      return (await listApiKeys(database, projectId)).map(toKeyView);
    },

    async createKey(projectId, name) {
      const { key, ...info } = await createApiKey(database, projectId, name);
      return { ...toKeyView(info), key };
    },

    async revokeKey(projectId, keyId) {
      const revoked = await revokeApiKey(database, projectId, keyId);
      if (revoked) onChange();
      const key = (await listApiKeys(database, projectId)).find((row) => row.id === keyId);
      if (!key) return { status: "not_found" };
      return { status: revoked ? "revoked" : "already_revoked", key: toKeyView(key) };
    },

    async listPrices(projectId) {
      const [overrides, unpriced] = await Promise.all([
        listPriceOverrides(database, projectId),
        listUnpricedModels(database, projectId),
      ]);
      return {
        overrides: overrides.map(toOverrideView),
        unpriced_models: unpriced,
        price_data: { source: "@pydantic/genai-prices", version: genaiPricesDataVersion() },
      };
    },

    async savePrice(projectId, input) {
      const before = await listPriceOverrides(database, projectId);
      if (input.id !== undefined && !before.some((row) => row.id === input.id)) return null;
      const saved = toOverrideView(await upsertPriceOverride(database, projectId, input));
      onChange();

      // SPEC §4.3 step 4: saving a price re-prices the matching model's unpriced calls; computed
      // calls keep their price until an explicit recompute.
      const overrides = toDomainOverrides(await listPriceOverrides(database, projectId));
      const models = new Set<string>();
      for (const { model, provider } of await listUnpricedModelKeys(database, projectId)) {
        if (findPriceOverride([saved], provider, model)) models.add(model);
      }
      let repriced = 0;
      for (const model of models) {
        repriced += (await repriceStoredSpans(database, projectId, { model }, ["unpriced"], overrides))
          .changed;
      }
      return { override: saved, repriced };
    },

    async deletePrice(projectId, id) {
      const deleted = await deletePriceOverride(database, projectId, id);
      if (deleted) onChange();
      return deleted;
    },

    async recompute(projectId, range) {
      const overrides = toDomainOverrides(await listPriceOverrides(database, projectId));
      return repriceStoredSpans(database, projectId, range, ["computed", "unpriced"], overrides);
    },

    getSettings: settingsOf,

    async updateSettings(projectId, patch) {
      if (patch.name !== undefined && !(await renameProject(database, projectId, patch.name))) return null;
      const { name: _name, ...settings } = patch;
      const updated = await updateProjectSettings(database, projectId, settings);
      if (!updated) return null;
      onChange();
      return settingsOf(projectId);
    },
  };
}
