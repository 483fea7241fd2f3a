/**
 * Cross-source duplicates (SPEC §6.3): the same provider response recorded by two sources (an SDK
 * span and an OpenRouter Broadcast span share `response_id`). One span is kept — the SDK's when
 * there is one, else the first stored — and gains the other's reported cost and upstream
 * provider; the others get `duplicate_of` and drop out of token and cost sums.
 */
import type { SpanRecord, SpanSource } from "../domain/span-record.js";
import { flushRollupChanges } from "./flush-rollup-changes.js";
import type { Database } from "./open-database.js";
import { RollupChanges } from "./rollup-changes.js";
import { trackSpanUpdates } from "./rollup-span.js";
import { chunk } from "./span-keys.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

export const LLM_KINDS = ["llm", "embedding"] as const;
const SDK_SOURCES: ReadonlySet<string> = new Set<SpanSource>(["sdk-ts", "sdk-py", "native"]);

export interface LlmSpanRef {
  trace_id: string;
  span_id: string;
  source: string;
  response_id: string;
  start_time: number;
  ingested_at: number;
  duplicate_of: string | null;
  upstream_provider: string | null;
  reported_cost_usd: number | null;
  reported_input_cost_usd: number | null;
  reported_output_cost_usd: number | null;
}

export const LLM_SPAN_REF_COLUMNS = [
  "trace_id",
  "span_id",
  "source",
  "response_id",
  "start_time",
  "ingested_at",
  "duplicate_of",
  "upstream_provider",
  "reported_cost_usd",
  "reported_input_cost_usd",
  "reported_output_cost_usd",
] as const;

/** An LLM span of the project with this `response_id` from a source other than `excludeSource`. */
export async function findLlmSpanByResponseId(
  database: Database,
  projectId: string,
  responseId: string,
  excludeSource: string,
): Promise<LlmSpanRef | null> {
  const row = await database.kysely
    .selectFrom("spans")
    .select(LLM_SPAN_REF_COLUMNS)
    .where("project_id", "=", projectId)
    .where("response_id", "=", responseId)
    .where("kind", "in", LLM_KINDS)
    .where("source", "!=", excludeSource)
    .orderBy("ingested_at")
    .orderBy("span_id")
    .executeTakeFirst();
  return (row as LlmSpanRef | undefined) ?? null;
}

async function setDuplicateOf(
  db: Executor,
  projectId: string,
  span: { trace_id: string; span_id: string },
  duplicateOf: string | null,
): Promise<void> {
  await db
    .updateTable("spans")
    .set({ duplicate_of: duplicateOf })
    .where("project_id", "=", projectId)
    .where("trace_id", "=", span.trace_id)
    .where("span_id", "=", span.span_id)
    .execute();
}

type ReportedCost = Pick<
  LlmSpanRef,
  "reported_cost_usd" | "reported_input_cost_usd" | "reported_output_cost_usd" | "upstream_provider"
>;

async function copyReportedCost(
  db: Executor,
  projectId: string,
  span: { trace_id: string; span_id: string },
  from: ReportedCost,
): Promise<void> {
  const where = db
    .updateTable("spans")
    .where("project_id", "=", projectId)
    .where("trace_id", "=", span.trace_id)
    .where("span_id", "=", span.span_id);
  if (from.reported_cost_usd !== null) {
    await where
      .set({
        reported_cost_usd: from.reported_cost_usd,
        reported_input_cost_usd: from.reported_input_cost_usd,
        reported_output_cost_usd: from.reported_output_cost_usd,
        cost_usd: from.reported_cost_usd,
        input_cost_usd: from.reported_input_cost_usd,
        output_cost_usd: from.reported_output_cost_usd,
        cost_status: "provider",
        price_ref: null,
      })
      .where("reported_cost_usd", "is", null)
      .execute();
  }
  if (from.upstream_provider !== null) {
    await where
      .set({ upstream_provider: from.upstream_provider })
      .where("upstream_provider", "is", null)
      .execute();
  }
}

/** Runs one span update in its own transaction, with the rollups kept in step. */
function updateOneSpan(
  database: Database,
  projectId: string,
  span: { trace_id: string; span_id: string },
  update: (trx: Executor) => Promise<void>,
): Promise<void> {
  return database.kysely.transaction().execute(async (trx) => {
    const changes = new RollupChanges();
    const key = { trace_id: span.trace_id, span_id: span.span_id };
    await trackSpanUpdates(trx, database.dialect, projectId, [key], changes, () => update(trx));
    await flushRollupChanges(trx, database.dialect, projectId, changes);
  });
}

/** Sets (or, with null, clears) `duplicate_of` on one span. */
export function markDuplicate(
  database: Database,
  projectId: string,
  span: { trace_id: string; span_id: string },
  duplicateOf: string | null,
): Promise<void> {
  return updateOneSpan(database, projectId, span, (trx) => setDuplicateOf(trx, projectId, span, duplicateOf));
}

/**
 * Copies a provider-reported cost (when the span has none) and the upstream provider (when the
 * span has none) onto a span. A reported cost wins over a computed one (SPEC §4.3 step 1).
 */
export function mergeReportedCost(
  database: Database,
  projectId: string,
  span: { trace_id: string; span_id: string },
  from: ReportedCost,
): Promise<void> {
  return updateOneSpan(database, projectId, span, (trx) => copyReportedCost(trx, projectId, span, from));
}

function chooseKept(group: LlmSpanRef[]): LlmSpanRef {
  return [...group].sort(
    (a, b) =>
      Number(SDK_SOURCES.has(b.source)) - Number(SDK_SOURCES.has(a.source)) ||
      a.ingested_at - b.ingested_at ||
      a.start_time - b.start_time ||
      (a.span_id < b.span_id ? -1 : a.span_id > b.span_id ? 1 : 0),
  )[0] as LlmSpanRef;
}

/**
 * Every LLM span of the project carrying one of `responseIds` (a dialect-specific fast form may
 * replace it, and may leave out the ids whose spans all come from one source: the caller links
 * only groups that span two sources).
 */
export type FindLlmSpansByResponseIds = (
  db: Executor,
  projectId: string,
  responseIds: readonly string[],
) => Promise<LlmSpanRef[]> | LlmSpanRef[];

function findWithKysely(dialect: StoreDialect): FindLlmSpansByResponseIds {
  return async (db, projectId, responseIds) => {
    const out: LlmSpanRef[] = [];
    for (const part of chunk(responseIds, 1, dialect.maxBindParameters)) {
      const rows = (await db
        .selectFrom("spans")
        .select(LLM_SPAN_REF_COLUMNS)
        .where("project_id", "=", projectId)
        .where("response_id", "in", part)
        .where("kind", "in", LLM_KINDS)
        .execute()) as LlmSpanRef[];
      out.push(...rows);
    }
    return out;
  };
}

/**
 * Re-resolves every response id that `records` (just written) carry. Runs in the write
 * transaction; the spans it updates are recorded in `changes` for the rollups.
 */
export async function linkCrossSourceDuplicates(
  db: Executor,
  dialect: StoreDialect,
  projectId: string,
  records: readonly SpanRecord[],
  changes: RollupChanges,
  find: FindLlmSpansByResponseIds = findWithKysely(dialect),
): Promise<void> {
  const responseIds = new Set<string>();
  for (const record of records) {
    if (record.response_id && (LLM_KINDS as readonly string[]).includes(record.kind))
      responseIds.add(record.response_id);
  }
  if (responseIds.size === 0) return;
  const rows = await find(db, projectId, [...responseIds]);
  const groups = new Map<string, LlmSpanRef[]>();
  for (const row of rows) {
    const group = groups.get(row.response_id);
    if (group) group.push(row);
    else groups.set(row.response_id, [row]);
  }

  for (const group of groups.values()) {
    if (group.length < 2 || new Set(group.map((span) => span.source)).size < 2) continue;
    await trackSpanUpdates(db, dialect, projectId, group, changes, () => linkGroup(db, projectId, group));
  }
}

/** One response id's spans: keep one, mark the others, move a reported cost onto the kept one. */
async function linkGroup(db: Executor, projectId: string, group: LlmSpanRef[]): Promise<void> {
  const kept = chooseKept(group);
  if (kept.duplicate_of !== null) await setDuplicateOf(db, projectId, kept, null);
  const others = group.filter((span) => span.source !== kept.source);
  for (const other of others) {
    if (other.duplicate_of !== kept.span_id) await setDuplicateOf(db, projectId, other, kept.span_id);
  }
  const withCost = others.find((span) => span.reported_cost_usd !== null);
  const withUpstream = others.find((span) => span.upstream_provider !== null);
  if ((kept.reported_cost_usd === null && withCost) || (kept.upstream_provider === null && withUpstream)) {
    await copyReportedCost(db, projectId, kept, {
      reported_cost_usd: withCost?.reported_cost_usd ?? null,
      reported_input_cost_usd: withCost?.reported_input_cost_usd ?? null,
      reported_output_cost_usd: withCost?.reported_output_cost_usd ?? null,
      upstream_provider: withUpstream?.upstream_provider ?? null,
    });
  }
}
