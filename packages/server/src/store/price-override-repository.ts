/**
 * Per-project price overrides (SPEC §4.3 step 2): USD per 1M tokens, matched by exact model name
 * or case-insensitive regex and an optional provider. Tiers are stored as given (JSON).
 */
import { randomBytes } from "node:crypto";
import type { Database } from "./open-database.js";

export interface PriceOverride {
  id: string;
  model_pattern: string;
  provider: string | null;
  is_regex: boolean;
  input_mtok: number;
  output_mtok: number;
  cache_read_mtok: number | null;
  cache_write_mtok: number | null;
  tiers: unknown | null;
  updated_at: string;
}

export type PriceOverrideInput = Omit<
  PriceOverride,
  "id" | "updated_at" | "provider" | "is_regex" | "cache_read_mtok" | "cache_write_mtok" | "tiers"
> &
  Partial<
    Pick<PriceOverride, "id" | "provider" | "is_regex" | "cache_read_mtok" | "cache_write_mtok" | "tiers">
  >;

type Row = Omit<PriceOverride, "is_regex" | "tiers"> & { is_regex: number; tiers: string | null };

const fromRow = (row: Row): PriceOverride => ({
  ...row,
  is_regex: row.is_regex === 1,
  tiers: row.tiers === null ? null : (JSON.parse(row.tiers) as unknown),
});

const COLUMNS = [
  "id",
  "model_pattern",
  "provider",
  "is_regex",
  "input_mtok",
  "output_mtok",
  "cache_read_mtok",
  "cache_write_mtok",
  "tiers",
  "updated_at",
] as const;

export async function listPriceOverrides(database: Database, projectId: string): Promise<PriceOverride[]> {
  const rows = await database.kysely
    .selectFrom("price_overrides")
    .select(COLUMNS)
    .where("project_id", "=", projectId)
    .orderBy("model_pattern")
    .orderBy("id")
    .execute();
  return rows.map(fromRow);
}

/**
 * Creates an override, or replaces the one with `input.id`.
 *
 * @example
 * await upsertPriceOverride(database, "default", { model_pattern: "my-llm", input_mtok: 1, output_mtok: 2 });
 */
export async function upsertPriceOverride(
  database: Database,
  projectId: string,
  input: PriceOverrideInput,
): Promise<PriceOverride> {
  const row: Row = {
    id: input.id ?? `price_${randomBytes(8).toString("hex")}`,
    model_pattern: input.model_pattern,
    provider: input.provider ?? null,
    is_regex: input.is_regex ? 1 : 0,
    input_mtok: input.input_mtok,
    output_mtok: input.output_mtok,
    cache_read_mtok: input.cache_read_mtok ?? null,
    cache_write_mtok: input.cache_write_mtok ?? null,
    tiers: input.tiers == null ? null : JSON.stringify(input.tiers),
    updated_at: new Date().toISOString(),
  };
  const { id: _id, ...changes } = row;
  await database.kysely
    .insertInto("price_overrides")
    .values({ project_id: projectId, ...row })
    .onConflict((conflict) => conflict.columns(["project_id", "id"]).doUpdateSet(changes))
    .execute();
  return fromRow(row);
}

export async function deletePriceOverride(
  database: Database,
  projectId: string,
  id: string,
): Promise<boolean> {
  const result = await database.kysely
    .deleteFrom("price_overrides")
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
