/**
 * What differs between SQLite and PostgreSQL, as capability flags and small SQL hooks.
 * Repositories and queries call these hooks; nothing outside `sqlite-dialect.ts` and
 * `postgres-dialect.ts` asks which database it is talking to.
 */
import type { Expression, Kysely, RawBuilder } from "kysely";
import type { StoreSchema } from "./schema.js";

/** A Kysely instance or an open transaction. */
export type Executor = Kysely<StoreSchema>;

export type TimeBucket = "day" | "hour";

/** A group key as the database returns it: a column value or a time-bucket label. */
export type GroupKey = string | number | null;

export interface StoreDialect {
  readonly name: "sqlite" | "postgres";
  /** Bind-parameter limit of one statement (SQLite 32,766; PostgreSQL 65,535). */
  readonly maxBindParameters: number;
  /** The bind-parameter placeholder for the parameter at 0-based `index` (`?` or `$1`). */
  placeholder(index: number): string;
  /**
   * Whether other processes may write the same rows concurrently (PostgreSQL): read-modify-write
   * of rollup rows then locks them first (`select … for update`).
   */
  readonly concurrentWriters: boolean;
  /** Whether percentiles are computed by the database's own ordered-set aggregate. */
  readonly nativePercentiles: boolean;
  /**
   * Whether a failed transaction may simply be run again (a deadlock or serialization failure
   * between concurrent writers); the writer retries those.
   */
  isTransientError(error: unknown): boolean;
  /**
   * The text form of a top-level key of a JSON-text column: strings as-is, numbers in their
   * JSON spelling, booleans as `true`/`false`, missing → null. Identical on both dialects.
   */
  jsonText(column: string, key: string): RawBuilder<string | null>;
  /**
   * Shallow merge for an upsert: `existing` overlaid with `incoming` (both JSON-object text
   * columns, e.g. `custom_metrics.data` and `excluded.data`); the result is JSON text.
   */
  jsonMerge(existing: string, incoming: string): RawBuilder<string>;
  /** A µs-timestamp column truncated to a UTC day (`2025-01-31`) or hour (`2025-01-31T13:00:00Z`). */
  timeBucket(column: string, unit: TimeBucket): RawBuilder<string>;
  /**
   * Continuous percentiles (`percentile_cont` semantics: linear interpolation between the two
   * nearest ranks) of column `x` per group `g` of `values` (a select yielding `g` and `x`).
   * Null `x` values are ignored; a group whose values are all null is absent from the result.
   */
  percentiles(
    db: Executor,
    values: Expression<unknown>,
    fractions: readonly number[],
  ): Promise<Map<GroupKey, number[]>>;
}
