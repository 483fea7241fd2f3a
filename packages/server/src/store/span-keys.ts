/**
 * Span keys and chunking helpers shared by the repositories.
 */
import { type RawBuilder, type SqlBool, sql } from "kysely";

export interface SpanKey {
  trace_id: string;
  span_id: string;
}

export const spanKeyString = (key: SpanKey): string => `${key.trace_id}:${key.span_id}`;

/**
 * `(trace_id, span_id) in (values (…), …)`: a row-value IN with a VALUES list, the one spelling
 * both SQLite (which wants a subquery on the right) and PostgreSQL accept. `prefix` qualifies the
 * columns (`"s."`).
 */
export function spanKeysIn(keys: readonly SpanKey[], prefix = ""): RawBuilder<SqlBool> {
  if (keys.length === 0) return sql<SqlBool>`1 = 0`;
  const values = keys.map((key) => sql`(${key.trace_id}, ${key.span_id})`);
  return sql<SqlBool>`(${sql.ref(`${prefix}trace_id`)}, ${sql.ref(`${prefix}span_id`)}) in (values ${sql.join(values)})`;
}

/** Splits `items` into chunks whose statements stay under the bind-parameter limit. */
export function chunk<T>(items: readonly T[], parametersPerItem: number, maxParameters: number): T[][] {
  // A little headroom for the statement's own parameters (project id, filters).
  const size = Math.max(1, Math.floor((maxParameters - 16) / parametersPerItem));
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
