/**
 * The operations behind the admin rows of `/api/v1` (SPEC §5.8: keys, prices, cost recompute,
 * settings), as the routes need them. `server.ts` binds them to the store; every call is scoped to
 * one project, and every change that affects ingest (a revoked key, a price, `store_content`)
 * forgets the process's cached key → project lookups before it resolves.
 */
import type { PriceOverrideTier } from "../domain/compute-cost.js";

/** An API key as the API shows it: never its hash, never its plaintext (except once, at creation). */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, enough to recognise it in a list. */
  display_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PriceOverrideInput {
  /** Replace this existing override; omitted = create a new one. */
  id?: string;
  model_pattern: string;
  provider: string | null;
  is_regex: boolean;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  tiers: PriceOverrideTier[] | null;
}

export interface PriceOverrideView extends Omit<PriceOverrideInput, "id"> {
  id: string;
  updated_at: string;
}

export interface UnpricedModel {
  model: string | null;
  provider: string | null;
  calls: number;
}

export interface PricesView {
  overrides: PriceOverrideView[];
  unpriced_models: UnpricedModel[];
  price_data: { source: string; version: string | null };
}

export interface RecomputeRange {
  /** µs, inclusive. */
  from?: number;
  /** µs, exclusive. */
  to?: number;
  model?: string;
}

export interface RecomputeResult {
  /** Rows priced again. */
  repriced: number;
  /** Rows whose cost, status or price reference changed (and were written). */
  changed: number;
}

export interface ProjectSettingsView {
  name: string;
  store_content: boolean;
  /** Spans older than this many days are deleted (hourly); null keeps them forever. */
  retention_days: number | null;
}

export type RevokeOutcome =
  | { status: "revoked" | "already_revoked"; key: ApiKeyView }
  | { status: "not_found" };

export interface AdminApi {
  listKeys(projectId: string): Promise<ApiKeyView[]>;
  createKey(projectId: string, name: string): Promise<ApiKeyView & { key: string }>;
  revokeKey(projectId: string, keyId: string): Promise<RevokeOutcome>;
  listPrices(projectId: string): Promise<PricesView>;
  /** null when `input.id` names no override of this project. */
  savePrice(
    projectId: string,
    input: PriceOverrideInput,
  ): Promise<{ override: PriceOverrideView; repriced: number } | null>;
  deletePrice(projectId: string, id: string): Promise<boolean>;
  recompute(projectId: string, range: RecomputeRange): Promise<RecomputeResult>;
  getSettings(projectId: string): Promise<ProjectSettingsView | null>;
  updateSettings(projectId: string, patch: Partial<ProjectSettingsView>): Promise<ProjectSettingsView | null>;
}
