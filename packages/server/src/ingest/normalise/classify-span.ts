/**
 * Span kind and aggregate flag from the conventions' classifications (SPEC §6.3, §6.4 E8).
 */
import type { SpanClassification } from "./convention-fields.js";

const DEFAULT: SpanClassification = { kind: "custom", isAggregate: false };

/**
 * An explicit `fallom.kind` wins. Otherwise any convention that recognises an LLM or embedding
 * call makes the span one (§6.3 lists them as alternatives); otherwise the first non-LLM kind in
 * the given order; otherwise `custom`. A span is an aggregate when any convention says so, so its
 * tokens are never summed twice.
 *
 * @example
 * classifySpan(undefined, [undefined, { kind: "llm", isAggregate: false }]) // { kind: "llm", … }
 */
export function classifySpan(
  explicit: SpanClassification | undefined,
  candidates: Array<SpanClassification | undefined>,
): SpanClassification {
  const found = candidates.filter((candidate): candidate is SpanClassification => candidate !== undefined);
  const isAggregate = found.some((candidate) => candidate.isAggregate) || explicit?.isAggregate === true;
  if (explicit) return { kind: explicit.kind, isAggregate };
  const call = found.find((candidate) => candidate.kind === "llm" || candidate.kind === "embedding");
  return { kind: (call ?? found[0] ?? DEFAULT).kind, isAggregate };
}
