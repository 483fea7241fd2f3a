/**
 * The queries behind `/api/v1` (SPEC §5.8), as the routes need them. `server.ts` binds them to the
 * store; every call is scoped to one project.
 */
import type { SpanRecord } from "../domain/span-record.js";

export interface SpanFilters {
  from?: number;
  to?: number;
  config_key?: string;
  session_id?: string;
  customer_id?: string;
  model?: string;
  provider?: string;
  status?: string;
  kind?: string;
  tags?: string[];
  metadata?: Record<string, string>;
  prompt_key?: string;
  prompt_version?: number;
  prompt_ab_test_key?: string;
  prompt_variant_index?: number;
  cost_status?: string;
  trace_id?: string;
}

export interface Page {
  limit: number;
  cursor?: string;
}

export interface Paged<T> {
  data: T[];
  next_cursor: string | null;
}

// The store owns the list of groupings; the routes validate `group_by` against it.
export { METRIC_GROUPS, type MetricGroup } from "../store/metrics-query.js";
export { SESSION_CALLS_PAGE } from "../store/session-queries.js";

import type { MetricGroup } from "../store/metrics-query.js";

export const CUSTOMER_SORTS = ["cost", "calls", "errors", "last_activity"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface ReadApi {
  listSpans(
    projectId: string,
    filters: SpanFilters,
    page: Page & { includeContent: boolean },
  ): Promise<Paged<SpanRecord>>;
  getSpan(projectId: string, spanId: string, includeContent: boolean): Promise<SpanRecord | null>;
  listTraces(projectId: string, filters: SpanFilters, page: Page): Promise<Paged<Record<string, unknown>>>;
  getTrace(
    projectId: string,
    traceId: string,
  ): Promise<(Record<string, unknown> & { spans: SpanRecord[] }) | null>;
  listSessions(projectId: string, filters: SpanFilters, page: Page): Promise<Paged<Record<string, unknown>>>;
  /** The summary and one page of the session's calls (oldest first); `next_cursor` pages on. */
  getSession(
    projectId: string,
    sessionId: string,
    page: Page,
  ): Promise<(Record<string, unknown> & { calls: SpanRecord[]; next_cursor: string | null }) | null>;
  listCustomers(
    projectId: string,
    filters: SpanFilters,
    page: Page & { sort: CustomerSort },
  ): Promise<Paged<Record<string, unknown>>>;
  metrics(
    projectId: string,
    query: { group_by: MetricGroup; from?: number; to?: number; filters: SpanFilters },
  ): Promise<Array<Record<string, unknown>>>;
}
