/**
 * The data path after decoding: normalised spans → context inheritance (E9) → privacy gate →
 * media extraction → pricing → one durable write. I/O is reached only through {@link IngestPorts},
 * so the path is testable without a database and identical for every wire format.
 */
import { computeCost, type PriceOverride } from "../domain/compute-cost.js";
import type { NormalisedSpan, SpanRecord } from "../domain/span-record.js";
import { stripContent } from "../domain/strip-content.js";
import { extractMedia } from "../media/extract-media.js";
import { inheritContext } from "./normalise/inherit-context.js";

export interface ParentContext {
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
}

export interface MediaBlob {
  sha256: string;
  mimeType: string;
  bytes: Buffer;
}

export interface IngestProject {
  id: string;
  storeContent: boolean;
  priceOverrides: PriceOverride[];
}

export interface IngestPorts {
  /** Stored context of spans outside the batch, keyed `${traceId}:${spanId}`. */
  parentContexts(
    projectId: string,
    keys: Array<{ traceId: string; spanId: string }>,
  ): Promise<Map<string, ParentContext>>;
  putMedia(projectId: string, blobs: MediaBlob[]): Promise<void>;
  /** Resolves once the rows are durable. */
  write(projectId: string, records: SpanRecord[]): Promise<void>;
}

const CONTENT_FIELDS = [
  "input_messages",
  "system_instructions",
  "output_messages",
  "raw_request",
  "raw_response",
] as const;

/** Moves base64 payloads out of the content fields into blobs (SPEC §4.6). */
function moveMediaOut(record: SpanRecord, blobs: Map<string, MediaBlob>): SpanRecord {
  const next = { ...record } as SpanRecord & Record<string, unknown>;
  for (const field of CONTENT_FIELDS) {
    const value = record[field];
    if (value == null) continue;
    const extracted = extractMedia(value);
    if (extracted.blobs.length === 0) continue;
    next[field] = extracted.value as never;
    for (const blob of extracted.blobs) blobs.set(blob.sha256, blob);
  }
  return next;
}

function priced(record: SpanRecord, overrides: PriceOverride[]): SpanRecord {
  const cost = computeCost({
    provider: record.provider,
    model: record.model,
    upstreamProvider: record.upstream_provider,
    tokens: record,
    reported: {
      total: record.reported_cost_usd,
      input: record.reported_input_cost_usd,
      output: record.reported_output_cost_usd,
    },
    overrides,
  });
  return { ...record, ...cost };
}

function key(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}

/** Finds parents that are referenced by spans lacking context but are not in the batch. */
function missingParents(spans: NormalisedSpan[]): Array<{ traceId: string; spanId: string }> {
  const inBatch = new Set(spans.map(({ record }) => key(record.trace_id, record.span_id)));
  const wanted = new Map<string, { traceId: string; spanId: string }>();
  for (const { record, ownContext } of spans) {
    const parent = record.parent_span_id;
    if (!parent) continue;
    if (ownContext.configKey && ownContext.sessionId && ownContext.customerId) continue;
    const k = key(record.trace_id, parent);
    if (!inBatch.has(k)) wanted.set(k, { traceId: record.trace_id, spanId: parent });
  }
  return [...wanted.values()];
}

/** Runs the data path for one request's spans and resolves when they are durable. */
export async function ingestSpans(
  project: IngestProject,
  ports: IngestPorts,
  spans: NormalisedSpan[],
): Promise<SpanRecord[]> {
  if (spans.length === 0) return [];
  const lookups = missingParents(spans);
  const stored = lookups.length > 0 ? await ports.parentContexts(project.id, lookups) : new Map();
  const inherited = inheritContext(spans, (traceId, spanId) => stored.get(key(traceId, spanId)));

  const blobs = new Map<string, MediaBlob>();
  const records = inherited.map((record) => {
    const gated = project.storeContent ? moveMediaOut(record, blobs) : stripContent(record);
    return priced(gated, project.priceOverrides);
  });
  // Media first: a stored span never points at a blob that is not on disk.
  if (blobs.size > 0) await ports.putMedia(project.id, [...blobs.values()]);
  await ports.write(project.id, records);
  return records;
}
