/**
 * Hand-built statements for the ingest hot path. Kysely's builder spends more time assembling a
 * 30,000-parameter multi-row insert than the database spends running it (measured: ~3x on
 * SQLite), so the write path builds these few statements as text. The SQL is the same on both
 * dialects except for placeholders, and every value is still a bind parameter.
 */
import { CompiledQuery } from "kysely";
import { chunk, type SpanKey } from "./span-keys.js";
import type { Executor, StoreDialect } from "./store-dialect.js";

/**
 * `insert into <table> (<columns>) values (…), (…) <suffix>`, chunked under the parameter limit.
 * `table`, `columns` and `suffix` are trusted constants; returns the rows of a `returning` suffix.
 */
export async function insertRows<Row extends object, Returned = never>(
  db: Executor,
  dialect: StoreDialect,
  table: string,
  columns: ReadonlyArray<keyof Row & string>,
  rows: readonly Row[],
  suffix = "",
): Promise<Returned[]> {
  const out: Returned[] = [];
  for (const part of chunk(rows, columns.length, dialect.maxBindParameters)) {
    const parameters: unknown[] = [];
    const groups: string[] = [];
    for (const row of part) {
      const slots: string[] = [];
      for (const column of columns) {
        slots.push(dialect.placeholder(parameters.length));
        parameters.push(row[column] ?? null);
      }
      groups.push(`(${slots.join(", ")})`);
    }
    const text = `insert into ${table} (${columns.join(", ")}) values ${groups.join(", ")} ${suffix}`;
    const result = await db.executeQuery<Returned>(CompiledQuery.raw(text, parameters));
    out.push(...result.rows);
  }
  return out;
}

/** `select <columns> from spans where project_id = ? and (trace_id, span_id) in (values …)`, chunked. */
export async function selectSpansByKeys<Returned>(
  db: Executor,
  dialect: StoreDialect,
  columns: readonly string[],
  projectId: string,
  keys: readonly SpanKey[],
): Promise<Returned[]> {
  const out: Returned[] = [];
  for (const part of chunk(keys, 2, dialect.maxBindParameters)) {
    const parameters: unknown[] = [projectId];
    const tuples: string[] = [];
    for (const key of part) {
      tuples.push(
        `(${dialect.placeholder(parameters.length)}, ${dialect.placeholder(parameters.length + 1)})`,
      );
      parameters.push(key.trace_id, key.span_id);
    }
    const text =
      `select ${columns.join(", ")} from spans where project_id = ${dialect.placeholder(0)} ` +
      `and (trace_id, span_id) in (values ${tuples.join(", ")})`;
    const result = await db.executeQuery<Returned>(CompiledQuery.raw(text, parameters));
    out.push(...result.rows);
  }
  return out;
}
