/**
 * PostgreSQL through a `pg` pool. Several server processes may share one database; nothing here
 * keeps state outside it.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { StoreSchema } from "./schema.js";
import type { GroupKey, StoreDialect } from "./store-dialect.js";

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * `pg` returns bigint and numeric as strings to avoid precision loss. Our bigints are µs
 * timestamps and token counts (far below 2^53) and numerics are sums of them, so numbers are safe.
 */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export const postgresDialect: StoreDialect = {
  name: "postgres",
  maxBindParameters: 65_535,
  concurrentWriters: true,
  nativePercentiles: true,
  placeholder: (index) => `$${index + 1}`,

  isTransientError(error) {
    // 40P01 deadlock_detected, 40001 serialization_failure.
    const code = (error as { code?: unknown } | null)?.code;
    return code === "40P01" || code === "40001";
  },

  jsonText(column, key) {
    return sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key}::text)`;
  },

  jsonMerge(existing, incoming) {
    return sql<string>`(${sql.ref(existing)}::jsonb || ${sql.ref(incoming)}::jsonb)::text`;
  },

  timeBucket(column, unit) {
    const format = unit === "day" ? "YYYY-MM-DD" : 'YYYY-MM-DD"T"HH24:00:00"Z"';
    return sql<string>`to_char(to_timestamp(${sql.ref(column)} / 1000000) at time zone 'UTC', ${sql.lit(format)})`;
  },

  async percentiles(db, values, fractions) {
    const wanted = sql.raw(`array[${fractions.map((f) => String(f)).join(",")}]::float8[]`);
    const result = await sql<{ g: GroupKey; p: number[] }>`
      select v.g as g, percentile_cont(${wanted}) within group (order by v.x) as p
      from ${values} as v where v.x is not null group by v.g`.execute(db);
    return new Map(result.rows.map((row) => [row.g, row.p]));
  },
};

export function openPostgresKysely(url: string): Kysely<StoreSchema> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on("error", () => {});
  return new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
}
