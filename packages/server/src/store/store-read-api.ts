/**
 * The read queries bound to one database, as one object: what the HTTP layer's read API needs.
 */
import { type CustomerSort, listCustomers } from "./customer-queries.js";
import { type MetricsQuery, metrics } from "./metrics-query.js";
import type { Database } from "./open-database.js";
import { getSession, listSessions } from "./session-queries.js";
import type { SpanFilters } from "./span-filters.js";
import { getSpan, listSpans, type SpanPage } from "./span-queries.js";
import { getTrace, listTraces } from "./trace-queries.js";

type Page = { limit?: number; cursor?: string };

/**
 * @example
 * const read = createStoreReadApi(database);
 * const { data, next_cursor } = await read.listSpans(projectId, { model: "gpt-4o" }, { limit: 50 });
 */
export function createStoreReadApi(database: Database) {
  return {
    listSpans: (projectId: string, filters: SpanFilters, page: SpanPage) =>
      listSpans(database, projectId, filters, page),
    getSpan: (projectId: string, spanId: string, includeContent: boolean) =>
      getSpan(database, projectId, spanId, includeContent),
    listTraces: (projectId: string, filters: SpanFilters, page: Page) =>
      listTraces(database, projectId, filters, page),
    getTrace: (projectId: string, traceId: string) => getTrace(database, projectId, traceId),
    listSessions: (projectId: string, filters: SpanFilters, page: Page) =>
      listSessions(database, projectId, filters, page),
    getSession: (projectId: string, sessionId: string, page: Page = {}) =>
      getSession(database, projectId, sessionId, page),
    listCustomers: (projectId: string, filters: SpanFilters, page: Page & { sort?: CustomerSort }) =>
      listCustomers(database, projectId, filters, page),
    metrics: (projectId: string, query: MetricsQuery) => metrics(database, projectId, query),
  };
}

export type StoreReadApi = ReturnType<typeof createStoreReadApi>;
