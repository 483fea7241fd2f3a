/**
 * Content whose JSON encoding is deferred from the caller's path to export time. A span's
 * response payload is built when the call ends but encoded only when the batch is serialised,
 * so a large completion costs the caller nothing (W8). Request payloads are encoded at call
 * start instead, because callers commonly mutate their `messages` array after the call.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { encodeContent } from "../capture.js";
import { LlmSpanRecord } from "../record/llm-span-record.js";

const deferred = new WeakMap<object, Record<string, unknown>>();

/**
 * Registers `value` to be JSON-encoded into attribute `key` of `span` at export.
 *
 * @example deferContent(span, FALLOM.rawResponse, { text: "hi" })
 */
export function deferContent(span: object, key: string, value: unknown): void {
  if (value === undefined) return;
  if (span instanceof LlmSpanRecord) {
    // A field rather than the WeakMap for our own records: no ephemeron for the GC to trace.
    span.deferred ??= {};
    span.deferred[key] = value;
    return;
  }
  const entries = deferred.get(span);
  if (entries) entries[key] = value;
  else deferred.set(span, { [key]: value });
}

/**
 * The deferred attributes of `span`, encoded now (at export), or undefined when nothing was
 * deferred. The encoder appends them to the span's own attributes; a plain lookup rather than a
 * per-span view object keeps the encoder's property reads monomorphic.
 *
 * @example encodeTraceRequest(spans, deferredAttributes)
 */
export function deferredAttributes(span: ReadableSpan): Attributes | undefined {
  const entries = span instanceof LlmSpanRecord ? span.deferred : deferred.get(span);
  if (!entries) return undefined;
  const attributes: Attributes = {};
  for (const key in entries) {
    const encoded = encodeContent(entries[key]);
    if (encoded !== undefined) attributes[key] = encoded;
  }
  return attributes;
}
