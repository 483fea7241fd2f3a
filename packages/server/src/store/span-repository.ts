/**
 * Span maintenance outside the write path: context inheritance lookups (SPEC §6.4 E9), cost
 * recompute (§4.3 step 4) and retention.
 */
import type { CostStatus } from "../domain/span-record.js";
import { flushRollupChanges } from "./flush-rollup-changes.js";
import type { Database } from "./open-database.js";
import { RollupChanges } from "./rollup-changes.js";
import { selectRollupSpans, trackSpanUpdates } from "./rollup-span.js";
import { chunk, type SpanKey, spanKeyString, spanKeysIn } from "./span-keys.js";

export interface ParentContext {
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
}

/** The stored session context of one span, for a child that carries none of its own. */
export async function getParentContext(
  database: Database,
  projectId: string,
  traceId: string,
  spanId: string,
): Promise<ParentContext | undefined> {
  return database.kysely
    .selectFrom("spans")
    .select(["config_key", "session_id", "customer_id"])
    .where("project_id", "=", projectId)
    .where("trace_id", "=", traceId)
    .where("span_id", "=", spanId)
    .executeTakeFirst();
}

/** Batch form of {@link getParentContext}: found keys only, keyed `${traceId}:${spanId}`. */
export async function getParentContexts(
  database: Database,
  projectId: string,
  keys: ReadonlyArray<{ traceId: string; spanId: string }>,
): Promise<Map<string, ParentContext>> {
  const out = new Map<string, ParentContext>();
  const spanKeys: SpanKey[] = keys.map((key) => ({ trace_id: key.traceId, span_id: key.spanId }));
  for (const part of chunk(spanKeys, 2, database.dialect.maxBindParameters)) {
    const rows = await database.kysely
      .selectFrom("spans")
      .select(["trace_id", "span_id", "config_key", "session_id", "customer_id"])
      .where("project_id", "=", projectId)
      .where(spanKeysIn(part))
      .execute();
    for (const { trace_id, span_id, ...context } of rows)
      out.set(spanKeyString({ trace_id, span_id }), context);
  }
  return out;
}

export interface RepricingCandidate {
  trace_id: string;
  span_id: string;
  start_time: number;
  provider: string | null;
  upstream_provider: string | null;
  model: string | null;
  request_model: string | null;
  response_model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  total_tokens: number | null;
  cost_status: CostStatus;
  /** The current cost, so a recompute can skip rows whose cost does not change. */
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  price_ref: string | null;
}

export interface RepricingRange {
  /** µs, inclusive. */
  from?: number;
  /** µs, exclusive. */
  to?: number;
  model?: string;
}

/**
 * One page of spans to re-price, in key order. Pass the last returned key as `after` for the
 * next page; an empty page means done. Provider-reported costs are never candidates.
 */
export async function listSpansForRepricing(
  database: Database,
  projectId: string,
  range: RepricingRange,
  statuses: readonly CostStatus[] = ["computed", "unpriced"],
  page: { limit?: number; after?: SpanKey } = {},
): Promise<RepricingCandidate[]> {
  const wanted = statuses.filter((status) => status !== "provider");
  if (wanted.length === 0) return [];
  let query = database.kysely
    .selectFrom("spans")
    .select([
      "trace_id",
      "span_id",
      "start_time",
      "provider",
      "upstream_provider",
      "model",
      "request_model",
      "response_model",
      "input_tokens",
      "output_tokens",
      "cache_read_tokens",
      "cache_write_tokens",
      "reasoning_tokens",
      "total_tokens",
      "cost_status",
      "cost_usd",
      "input_cost_usd",
      "output_cost_usd",
      "price_ref",
    ])
    .where("project_id", "=", projectId)
    .where("cost_status", "in", wanted);
  if (range.from !== undefined) query = query.where("start_time", ">=", range.from);
  if (range.to !== undefined) query = query.where("start_time", "<", range.to);
  if (range.model !== undefined) query = query.where("model", "=", range.model);
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb(eb.refTuple("trace_id", "span_id"), ">", eb.tuple(after.trace_id, after.span_id)),
    );
  }
  const rows = await query
    .orderBy("trace_id")
    .orderBy("span_id")
    .limit(page.limit ?? 1_000)
    .execute();
  return rows as RepricingCandidate[];
}

export interface SpanCostUpdate extends SpanKey {
  cost_usd: number | null;
  input_cost_usd: number | null;
  output_cost_usd: number | null;
  cost_status: Exclude<CostStatus, "provider">;
  price_ref: string | null;
}

/**
 * Writes new costs in one transaction, rollups included; rows whose cost came from the provider
 * are left alone.
 */
export async function updateSpanCost(
  database: Database,
  projectId: string,
  updates: readonly SpanCostUpdate[],
): Promise<number> {
  if (updates.length === 0) return 0;
  return database.kysely.transaction().execute(async (trx) => {
    let changed = 0;
    const changes = new RollupChanges();
    await trackSpanUpdates(trx, database.dialect, projectId, updates, changes, async () => {
      for (const { trace_id, span_id, ...cost } of updates) {
        const result = await trx
          .updateTable("spans")
          .set(cost)
          .where("project_id", "=", projectId)
          .where("trace_id", "=", trace_id)
          .where("span_id", "=", span_id)
          .where("cost_status", "!=", "provider")
          .executeTakeFirst();
        changed += Number(result.numUpdatedRows);
      }
    });
    await flushRollupChanges(trx, database.dialect, projectId, changes);
    return changed;
  });
}

/** Models with unpriced calls, most calls first (for `/settings/prices`). */
export async function listUnpricedModels(
  database: Database,
  projectId: string,
): Promise<Array<{ model: string | null; provider: string | null; calls: number }>> {
  const rows = await database.kysely
    .selectFrom("spans")
    .select((eb) => ["model", "provider", eb.fn.countAll<number>().as("calls")])
    .where("project_id", "=", projectId)
    .where("cost_status", "=", "unpriced")
    .where("duplicate_of", "is", null)
    .where("is_aggregate", "=", 0)
    .groupBy(["model", "provider"])
    .orderBy("calls", "desc")
    .orderBy("model")
    .execute();
  return rows.map((row) => ({ ...row, calls: Number(row.calls) }));
}

/**
 * Retention: deletes the project's spans (with content and tags) that started before
 * `beforeMicros`, in batches so no transaction grows unbounded, and takes them out of the
 * rollups in the same transactions. Returns the spans deleted.
 */
export async function deleteSpansOlderThan(
  database: Database,
  projectId: string,
  beforeMicros: number,
  batchSize = 2_000,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const keys = await database.kysely
      .selectFrom("spans")
      .select(["trace_id", "span_id"])
      .where("project_id", "=", projectId)
      .where("start_time", "<", beforeMicros)
      .limit(batchSize)
      .execute();
    if (keys.length === 0) return deleted;
    await database.kysely.transaction().execute(async (trx) => {
      // The rollups lose what these spans added, in the same transaction.
      const changes = new RollupChanges();
      for (const span of (await selectRollupSpans(trx, database.dialect, projectId, keys)).values())
        changes.remove(span);
      for (const table of ["span_content", "span_tags", "spans"] as const) {
        await trx.deleteFrom(table).where("project_id", "=", projectId).where(spanKeysIn(keys)).execute();
      }
      await flushRollupChanges(trx, database.dialect, projectId, changes);
    });
    deleted += keys.length;
  }
}
