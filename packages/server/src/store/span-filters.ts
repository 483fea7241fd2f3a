/**
 * The read API's span filters (SPEC §5.8) as one WHERE expression over `spans`. Every read query
 * starts here, so every read query is scoped to its project.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { LLM_KINDS } from "./cross-source-duplicates.js";
import type { StoreSchema } from "./schema.js";
import type { StoreDialect } from "./store-dialect.js";
import { StoreInputError } from "./store-input-error.js";

export interface SpanFilters {
  /** Start time lower bound, inclusive: µs since the epoch, or an ISO-8601 string. */
  from?: number | string;
  /** Start time upper bound, exclusive: µs since the epoch, or an ISO-8601 string. */
  to?: number | string;
  config_key?: string;
  session_id?: string;
  customer_id?: string;
  model?: string;
  provider?: string;
  status?: string;
  kind?: string;
  /** Every tag must be present. */
  tags?: readonly string[];
  /** `metadata.<k> = <v>`, compared as text (numbers in JSON spelling, booleans `true`/`false`). */
  metadata?: Readonly<Record<string, string>>;
  prompt_key?: string;
  prompt_version?: number;
  prompt_ab_test_key?: string;
  prompt_variant_index?: number;
  cost_status?: string;
  trace_id?: string;
}

const EQUALITY_FILTERS = [
  "config_key",
  "session_id",
  "customer_id",
  "model",
  "provider",
  "status",
  "kind",
  "prompt_key",
  "prompt_version",
  "prompt_ab_test_key",
  "prompt_variant_index",
  "cost_status",
  "trace_id",
] as const;

/** µs since the epoch from a number (µs), a string of digits (µs) or ISO-8601 (µs precision kept). */
export function toMicros(value: number | string, name = "time"): number {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return Math.trunc(value);
  } else if (/^\d+$/.test(value)) {
    return Number(value);
  } else {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) {
      const sub = /\.\d{3}(\d{1,3})/.exec(value)?.[1];
      return ms * 1000 + (sub ? Number(sub.padEnd(3, "0")) : 0);
    }
  }
  throw new StoreInputError(
    "invalid_time",
    `"${name}" must be µs since the epoch or an ISO-8601 time; got ${value}.`,
  );
}

type SpansBuilder = ExpressionBuilder<StoreSchema, "spans">;

/** Counted in sums: not an aggregate row and not a cross-source duplicate (SPEC §6.3). */
export const isCounted = (eb: SpansBuilder): Expression<SqlBool> =>
  eb.and([eb("spans.is_aggregate", "=", 0), eb("spans.duplicate_of", "is", null)]);

/** An LLM call (kind llm or embedding) that counts in sums. */
export const isCountedCall = (eb: SpansBuilder): Expression<SqlBool> =>
  eb.and([eb("spans.kind", "in", LLM_KINDS), isCounted(eb)]);

/**
 * Splits off the first tag filter, for a list driven from `span_tags_by_tag` (span_tags joined to
 * spans): the driving tag, and the filters left for {@link spanWhere} (the other tags stay EXISTS
 * probes on the driven rows). Undefined without a tag filter.
 */
export function splitDrivingTag(filters: SpanFilters): { tag: string; rest: SpanFilters } | undefined {
  const [tag, ...others] = new Set(filters.tags ?? []);
  if (tag === undefined) return undefined;
  return { tag, rest: { ...filters, tags: others } };
}

/**
 * @example
 * db.selectFrom("spans").selectAll().where(spanWhere(dialect, projectId, { model: "gpt-4o" }))
 */
export function spanWhere(
  dialect: StoreDialect,
  projectId: string,
  filters: SpanFilters,
): (eb: SpansBuilder) => Expression<SqlBool> {
  return (eb) => {
    const conditions: Expression<SqlBool>[] = [eb("spans.project_id", "=", projectId)];
    if (filters.from !== undefined)
      conditions.push(eb("spans.start_time", ">=", toMicros(filters.from, "from")));
    if (filters.to !== undefined) conditions.push(eb("spans.start_time", "<", toMicros(filters.to, "to")));
    for (const name of EQUALITY_FILTERS) {
      const value = filters[name];
      if (value !== undefined) conditions.push(eb(`spans.${name}`, "=", value));
    }
    for (const tag of new Set(filters.tags ?? [])) {
      conditions.push(
        eb.exists(
          eb
            .selectFrom("span_tags")
            .select(sql.lit(1).as("one"))
            .whereRef("span_tags.project_id", "=", "spans.project_id")
            .whereRef("span_tags.trace_id", "=", "spans.trace_id")
            .whereRef("span_tags.span_id", "=", "spans.span_id")
            .where("span_tags.tag", "=", tag),
        ),
      );
    }
    for (const [key, value] of Object.entries(filters.metadata ?? {})) {
      conditions.push(eb(dialect.jsonText("spans.metadata", key), "=", value));
    }
    return eb.and(conditions);
  };
}

/** Whether `filters` narrows anything (lists without filters are served from rollup tables). */
export function hasFilters(filters: SpanFilters): boolean {
  return Object.entries(filters).some(([name, value]) => {
    if (value === undefined) return false;
    if (name === "tags") return (value as readonly string[]).length > 0;
    if (name === "metadata") return Object.keys(value as object).length > 0;
    return true;
  });
}
