export {
  type ApiKeyInfo,
  type ApiKeyMatch,
  type CreatedApiKey,
  countApiKeys,
  createApiKey,
  findProjectByKey,
  generateApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-key-repository.js";
export {
  findLlmSpanByResponseId,
  LLM_KINDS,
  type LlmSpanRef,
  markDuplicate,
  mergeReportedCost,
} from "./cross-source-duplicates.js";
export {
  type CustomMetrics,
  type CustomMetricValue,
  getCustomMetrics,
  upsertCustomMetrics,
} from "./custom-metrics-repository.js";
export { type CustomerSort, type CustomerSummary, listCustomers } from "./customer-queries.js";
export { type InsertOutcome, type InsertResult, insertSpans } from "./insert-spans.js";
export { getMedia, insertMedia, type MediaRow } from "./media-repository.js";
export {
  METRIC_GROUPS,
  type MetricGroup,
  type MetricsQuery,
  type MetricsRow,
  metrics,
} from "./metrics-query.js";
export { type Database, openDatabase } from "./open-database.js";
export {
  deletePriceOverride,
  listPriceOverrides,
  type PriceOverride,
  type PriceOverrideInput,
  upsertPriceOverride,
} from "./price-override-repository.js";
export {
  createProject,
  DEFAULT_PROJECT_ID,
  ensureDefaultProject,
  getProject,
  getProjectSettings,
  listProjects,
  type Project,
  type ProjectSettings,
  updateProjectSettings,
} from "./project-repository.js";
export {
  listSessionAssignments,
  type SessionAssignment,
  type SessionAssignmentInput,
  upsertSessionAssignment,
} from "./session-assignment-repository.js";
export {
  getSession,
  listSessions,
  SESSION_CALLS_PAGE,
  type SessionDetail,
  type SessionSummary,
} from "./session-queries.js";
export { type SpanFilters, toMicros } from "./span-filters.js";
export { getSpan, listSpans, type Paged, type SpanPage } from "./span-queries.js";
export {
  deleteSpansOlderThan,
  getParentContext,
  getParentContexts,
  listSpansForRepricing,
  listUnpricedModels,
  type ParentContext,
  type RepricingCandidate,
  type RepricingRange,
  type SpanCostUpdate,
  updateSpanCost,
} from "./span-repository.js";
export {
  createSpanWriter,
  type SpanWriter,
  SpanWriterClosedError,
  type SpanWriterOptions,
  type SpanWriterStats,
} from "./span-writer.js";
export type { GroupKey, StoreDialect, TimeBucket } from "./store-dialect.js";
export { StoreInputError } from "./store-input-error.js";
export { createStoreReadApi, type StoreReadApi } from "./store-read-api.js";
export { getTrace, listTraces, type TraceDetail, type TraceSummary } from "./trace-queries.js";
