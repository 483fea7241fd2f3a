/**
 * SPEC §6.4 E9: a span that does not carry `config_key` / `session_id` / `customer_id` itself
 * takes them from its nearest ancestor, so Broadcast children and Vercel `ai.toolCall` spans land
 * in their root's session instead of a session of their own.
 */
import type { NormalisedSpan, SpanRecord } from "../../domain/span-record.js";

/** Context of an already stored span, as the store returns it. */
export interface StoredContext {
  config_key: string;
  session_id: string | null;
  customer_id: string | null;
}

/** Looks up a stored span by id; synchronous so the normaliser stays pure (the caller preloads). */
export type StoredParentLookup = (traceId: string, spanId: string) => StoredContext | undefined;

type ContextField = "config_key" | "session_id" | "customer_id";

const FIELDS: ReadonlyArray<{ field: ContextField; own: keyof NormalisedSpan["ownContext"] }> = [
  { field: "config_key", own: "configKey" },
  { field: "session_id", own: "sessionId" },
  { field: "customer_id", own: "customerId" },
];

/**
 * Fills each context field a span did not carry from its nearest ancestor in the batch that did
 * carry it (walking `parent_span_id` in any batch order); when the walk leaves the batch, from
 * `storedParent` for the first ancestor id not in the batch; otherwise the span keeps its
 * defaults. Returns new records in input order; the inputs are not modified.
 *
 * @example
 * const records = inheritContext(normalised, (traceId, spanId) => preloaded.get(`${traceId}:${spanId}`));
 */
export function inheritContext(spans: NormalisedSpan[], storedParent?: StoredParentLookup): SpanRecord[] {
  const byId = new Map<string, NormalisedSpan>();
  for (const span of spans) byId.set(key(span.record.trace_id, span.record.span_id), span);

  return spans.map((span) => {
    const record = { ...span.record };
    for (const { field, own } of FIELDS) {
      if (span.ownContext[own]) continue;
      const inherited = inheritedValue(span, field, own, byId, storedParent);
      if (inherited != null) record[field] = inherited as string;
    }
    return record;
  });
}

function inheritedValue(
  span: NormalisedSpan,
  field: ContextField,
  own: keyof NormalisedSpan["ownContext"],
  byId: Map<string, NormalisedSpan>,
  storedParent: StoredParentLookup | undefined,
): string | null | undefined {
  const traceId = span.record.trace_id;
  const visited = new Set<string>([span.record.span_id]);
  let parentId = span.record.parent_span_id;
  while (parentId !== null && !visited.has(parentId)) {
    visited.add(parentId);
    const parent = byId.get(key(traceId, parentId));
    if (!parent) return storedParent?.(traceId, parentId)?.[field];
    if (parent.ownContext[own]) return parent.record[field];
    parentId = parent.record.parent_span_id;
  }
  return undefined;
}

function key(traceId: string, spanId: string): string {
  return `${traceId}:${spanId}`;
}
